import json

import pytest
from typer.testing import CliRunner

from rnnsym.cli import app
from rnnsym.problems import BANK_DIR

runner = CliRunner()


def test_list_json():
    result = runner.invoke(app, ["problems", "list", "--json"])
    assert result.exit_code == 0
    assert "params-161" in [p["id"] for p in json.loads(result.stdout)["problems"]]


def test_show_and_key():
    result = runner.invoke(app, ["problems", "show", "params-161", "--json"])
    assert "total no. of weights = 161" in json.loads(result.stdout)["statement"]
    result = runner.invoke(app, ["problems", "key", "params-161", "--json"])
    assert json.loads(result.stdout)["key"] == 14
    assert runner.invoke(app, ["problems", "key", "nope"]).exit_code == 3


def test_validate(tmp_path):
    (tmp_path / "bad.toml").write_text('id = "x"\n')
    result = runner.invoke(app, ["problems", "validate", str(tmp_path)])
    assert result.exit_code == 2
    result = runner.invoke(app, ["problems", "validate", str(tmp_path / "none")])
    assert result.exit_code == 2
    result = runner.invoke(app, ["problems", "validate", str(BANK_DIR), "--seeds", "3"])
    assert result.exit_code == 0 and "all valid" in result.stdout


@pytest.mark.parametrize(("problem_id", "key", "value", "text"), [
    ("params-161", 14, 14, "14"),                 # n·n/2 + (n/2)² + n = 161 at n = 14
    ("gamma", "1/4", 0.25, "1/4"),                # max s(1 − s) at s = 1/2
    ("clip", ["3/5", "4/5"], [0.6, 0.8], "[3/5, 4/5]"),   # (3, 4)/‖(3, 4)‖
    ("dims", [14, 7], [14, 7], "(14, 7)"),        # row convention: U is n × d
    ("architecture", "many-to-one", None, "many-to-one"),
])
def test_key_json_is_typed(problem_id, key, value, text):
    result = runner.invoke(app, ["problems", "key", problem_id, "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert (data["key"], data["value"], data["text"]) == (key, value, text)
    assert type(data["key"]) is type(key)


def _weights(variant):
    n, d, k = variant["input"], variant["hidden"], variant["output"]
    return n * d + d * d + d * k  # U, W, V without biases, by hand


def test_student_variant_in_show_and_key():
    from rnnsym.problems import load_bank, student_seed

    variant = load_bank()["params-count"].variant(student_seed("params-count", "ada", "k"))
    args = ["params-count", "--student", "ada", "--json"]
    shown = runner.invoke(app, ["problems", "show", *args], env={"RNNSYM_SECRET": "k"})
    assert json.loads(shown.stdout)["variant"] == variant
    assert f"inputs of length {variant['input']}," in json.loads(shown.stdout)["statement"]
    key = runner.invoke(app, ["problems", "key", *args, "--secret", "k"])
    assert json.loads(key.stdout)["key"] == _weights(variant)
    for command in ("show", "key"):
        both = runner.invoke(app, ["problems", command, "params-count", "--seed", "1",
                                   "--student", "ada"])
        assert both.exit_code == 3 and both.stderr.startswith("error: ")


def _narrow(result):
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    return result.stdout


def test_rich_text_at_80_columns():
    env = {"COLUMNS": "80"}
    listing = _narrow(runner.invoke(app, ["problems", "list"], env=env))
    assert "params-161" in listing and "integer" in listing
    shown = _narrow(runner.invoke(app, ["problems", "show", "params-161"], env=env))
    assert "weights = 161, find n." in shown and "1 hint: add --hints" in shown
    assert "Count U, W and V" not in shown
    hinted = _narrow(runner.invoke(app, ["problems", "show", "params-161", "--hints"], env=env))
    assert "hint: Count U, W and V" in hinted
    key = _narrow(runner.invoke(app, ["problems", "key", "clip", "--seed", "2"], env=env))
    assert "[3/5, 4/5]" in key and "seed 2" in key


PROBLEM = """id = "{id}"
title = "t"
statement = "inputs of length {{input}}"
kind = "params"
answer = "integer"
[values]
input = 4
hidden = 3
output = 2
[vary]
input = {{min = 4, max = 12, step = 2}}
"""


def test_bank_option(tmp_path):
    (tmp_path / "mine.toml").write_text(PROBLEM.format(id="mine"))
    listing = runner.invoke(app, ["problems", "list", "--bank", str(tmp_path), "--json"])
    assert [p["id"] for p in json.loads(listing.stdout)["problems"]] == ["mine"]
    key = runner.invoke(app, ["problems", "key", "mine", "--bank", str(tmp_path), "--json"])
    assert json.loads(key.stdout)["key"] == 4 * 3 + 9 + 6
    shown = runner.invoke(app, ["problems", "show", "mine", "--bank", str(tmp_path)])
    assert "inputs of length 4" in shown.stdout
    missing = runner.invoke(app, ["problems", "list", "--bank", str(tmp_path / "no")])
    assert missing.exit_code == 2


def test_validate_reports_failed_self_tests(tmp_path):
    # 27 = 4·3 + 3² + 3·2 is the key of every variant with input 4 (the base values among
    # them): listed as a wrong answer, it must be flagged there as judged correct.
    wrong = '[[wrong]]\nanswer = "{answer}"\ncategory = "biases"\nmessage = "b"\n'
    (tmp_path / "a.toml").write_text(PROBLEM.format(id="a") + wrong.format(answer="27"))
    result = runner.invoke(app, ["problems", "validate", str(tmp_path), "--seeds", "4"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == ("1 problem, valid; 1 self-test fails (on the base values and "
                        "seeds 0–3):")
    # Base values: input 4 gives 27 weights, so the "wrong" answer 27 is right.
    assert "a (base values): the wrong answer '27' is judged correct" in lines
    data = json.loads(runner.invoke(app, ["problems", "validate", str(tmp_path), "--seeds",
                                          "4", "--json"]).stdout)
    assert data["valid"] is False and data["seeds"] == [None, 0, 1, 2, 3]
    assert {"problem": "a", "seed": None,
            "what": "the wrong answer '27' is judged correct"} in data["failures"]
    assert all(f["problem"] == "a" for f in data["failures"])


def test_validate_options(tmp_path):
    (tmp_path / "a.toml").write_text(PROBLEM.format(id="a"))
    result = runner.invoke(app, ["problems", "validate", str(tmp_path), "--seeds", "0"])
    assert result.exit_code == 0 and "self-tests pass on the base values" in result.stdout
    result = runner.invoke(app, ["problems", "validate", str(tmp_path), "--seeds", "-1"])
    assert result.exit_code == 3
