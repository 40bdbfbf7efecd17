"""`rnnsym grade`: exit codes, files, JSON on stdout, Gradescope and the autograder."""

import dataclasses
import json

import pytest
from typer.testing import CliRunner

from rnnsym.cli import app
from tests.test_grading_engine import faulty_grader

runner = CliRunner()
CLASS = ("student,params-161,gamma,clip\n"
         "ada,14,1/4,\"[3/5, 4/5]\"\n"  # 2 + 1 + 1
         "bob,n = 14,1,\n"  # 2 + 0 + missing
         "cy,x+,,[1]\n")


@pytest.fixture
def class_csv(tmp_path):
    path = tmp_path / "class.csv"
    path.write_text(CLASS)
    return path


def grade(*args):
    return runner.invoke(app, ["grade", *map(str, args), "--jobs", "1"])


def test_a_class_is_graded_to_files_with_the_summary_on_stderr(class_csv, tmp_path):
    out = tmp_path / "out"
    result = grade(class_csv, "--out", out)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "wrote" in result.stderr and str(out) in result.stderr.replace("\n", "")
    assert (out / "grades.csv").read_text() == ("student,clip,gamma,params-161,total,percent\n"
                                                "ada,1,1,2,4,100\n"
                                                "bob,0,0,2,2,50\n"
                                                "cy,0,0,0,0,0\n")
    assert {p.name for p in out.iterdir()} == {"grades.csv", "details.jsonl", "items.csv",
                                                "timings.jsonl", "feedback"}


def test_json_is_one_object_on_stdout(class_csv, tmp_path):
    result = grade(class_csv, "--out", tmp_path / "out", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["problems"] == ["clip", "gamma", "params-161"]
    assert [(r["student"], r["problem"], r["status"]) for r in data["rows"]][6:] == [
        ("cy", "clip", "incorrect"), ("cy", "gamma", "missing"),
        ("cy", "params-161", "invalid")]


def test_answers_that_could_not_be_graded_exit_1(class_csv, tmp_path, monkeypatch):
    import rnnsym.grading.run as run

    original = run.grade_submissions

    def faulty(submissions, options, progress=None):
        options = dataclasses.replace(options, grader=faulty_grader, timeout=1.0)
        return original(submissions, options, progress)

    monkeypatch.setattr(run, "grade_submissions", faulty)
    class_csv.write_text("student,gamma,clip\nada,slow,crash\nbob,1/4,[1]\n")
    result = grade(class_csv, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "2 answers could not be graded" in result.stderr
    rows = [json.loads(line) for line in (tmp_path / "out" / "details.jsonl").open()]
    assert [r["status"] for r in rows] == ["error", "timeout", "incorrect", "correct"]


@pytest.mark.parametrize(("content", "message"), [
    ("student,gamma\nzo\xe9,1\n".encode("latin-1"), "class.csv: not UTF-8 text (byte 16)"),
    (b"name,gamma\nada,1\n", "class.csv: no 'student' column"),
    (b"student,problem\nada,gamma\n", "class.csv: no 'answer' column"),
])
def test_unreadable_input_exits_2_with_one_line(class_csv, content, message):
    class_csv.write_bytes(content)
    result = grade(class_csv)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {message}") and result.stderr.count("\n") == 1


@pytest.mark.parametrize("args", [
    [], ["{csv}", "--problems", "gamma,nope"], ["{csv}", "--jobs", "0"],
    ["{csv}", "--problems", "gamma", "--assignment", "{csv}"],
])
def test_usage_errors_exit_3(class_csv, args):
    result = runner.invoke(app, ["grade", *[a.format(csv=class_csv) for a in args]])
    assert result.exit_code == 3


def test_an_assignment_sets_problems_and_points(class_csv, tmp_path):
    (tmp_path / "hw.toml").write_text('problems = ["gamma", "params-161"]\n[points]\ngamma = 3\n')
    out = tmp_path / "out"
    result = grade(class_csv, "--out", out, "--assignment", tmp_path / "hw.toml", "--json")
    assert result.exit_code == 0, result.stderr
    grades = (out / "grades.csv").read_text().splitlines()
    assert grades[:2] == ["student,gamma,params-161,total,percent", "ada,3,2,5,100"]
    clip = [r for r in json.loads(result.stdout)["rows"] if r["problem"] == "clip"]
    assert {r["status"] for r in clip} == {"invalid"}
    assert {r["feedback"][0]["category"] for r in clip} == {"not_assigned"}


def test_gradescope_writes_a_results_file_per_student(class_csv, tmp_path):
    out = tmp_path / "out"
    assert grade(class_csv, "--out", out, "--gradescope").exit_code == 0
    data = json.loads((out / "gradescope" / "ada" / "results.json").read_text())
    assert data["score"] == 4 and isinstance(data["tests"], list) and len(data["tests"]) == 3
    assert {"name", "score", "max_score", "output"} <= set(data["tests"][0])


@pytest.fixture
def autograder(tmp_path):
    (tmp_path / "submission").mkdir()
    (tmp_path / "submission_metadata.json").write_text('{"users": [{"sid": "s042"}]}')
    return tmp_path


def test_autograder_writes_results_json(autograder):
    sheet = autograder / "submission" / "answers.toml"
    sheet.write_text('[answers]\nparams-161 = "14"\ngamma = "1"\n')
    results = autograder / "results" / "results.json"
    result = runner.invoke(app, ["grade", "--autograder", str(autograder / "submission"),
                                 "--results", str(results), "--jobs", "1"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(results.read_text())
    assert data["score"] == 2.0 and len(data["tests"]) == 2


def test_autograder_writes_results_json_even_when_it_cannot_grade(autograder):
    (autograder / "submission" / "answers.toml").write_text("[answers\n")
    results = autograder / "results" / "results.json"
    result = runner.invoke(app, ["grade", "--autograder", str(autograder / "submission"),
                                 "--results", str(results)])
    assert result.exit_code == 2 and "not a readable TOML" in result.stderr
    data = json.loads(results.read_text())
    assert data["score"] == 0 and data["tests"] == []
    assert data["output"].startswith("Your submission could not be read (answers.toml: not "
                                     "a readable TOML file")


def test_autograder_writes_results_json_even_when_the_options_are_wrong(autograder):
    (autograder / "submission" / "answers.toml").write_text('[answers]\ngamma = "1"\n')
    results = autograder / "results.json"
    result = runner.invoke(app, ["grade", "--autograder", str(autograder / "submission"),
                                 "--results", str(results), "--problems", "nope"])
    assert result.exit_code == 3 and "no problem 'nope'" in result.stderr
    data = json.loads(results.read_text())
    assert data["score"] == 0 and data["output"].startswith("rnnsym could not finish")


def test_a_directory_with_a_broken_sheet_is_graded_to_the_end(tmp_path):
    sheets = tmp_path / "sheets"
    sheets.mkdir()
    (sheets / "ada.toml").write_text('[answers]\ngamma = "1/4"\nclip = "[3/5, 4/5]"\n')
    (sheets / "bob.toml").write_bytes('[answers]\ngamma = "¼"\n'.encode("utf-16"))
    (sheets / "cy.json").write_text('{"answers": {"gamma": "exec(\\"import os\\")", '
                                    '"clip": "9**9**9**9", "gama": "1/4"}}')
    out = tmp_path / "out"
    result = grade(sheets, "--out", out)
    assert result.exit_code == 0, result.stderr
    assert "bob.toml: not UTF-8 text" in result.stderr
    rows = [json.loads(line) for line in (out / "details.jsonl").open()]
    assert [(r["student"], r["problem"], r["status"]) for r in rows] == [
        ("ada", "clip", "correct"), ("ada", "gamma", "correct"),
        ("bob", "clip", "invalid"), ("bob", "gamma", "invalid"),
        ("cy", "clip", "invalid"), ("cy", "gama", "invalid"), ("cy", "gamma", "invalid")]
    assert rows[5]["feedback"][0]["category"] == "unknown_problem"
