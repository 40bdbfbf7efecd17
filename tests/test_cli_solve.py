"""`rnnsym solve …` through the real app: exit codes, output, JSON, and bad input."""

import json

import pytest
from typer.testing import CliRunner

from rnnsym.cli import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, ["solve", *args])


def as_json(*args):
    result = run(*args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_no_kind_lists_the_kinds():
    result = run()
    assert result.exit_code == 0
    for kind in ("params", "dims", "terms", "jacobian", "bound", "clip", "forward",
                 "architecture"):
        assert kind in result.stdout


def test_params_without_options_is_the_notes_exercise():
    result = run("params")
    assert result.exit_code == 0
    out = result.stdout
    assert "3n²/4 + n = 161" in out
    assert "Reject n = −46/3: negative and not an integer." in out
    assert "Answer: n = 14" in out
    assert "--input, --hidden, --output and --total" in out


def test_params_json_has_the_documented_shape():
    data = as_json("params", "--input", "n", "--hidden", "n/2", "--output", "2",
                   "--total", "161")
    assert data["unknown"] == "n"
    assert data["equation"] == "3*n**2/4 + n = 161"
    assert data["solutions"] == [14]
    assert data["rejected"][0]["value"] == "-46/3"
    assert set(data["breakdown"]) == {"U", "W", "V"}
    assert data["total"] == 161


def test_params_counts_without_a_total():
    result = run("params", "--input", "14", "--hidden", "7", "--output", "2")
    assert result.exit_code == 0
    assert "98 + 49 + 14 = 161" in result.stdout
    assert "Answer: total = 161 parameters" in result.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--input", "1", "--hidden", "10", "--output", "0", "--convention", "keras"), 120),
        (("--input", "16", "--hidden", "32", "--output", "0", "--cell", "gru",
          "--bidirectional", "--convention", "keras"), 9600),
        (("--input", "3", "--hidden", "8", "--output", "0", "--cell", "lstm", "--layers", "2",
          "--convention", "pytorch"), 4 * (8 * 3 + 64 + 16) + 4 * (64 + 64 + 16)),
    ],
)
def test_params_conventions(args, expected):
    assert as_json("params", *args)["key"] == expected


def test_params_explicit_bias_overrides_the_preset():
    args = ("--input", "25", "--hidden", "5", "--output", "0", "--cell", "gru")
    assert as_json("params", *args, "--convention", "keras")["key"] == 480
    assert as_json("params", *args, "--convention", "keras", "--bias", "single")["key"] == 465


BAD_INPUT = [
    ("params", "--input", "n", "--hidden", "n/0", "--output", "2", "--total", "161"),
    ("params", "--input", "n", "--hidden", "m", "--output", "2", "--total", "161"),
    ("params", "--input", "n", "--hidden", "n/2", "--output", "2", "--total", "161",
     "--unknown", "m"),
    ("params", "--input", "14", "--hidden", "7", "--output", "2", "--total", "161"),
    ("params", "--input", "n", "--hidden", "n/2", "--output", "2", "--total", "lots"),
    ("params", "--input", "14", "--hidden", "-3", "--output", "2"),
    ("params", "--input", "14", "--hidden", "7", "--output", "2", "--layers", "0"),
    ("dims", "-n", "0"),
    ("terms", "-T", "3", "--architecture", "one-to-one"),
    ("jacobian", "-W", "[[1, 2]]", "-a", "[0]"),
    ("bound", "--lambda", "-1"),
    ("bound",),
    ("clip", "[3, 4", "-t", "1"),
    ("clip", "[3, 4]", "-t", "0"),
    ("forward", "--U", "[[1]]", "--W", "[[1]]", "--V", "[[1]]", "--x", "[[1, 2]]"),
    ("architecture", "bake", "a", "cake"),
]


@pytest.mark.parametrize("args", BAD_INPUT, ids=lambda a: " ".join(a)[:40])
def test_bad_input_is_one_line_and_exit_2(args):
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")


@pytest.mark.parametrize(
    "args",
    [("nosuch",), ("params", "--cell", "cnn"), ("params", "--input", "3"), ("terms",),
     ("clip", "[3, 4]"), ("architecture",), ("forward", "--U", "[[1]]")],
)
def test_usage_errors_exit_3(args):
    assert run(*args).exit_code == 3


def test_dims():
    data = as_json("dims", "-n", "3", "-d", "4", "-k", "2", "--convention", "row")
    assert data["shapes"]["U"] == [3, 4] and data["shapes"]["V"] == [4, 2]


def test_terms():
    data = as_json("terms", "-T", "4", "-K", "2", "--param", "W", "--param", "s0")
    assert data["key"] == {"W": 7, "s0": 1}
    assert data["counts"]["W"]["closed_form"] == "K*T - K*(K - 1)/2"


def test_jacobian():
    data = as_json("jacobian", "-W", "[[1, 2], [3, 4]]", "-a", "[0, 0]")
    assert data["matrix"] == [[1, 2], [3, 4]]
    assert "diag(σ'(a_i)) W" in run("jacobian").stdout


def test_bound():
    data = as_json("bound", "--activation", "sigmoid", "--lambda", "3", "--lag", "2")
    assert data["verdict"] == "vanishing" and data["rate"] == "3/4" and data["bound"] == "9/16"
    assert as_json("bound", "-W", "[[2, 0], [0, 1]]")["key"] == "undetermined"


def test_clip_defaults_to_the_notes_example():
    result = run("clip")
    assert result.exit_code == 0 and "(3/5, 4/5)" in result.stdout
    data = as_json("clip", "[[3, 4]]", "-t", "1", "--elementwise")
    assert data["clipping"] == "elementwise" and data["key"] == [[1, 1]]


def test_forward_example_and_file(tmp_path):
    result = run("forward")
    assert result.exit_code == 0 and "a_1 = U x_1 + W s_0 + b" in result.stdout
    instance = tmp_path / "rnn.json"
    instance.write_text(json.dumps({"U": [[1.0]], "W": [[0.0]], "V": [[1.0], [0.0]],
                                    "x": [[0.0]], "targets": [0]}))
    data = as_json("forward", "--file", str(instance))
    # s = 0, o = (0, 0), y = (1/2, 1/2), L = log 2.
    assert data["y"] == [[0.5, 0.5]] and data["L"] == pytest.approx(0.6931471805599453)


def test_forward_file_that_is_not_json(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{U: 1")
    result = run("forward", "--file", str(bad))
    assert result.exit_code == 2 and "not a JSON object" in result.stderr


def test_architecture():
    result = run("architecture", "image", "captioning")
    assert result.exit_code == 0 and "Answer: one-to-many" in result.stdout
    assert as_json("architecture", "sentiment analysis")["key"] == "many-to-one"
    assert "machine translation" in run("architecture", "--list").stdout
