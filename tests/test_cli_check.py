import json

import pytest
from typer.testing import CliRunner

from rnnsym.cli import app

runner = CliRunner()


@pytest.mark.parametrize(("answer", "code", "verdict"), [
    ("14", 0, "correct"), ("n = 14", 0, "correct"), ("15", 1, "incorrect"),
    ("x+", 2, "invalid"),
])
def test_exit_codes_and_json(answer, code, verdict):
    result = runner.invoke(app, ["check", "params-161", answer, "--json"])
    assert result.exit_code == code
    data = json.loads(result.stdout)
    assert data["verdict"] == verdict and data["problem"] == "params-161"
    assert set(data) == {"problem", "variant", "verdict", "score", "max_score", "parsed",
                         "feedback"}


def test_unknown_problem_is_usage_error():
    result = runner.invoke(app, ["check", "nope", "1"])
    assert result.exit_code == 3


def test_rich_output():
    result = runner.invoke(app, ["check", "architecture", "many-to-one"])
    assert result.exit_code == 0 and "correct" in result.stdout


def _variant(problem_id, student, secret=None):
    from rnnsym.problems import load_bank, student_seed

    return load_bank()[problem_id].variant(student_seed(problem_id, student, secret))


def _weights(variant):
    # U, W and V without biases: n·d + d² + d·k, by hand.
    n, d, k = variant["input"], variant["hidden"], variant["output"]
    return n * d + d * d + d * k


def test_student_gets_their_own_variant():
    variant = _variant("params-count", "ada")
    result = runner.invoke(app, ["check", "params-count", str(_weights(variant)),
                                 "--student", "ada", "--json"], env={"RNNSYM_SECRET": ""})
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["variant"] == variant


def test_secret_from_option_or_environment_option_wins():
    keyed = _variant("params-count", "ada", "k1")
    answer = str(_weights(keyed))
    by_env = runner.invoke(app, ["check", "params-count", answer, "--student", "ada",
                                 "--json"], env={"RNNSYM_SECRET": "k1"})
    by_option = runner.invoke(app, ["check", "params-count", answer, "--student", "ada",
                                    "--secret", "k1", "--json"], env={"RNNSYM_SECRET": "k2"})
    for result in (by_env, by_option):
        assert result.exit_code == 0
        assert json.loads(result.stdout)["variant"] == keyed


@pytest.mark.parametrize("args", [
    ["check", "params-count", "161", "--seed", "1", "--student", "ada"],
    ["check", "params-161"],
    ["check"],
])
def test_usage_errors(args):
    result = runner.invoke(app, args)
    assert result.exit_code == 3
    assert result.stdout == "" and result.stderr.startswith("error: ")


def test_text_output_says_which_variant():
    result = runner.invoke(app, ["check", "params-count", "1", "--seed", "3"],
                           env={"COLUMNS": "80"})
    assert result.exit_code == 1
    from rnnsym.problems import load_bank

    values = load_bank()["params-count"].variant(3)
    assert f"seed 3: input = {values['input']}, hidden = {values['hidden']}" in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    result = runner.invoke(app, ["check", "params-count", "1", "--student", "bo"],
                           env={"COLUMNS": "80", "RNNSYM_SECRET": "k"})
    assert "student bo (course secret)" in result.stdout


def _sheet(tmp_path, answers: dict, name="ada.toml", student="ada"):
    lines = [f'student = "{student}"', "[answers]"]
    lines += [f'{problem} = "{answer}"' for problem, answer in answers.items()]
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n")
    return str(path)


# The base values answer params-161 (14), gamma (1/4), clip ([3/5, 4/5]) and dims ((14, 7)):
# those problems have no [vary], so every student's variant is the base one.
RIGHT = {"params-161": "n = 14", "gamma": "1/4", "clip": "[0.6, 0.8]", "dims": "14 x 7"}


@pytest.mark.parametrize(("changes", "code"), [
    ({}, 0),
    ({"gamma": "1"}, 1),                          # incorrect
    ({"gamma": "1", "dims": "(14,"}, 2),          # an unreadable answer beats a wrong one
    ({"nope": "1", "dims": "(14,"}, 3),           # an unknown problem beats everything
])
def test_sheet_exit_codes(tmp_path, changes, code):
    path = _sheet(tmp_path, {**RIGHT, **changes})
    result = runner.invoke(app, ["check", "--answers", path, "--json"])
    assert result.exit_code == code, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"student", "results", "score", "max_score"}
    assert data["student"] == "ada"
    assert [r["problem"] for r in data["results"]] == list({**RIGHT, **changes})


def test_sheet_scores_and_text(tmp_path):
    path = _sheet(tmp_path, {**RIGHT, "gamma": "1", "nope": "2"})
    data = json.loads(runner.invoke(app, ["check", "--answers", path, "--json"]).stdout)
    # params-161 is worth 2 points, the others 1; gamma is wrong; nope is worth nothing.
    assert (data["score"], data["max_score"]) == (4, 5)
    unknown = data["results"][-1]
    assert unknown["verdict"] == "invalid"
    assert unknown["feedback"][0]["category"] == "unknown_problem"
    result = runner.invoke(app, ["check", "--answers", path], env={"COLUMNS": "80"})
    assert result.exit_code == 3
    assert "Answers of ada" in result.stdout and "4 / 5" in result.stdout
    assert "gamma_tanh" in result.stdout and "unknown_problem" in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_json_sheet_and_the_secret(tmp_path):
    keyed = _variant("params-count", "bo", "k1")
    path = tmp_path / "sheet.json"
    path.write_text(json.dumps({"student": "bo",
                                "answers": {"params-count": _weights(keyed)}}))
    result = runner.invoke(app, ["check", "--answers", str(path), "--secret", "k1", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["results"][0]["variant"] == keyed


@pytest.mark.parametrize(("text", "name"), [
    ("[answers", "bad.toml"), ("student = 'a'\n[answers]\n", "empty.toml"),
    ("[answers]\np = 1", "sheet.txt"),
])
def test_unreadable_sheets(tmp_path, text, name):
    (tmp_path / name).write_text(text)
    result = runner.invoke(app, ["check", "--answers", str(tmp_path / name)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {name}")
    result = runner.invoke(app, ["check", "--answers", str(tmp_path / "missing.toml")])
    assert result.exit_code == 2


@pytest.mark.parametrize("extra", [["params-161", "14"], ["--seed", "1"],
                                   ["--student", "ada"]])
def test_sheet_usage_errors(tmp_path, extra):
    path = _sheet(tmp_path, RIGHT)
    result = runner.invoke(app, ["check", "--answers", path, *extra])
    assert result.exit_code == 3 and result.stderr.startswith("error: ")


def test_a_problem_the_bank_cannot_key_is_one_line(tmp_path):
    (tmp_path / "p.toml").write_text('id = "p"\ntitle = "t"\nstatement = "s"\nkind = "params"\n'
                                     'answer = "integer"\n[values]\ninput = 4\nhidden = "q"\n'
                                     'output = 2\n')
    result = runner.invoke(app, ["check", "p", "3", "--bank", str(tmp_path)])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("error: the bank cannot check this problem")
    assert len(result.stderr.splitlines()) == 1
