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
