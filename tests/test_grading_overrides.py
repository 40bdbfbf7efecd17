import pytest

from rnnsym.grading.overrides import (
    Override,
    apply_override,
    overrides_csv,
    read_overrides_text,
)


def test_read_apply_and_write_back():
    rules = read_overrides_text("Student,Problem,Score,Reason\nada,gamma,0.5,half right\n"
                                "ada,gamma,1,regraded\nbob,clip,2,\n", "o.csv")
    assert rules == {("ada", "gamma"): Override("ada", "gamma", 1.0, "regraded"),
                     ("bob", "clip"): Override("bob", "clip", 2.0, "")}
    row = apply_override({"score": 0.0, "status": "invalid"}, rules["ada", "gamma"])
    assert row == {"score": 1.0, "status": "invalid",
                   "override": {"score": 1.0, "reason": "regraded", "was": 0.0}}
    # applied again (a re-run), the checker's score is still the one recorded
    assert apply_override(row, rules["bob", "clip"])["override"]["was"] == 0.0
    assert overrides_csv(rules) == ("student,problem,score,reason\nada,gamma,1.0,regraded\n"
                                    "bob,clip,2.0,\n")


@pytest.mark.parametrize(("text", "message"), [
    ("student,problem\nada,gamma\n", "no 'score' column"),
    ("student,problem,score\nada,gamma,lots\n", "line 2: score 'lots' is not a number"),
    ("student,problem,score\nada,gamma,nan\n", "finite number"),
    ("student,problem,score\nada,,1\n", "both student and problem"),
])
def test_malformed_overrides(text, message):
    with pytest.raises(ValueError, match="o.csv") as error:
        read_overrides_text(text, "o.csv")
    assert message in str(error.value)
