"""Which pairs a run has: every student × every problem, plus answers to unknown ids."""

import pytest

from rnnsym.grading.inputs import Submissions
from rnnsym.grading.plan import UnknownProblems, fixed_result, make_plan
from rnnsym.problems import load_bank


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def pairs(plan):
    return [(p.student, p.problem, p.why) for p in plan.pairs]


def test_every_student_gets_every_problem_that_appears(bank):
    subs = Submissions({"bob": {"clip": "[1, 0]"}, "ada": {"gamma": "1/4", "gama": "1"}},
                       "long")
    plan = make_plan(subs, bank)
    assert plan.problems == ("clip", "gamma")
    assert pairs(plan) == [("ada", "clip", "missing"), ("ada", "gamma", "grade"),
                           ("ada", "gama", "unknown"), ("bob", "clip", "grade"),
                           ("bob", "gamma", "missing")]
    assert plan.points == {"clip": 1.0, "gamma": 1.0}
    assert plan.warnings == ("answers to unknown problems (recorded as invalid): gama",)


def test_a_wide_csvs_unknown_columns_are_left_out_with_a_warning(bank):
    subs = Submissions({"ada": {"gamma": "1/4", "email": "a@b"}}, "wide")
    plan = make_plan(subs, bank)
    assert pairs(plan) == [("ada", "gamma", "grade")]
    assert plan.warnings == ("email: not a problem of the bank; column left out",)


def test_an_assignment_fixes_problems_and_points(bank):
    subs = Submissions({"ada": {"gamma": "1/4", "clip": "[1, 0]"}}, "sheets")
    plan = make_plan(subs, bank, ("params-161", "gamma"), {"gamma": 4})
    assert pairs(plan) == [("ada", "params-161", "missing"), ("ada", "gamma", "grade"),
                           ("ada", "clip", "not_assigned")]
    assert plan.points == {"params-161": 2.0, "gamma": 4.0}  # params-161 is worth 2


def test_asking_for_a_problem_the_bank_lacks_is_refused(bank):
    with pytest.raises(UnknownProblems, match="no problem 'nope'"):
        make_plan(Submissions({}, "long"), bank, ("gamma", "nope"))


def test_an_unreadable_sheet_gives_an_invalid_row_per_problem(bank):
    subs = Submissions({"ada": {"gamma": "1"}, "cy": {}}, "sheets",
                       unreadable={"cy": "cy.toml: not UTF-8 text (byte 3)"})
    plan = make_plan(subs, bank)
    (pair,) = [p for p in plan.pairs if p.student == "cy"]
    assert fixed_result(pair) == {
        "status": "invalid", "score": 0.0, "max_score": 0.0, "parsed": None, "error": None,
        "feedback": [{"category": "unreadable_sheet",
                      "message": "cy.toml: not UTF-8 text (byte 3)"}]}
