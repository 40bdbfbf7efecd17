"""A whole run: hostile classes, every pair in one row, re-runs, resume, anonymize,
overrides and regrading a subset."""

import json

import pytest

from rnnsym.grading.inputs import read_csv_text
from rnnsym.grading.run import Options, grade_submissions
from tests.test_grading_engine import crashing_grader, faulty_grader

PROBLEMS = ["clip", "dims", "gamma", "params-161"]
HOSTILE = (
    "student,clip,dims,gamma,params-161,email\n"
    "ada,\"[3/5, 4/5]\",14x7,1/4,n = 14,ada@uni\n"  # all right: clip [3,4] at 1, U is n×d
    "bob,\"[3, 4]\",7x14,1,15,\n"  # all wrong
    "cy,,,,,\n"  # nothing
    "dee,__import__('os').system('rm -rf /'),9**9**9**9,slow,\"lambda: exec('1')\",\n"
    "eve,\"\x00\x01\",(((((((((((((((((((((((((((((((((((((((((((((((((((((((1,"
    + "9" * 5000 + ",crash,\n"
    "\"=HYPERLINK(1)\",\"[1,0]\",,1/4,14,\n"
)


def class_(text=HOSTILE):
    return read_csv_text(text, "class.csv")


def run(out, **options):
    return grade_submissions(class_(options.pop("text", HOSTILE)),
                             Options(out=out, jobs=options.pop("jobs", 2),
                                     timeout=options.pop("timeout", 2.0), **options))


def files(out):
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != "timings.jsonl"}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile") / "grades"
    return out, run(out, grader=faulty_grader)


def test_every_pair_ends_in_exactly_one_row(hostile):
    out, result = hostile
    pairs = [(r["student"], r["problem"]) for r in result.rows]
    students = ["=HYPERLINK(1)", "ada", "bob", "cy", "dee", "eve"]
    assert pairs == [(s, p) for s in students for p in PROBLEMS]
    lines = (out / "details.jsonl").read_text().splitlines()
    assert [json.loads(line) for line in lines] == result.rows
    assert set(result.rows[0]) == {"student", "problem", "variant", "answer", "parsed",
                                   "status", "score", "max_score", "feedback", "error"}


def test_statuses_of_the_hostile_class(hostile):
    status = {(r["student"], r["problem"]): r["status"] for r in hostile[1].rows}
    assert {p: status["ada", p] for p in PROBLEMS} == dict.fromkeys(PROBLEMS, "correct")
    assert {p: status["bob", p] for p in PROBLEMS} == dict.fromkeys(PROBLEMS, "incorrect")
    assert {p: status["cy", p] for p in PROBLEMS} == dict.fromkeys(PROBLEMS, "missing")
    assert [status["dee", p] for p in PROBLEMS] == ["invalid", "invalid", "timeout", "invalid"]
    assert [status["eve", p] for p in PROBLEMS] == ["invalid", "invalid", "invalid", "error"]
    assert hostile[1].ungraded == 2


def test_a_timeout_and_an_error_are_recorded_with_their_reason(hostile):
    rows = {(r["student"], r["problem"]): r for r in hostile[1].rows}
    assert rows["dee", "gamma"]["error"] == "no verdict within 2 s; the check was stopped"
    assert rows["eve", "params-161"]["error"] == "RuntimeError: a fault inside the grader"
    assert rows["ada", "params-161"]["score"] == 2.0 and rows["ada", "gamma"]["variant"] == {
        "activation": "sigmoid", "lam": 3}


def test_the_output_files(hostile):
    out, _ = hostile
    grades = (out / "grades.csv").read_text().splitlines()
    assert grades[0] == "student,clip,dims,gamma,params-161,total,percent"
    assert grades[1] == "'=HYPERLINK(1),0,0,1,2,3,60"  # a formula is not run
    assert grades[2] == "ada,1,1,1,2,5,100"
    assert grades[5] == "dee,0,0,,0,0,0"  # the timeout is not graded: an empty cell
    assert sorted(p.name for p in (out / "feedback").iterdir())[1:] == [
        "ada.md", "bob.md", "cy.md", "dee.md", "eve.md"]
    assert len((out / "timings.jsonl").read_text().splitlines()) == 19  # 5 missing


def test_a_re_run_writes_the_same_bytes(hostile, tmp_path):
    out, _ = hostile
    again = tmp_path / "grades"
    run(again, grader=faulty_grader)
    assert files(again) == files(out)


def test_an_interrupted_run_keeps_what_it_graded_and_resume_finishes_it(tmp_path):
    out = tmp_path / "grades"
    text = "student,gamma,params-161\nada,1/4,14\nbob,1,14\ncy,1/4,15\n"
    full = run(out, text=text, jobs=1)

    def interrupt(done, total):
        if done == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        grade_submissions(class_(text), Options(out=out, jobs=1), interrupt)
    kept = (out / "details.jsonl").read_text().splitlines()
    assert [json.loads(line)["student"] for line in kept] == ["ada", "ada"]
    # resuming grades only bob and cy: a grader that crashes would show up for ada
    resumed = run(out, text=text, jobs=1, resume=True, grader=crashing_grader)
    assert [r["status"] for r in resumed.rows[:2]] == ["correct", "correct"]
    assert [r["status"] for r in resumed.rows[2:]] == ["incorrect", "correct", "correct",
                                                       "incorrect"]
    assert [r["status"] for r in full.rows] == [r["status"] for r in resumed.rows]


def test_anonymize_leaves_no_student_id_in_the_outputs(tmp_path):
    out = tmp_path / "grades"
    result = run(out, text="student,gamma\nada.lovelace,1/4\n", anonymize=True,
                 secret="course-key")
    (alias,) = {r["student"] for r in result.rows}
    assert alias.startswith("anon-") and result.rows[0]["status"] == "correct"
    assert all(b"ada.lovelace" not in data for data in files(out).values())
    assert (tmp_path / "grades.mapping.csv").read_text() == (
        f"student,pseudonym\nada.lovelace,{alias}\n")


def test_overrides_apply_last_and_a_re_run_keeps_them(tmp_path):
    out, text = tmp_path / "grades", "student,gamma,clip\nada,1,[1]\nbob,1/4,\n"
    (tmp_path / "o.csv").write_text("student,problem,score,reason\nada,gamma,0.5,"
                                    "explained why in the margin\n")
    first = run(out, text=text, overrides=tmp_path / "o.csv")
    second = run(out, text=text)
    for result in (first, second):
        (row,) = [r for r in result.rows if r["student"] == "ada" and r["problem"] == "gamma"]
        assert row["status"] == "incorrect" and row["score"] == 0.5
        assert row["override"] == {"score": 0.5, "reason": "explained why in the margin",
                                   "was": 0.0}
    assert "ada,0,0.5,0.5,25" in (out / "grades.csv").read_text()


def test_only_and_problem_regrade_a_subset_and_keep_the_rest(tmp_path):
    out = tmp_path / "grades"
    run(out, text="student,gamma,clip\nada,1,\"[3/5, 4/5]\"\nbob,1,[1]\n")
    changed = "student,gamma,clip\nada,1/4,[1]\nbob,1/4,[1]\n"
    result = run(out, text=changed, only=("ada",), problem=("gamma",))
    status = {(r["student"], r["problem"]): r["status"] for r in result.rows}
    assert status == {("ada", "clip"): "correct", ("ada", "gamma"): "correct",
                      ("bob", "clip"): "incorrect", ("bob", "gamma"): "incorrect"}
    assert "ada,1,1,2,100" in (out / "grades.csv").read_text()


def test_a_subset_that_selects_nothing_is_said(tmp_path):
    result = run(None, text="student,gamma\nada,1/4\n", only=("adda",), problem=("clip",))
    assert result.rows == [] and result.warnings == ("--only adda: no such student",
                                                     "--problem clip: no such problem in "
                                                     "this run")
