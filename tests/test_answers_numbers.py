"""Numbers: exact integers and rationals, tolerances, `n = 14`, and known wrong answers."""

from fractions import Fraction

import pytest

from rnnsym.answers import Mistake, judge_equation, judge_integer, judge_number


def verdict_of(v):
    return v.verdict, [f.category for f in v.feedback]


@pytest.mark.parametrize("text", ["14", " 14 ", "n = 14", "28/2", "14.0", "(14)", "2*7", "1.4e1"])
def test_integer_answers_equal_to_the_key(text):
    assert judge_integer(text, 14, name="n").verdict == "correct"


def test_integer_mistakes():
    assert verdict_of(judge_integer("7/2", 3)) == ("incorrect", ["not_integer"])
    assert verdict_of(judge_integer("15", 14)) == ("incorrect", [])
    assert verdict_of(judge_integer("d = 14", 14, name="n")) == ("incorrect", ["wrong_variable"])
    assert verdict_of(judge_integer("n", 14)) == ("invalid", ["not_a_number"])
    assert verdict_of(judge_integer("log(0)", 14)) == ("invalid", ["not_finite"])


def test_known_wrong_answers_are_rules_given_as_data():
    # n² + n − 210 = 0 has the roots 14 and −15; a size cannot be negative.
    rules = (Mistake("-15", "negative_root", "n counts units, so the root −15 is not a size"),
             Mistake(Fraction(29, 2), "non_integer_root", "n must be a whole number"))
    v = judge_integer("n = -15", 14, name="n", mistakes=rules)
    assert verdict_of(v) == ("incorrect", ["negative_root"])
    assert v.feedback[0].message == "n counts units, so the root −15 is not a size"
    assert verdict_of(judge_integer("14.5", 14, mistakes=rules)) == ("incorrect",
                                                                     ["non_integer_root"])


def test_rationals_are_exact():
    assert judge_number("1/4", Fraction(1, 4)).verdict == "correct"
    assert judge_number("0.25", "1/4").verdict == "correct"  # 0.25 is read exactly
    v = judge_number("0.333", Fraction(1, 3))
    assert verdict_of(v) == ("incorrect", ["inexact"])
    assert v.parsed.text == "333/1000"


def test_tolerance_for_floats():
    assert judge_number("0.2501", 0.25, abs_tol=1e-3).verdict == "correct"
    assert judge_number("0.26", 0.25, abs_tol=1e-3).verdict == "incorrect"
    assert judge_number("sqrt(2)", 1.41421356, rel_tol=1e-8).verdict == "correct"
    assert judge_number("1.414", 1.41421356, rel_tol=1e-2).verdict == "correct"
    # gamma for the sigmoid is 1/4; 1 is the value for tanh
    rule = Mistake("1", "gamma_tanh", "γ = 1 is the bound for tanh; the sigmoid's σ' ≤ 1/4")
    assert verdict_of(judge_number("1", 0.25, mistakes=(rule,))) == ("incorrect", ["gamma_tanh"])


def test_irrational_and_complex_answers():
    assert judge_number("sqrt(2)^2", 2).verdict == "correct"
    assert verdict_of(judge_number("sqrt(-4)", 2)) == ("incorrect", ["not_real"])


def test_equations_name_the_unknown():
    assert judge_equation("n = 14", "n", 14).verdict == "correct"
    assert judge_equation("14", "n", 14).verdict == "correct"
    assert verdict_of(judge_equation("d = 14", "n", 14)) == ("incorrect", ["wrong_variable"])
    assert verdict_of(judge_equation("2 n = 28", "n", 14)) == ("invalid", ["syntax"])


def test_values_that_cannot_be_computed_are_invalid_not_errors():
    v = judge_integer("exp(exp(exp(exp(9))))", 1)
    assert verdict_of(v) == ("invalid", ["cannot_check"])
