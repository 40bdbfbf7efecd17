"""Gradescope results.json: checked field by field against the documented format.

The validator below is written from Gradescope's autograder specification ("Output format",
"Controlling test case visibility", "Test case status", "Output string formatting"), not
from rnnsym's code: the allowed keys at the top level and in each test, their types, and the
allowed values of status, visibility and the formats.
"""

import json
import math

import pytest

from rnnsym.grading.gradescope import (
    gradescope_results,
    problem_output,
    safe_write_results,
    write_results,
)

VISIBILITY = {"hidden", "after_due_date", "after_published", "visible"}
FORMATS = {"text", "html", "simple_format", "md", "ansi"}
NUMBER = (int, float)
TOP = {"score": NUMBER, "execution_time": NUMBER, "output": str, "output_format": str,
       "test_output_format": str, "test_name_format": str, "visibility": str,
       "stdout_visibility": str, "extra_data": dict, "tests": list, "leaderboard": list}
TEST = {"score": NUMBER, "max_score": NUMBER, "status": str, "name": str, "name_format": str,
        "number": str, "output": str, "output_format": str, "tags": list, "visibility": str,
        "extra_data": dict}
CHOICES = {"visibility": VISIBILITY, "stdout_visibility": VISIBILITY,
           "output_format": FORMATS, "test_output_format": FORMATS,
           "test_name_format": FORMATS, "name_format": FORMATS, "status": {"passed", "failed"}}


def check_fields(data: dict, allowed: dict, where: str) -> None:
    for key, value in data.items():
        assert key in allowed, f"{where}: unknown key {key!r}"
        assert isinstance(value, allowed[key]) and not isinstance(value, bool), (where, key)
        if isinstance(value, float):
            assert math.isfinite(value), (where, key)
        if key in CHOICES:
            assert value in CHOICES[key], (where, key, value)


def validate(data: dict) -> None:
    """Raise AssertionError unless `data` is a results.json Gradescope accepts."""
    data = json.loads(json.dumps(data, allow_nan=False))  # plain JSON, no NaN
    check_fields(data, TOP, "results")
    tests = data.get("tests", [])
    # A score is required at the top level, or else on every test.
    assert "score" in data or (tests and all("score" in t for t in tests))
    for n, test in enumerate(tests):
        assert isinstance(test, dict)
        check_fields(test, TEST, f"tests[{n}]")
        assert all(isinstance(tag, str) for tag in test.get("tags", []))


def row(problem, status, score, max_score=1.0, answer="x", parsed="x", feedback=(),
        error=None):
    return {"student": "ada", "problem": problem, "variant": {}, "answer": answer,
            "parsed": parsed, "status": status, "score": score, "max_score": max_score,
            "feedback": [{"category": c, "message": m} for c, m in feedback], "error": error}


FULL = [row("params-161", "correct", 2.0, 2.0, "n = 14", "Eq(n, 14)"),
        row("gamma", "correct", 1.0, answer="1/4", parsed="1/4"),
        row("dims", "correct", 1.0, answer="14x7", parsed="(14, 7)")]
PARTIAL = [
    row("params-161", "correct", 2.0, 2.0, "14", "14"),
    row("gamma", "incorrect", 0.0, answer="1", parsed="1",
        feedback=[("gamma_tanh", "γ = 1 is tanh's; the sigmoid's is at most 1/4.")]),
    row("bptt-dW", "partial", 0.5, answer="dL4/dy4 dy4/ds4 ds4/dW", parsed="dL_4/dy_4*…",
        feedback=[("missing_term", "3 paths through s_3, s_2, s_1 are missing.")]),
    row("clip", "invalid", 0.0, answer="[0.6, 0.8", parsed=None,
        feedback=[("unreadable", "A '[' is never closed.")]),
    row("dims", "missing", 0.0, answer=None, parsed=None),
    row("bound", "timeout", 0.0, answer="9^9^9", parsed=None, error="over 5 s"),
    row("architecture", "error", 0.0, answer="many-to-one", parsed=None,
        error="KeyError: 'options'"),
]
EMPTY = [row(p, "missing", 0.0, answer=None, parsed=None) for p in ("gamma", "dims")]


def test_a_full_submission():
    data = gradescope_results(FULL)
    validate(data)
    assert data["score"] == 4.0  # 2 + 1 + 1
    assert [t["name"] for t in data["tests"]] == ["dims", "gamma", "params-161"]
    assert [t["status"] for t in data["tests"]] == ["passed"] * 3
    assert [t["max_score"] for t in data["tests"]] == [1.0, 1.0, 2.0]
    assert data["output"] == "3 problems: 3 correct."


def test_a_partial_submission():
    data = gradescope_results(PARTIAL)
    validate(data)
    assert data["score"] == 2.5  # 2 + 0.5
    tests = {t["name"]: t for t in data["tests"]}
    assert [t["status"] for t in data["tests"]].count("passed") == 1
    assert tests["params-161"]["status"] == "passed"
    assert tests["bptt-dW"]["score"] == 0.5 and tests["bptt-dW"]["status"] == "failed"
    assert "missing_term" not in tests["bptt-dW"]["output"]  # messages, not codes
    assert "3 paths through s_3, s_2, s_1 are missing." in tests["bptt-dW"]["output"]
    assert tests["dims"]["output"].startswith("No answer was given")
    for name in ("bound", "architecture"):  # rnnsym's fault, and said so
        assert "This is not your fault" in tests[name]["output"]
    assert "not your fault" not in tests["clip"]["output"]
    assert data["output"] == ("7 problems: 1 correct, 1 partial, 1 incorrect, 1 invalid, "
                              "1 missing, 1 timeout, 1 error.")


@pytest.mark.parametrize("rows", [EMPTY, []])
def test_an_empty_submission(rows):
    data = gradescope_results(rows)
    validate(data)
    assert data["score"] == 0
    assert all(t["status"] == "failed" for t in data["tests"])
    assert len(data["tests"]) == len(rows)


def test_output_tells_what_was_typed_and_how_it_was_read():
    text = problem_output(PARTIAL[1])
    assert text.splitlines() == ["Not correct. 0 / 1 points.", "Your answer: 1",
                                 "Read as: 1",
                                 "- γ = 1 is tanh's; the sigmoid's is at most 1/4."]


def test_scores_add_up_without_float_noise():
    rows = [row(p, "correct", 0.1, 0.1) for p in "abc"]
    assert gradescope_results(rows)["score"] == 0.3  # 0.1 + 0.1 + 0.1 != 0.3 in floats


def test_titles_name_the_tests():
    data = gradescope_results(FULL[1:2], titles={"gamma": "γ of the sigmoid"})
    assert data["tests"][0]["name"] == "gamma: γ of the sigmoid"


def test_an_error_still_gives_valid_results_scored_so_far():
    data = gradescope_results(FULL[:1], error="OSError: disk full")
    validate(data)
    assert data["score"] == 2.0
    assert "OSError: disk full" in data["output"] and "not your fault" in data["output"]


def test_unknown_visibility_is_refused():
    with pytest.raises(ValueError):
        gradescope_results(FULL, visibility="sometimes")


def test_write_results_replaces_atomically(tmp_path):
    path = tmp_path / "results" / "results.json"
    write_results(path, {"score": 1.0})
    write_results(path, {"score": 2.0, "output": "ü"})
    assert json.loads(path.read_text(encoding="utf-8")) == {"score": 2.0, "output": "ü"}
    assert [p.name for p in path.parent.iterdir()] == ["results.json"]  # no temp left


def test_safe_write_when_grading_raises(tmp_path):
    def grade():
        raise RuntimeError("bank unreadable")

    path = tmp_path / "results.json"
    safe_write_results(path, grade)
    data = json.loads(path.read_text(encoding="utf-8"))
    validate(data)
    assert data["score"] == 0 and data["tests"] == []
    assert "RuntimeError: bank unreadable" in data["output"]


def test_safe_write_keeps_what_was_graded_before_a_failure(tmp_path):
    def grade():
        yield FULL[0]
        yield FULL[1]
        raise MemoryError("out of memory")

    safe_write_results(tmp_path / "r.json", grade)
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    validate(data)
    assert data["score"] == 3.0  # 2 + 1, graded before the failure
    assert "MemoryError: out of memory" in data["output"]


def test_safe_write_with_malformed_rows(tmp_path):
    data = safe_write_results(tmp_path / "r.json", lambda: [{"problem": "gamma"}])
    validate(data)
    assert data["score"] == 0 and "KeyError" in data["output"]


def test_safe_write_of_a_good_run_is_the_plain_results(tmp_path):
    assert safe_write_results(tmp_path / "r.json", lambda: FULL) == gradescope_results(FULL)


def test_a_huge_answer_is_cut_in_the_output():
    text = problem_output(row("gamma", "invalid", 0.0, answer="1" * 10_000, parsed=None))
    assert "Your answer: " + "1" * 2000 + "… (10000 characters)" in text
    assert len(text) < 2200


def test_an_unreadable_submission_asks_the_student_to_submit_again():
    data = gradescope_results([], error="no answer sheet in the folder",
                              error_kind="submission")
    validate(data)
    assert data["output"] == ("Your submission could not be read (no answer sheet in the "
                              "folder). Upload one answer sheet, answers.toml or "
                              "answers.json, and submit again.")


def test_a_graders_override_stands():
    timed_out = {**row("bound", "timeout", 1.0, error="over 5 s"),
                 "override": {"score": 1.0, "reason": "checked by hand", "was": 0.0}}
    data = gradescope_results([timed_out])
    validate(data)
    test = data["tests"][0]
    assert test["status"] == "passed" and data["score"] == 1.0
    assert test["output"].splitlines()[:2] == ["Graded by the course staff: 1 / 1 points.",
                                               "Reason: checked by hand"]
    assert "not your fault" not in test["output"] and "over 5 s" not in test["output"]
