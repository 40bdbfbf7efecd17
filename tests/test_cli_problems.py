import json

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
    assert json.loads(result.stdout)["key"] == "14"
    assert runner.invoke(app, ["problems", "key", "nope"]).exit_code == 3


def test_validate(tmp_path):
    (tmp_path / "bad.toml").write_text('id = "x"\n')
    result = runner.invoke(app, ["problems", "validate", str(tmp_path)])
    assert result.exit_code == 2
    result = runner.invoke(app, ["problems", "validate", str(tmp_path / "none")])
    assert result.exit_code == 2
    result = runner.invoke(app, ["problems", "validate", str(BANK_DIR)])
    assert result.exit_code == 0 and "all valid" in result.stdout
