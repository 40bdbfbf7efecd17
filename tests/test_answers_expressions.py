"""Expressions: equivalence by random points and algebra, unknown symbols, known mistakes."""

import pytest
from sympy import Symbol, symbols

from rnnsym.answers import Mistake, judge_expression
from rnnsym.answers.expressions import equivalent

# Parameters of a vanilla RNN, counted by hand: U (d×n), W (d×d), b (d), V (k×d), c (k).
PARAMS = "n*d + d**2 + d + k*d + k"


@pytest.mark.parametrize("text", [
    "nd + d^2 + d + kd + k",
    "d(n + d + 1) + k(d + 1)",
    "d·n + d² + d + k·d + k",
    "(d + 1)(d + k) + n d",
    "N = d (n + d + k + 1) + k",
])
def test_equivalent_forms_are_correct(text):
    assert judge_expression(text, PARAMS, name="N").verdict == "correct"


def test_a_wrong_count_is_found_by_the_points():
    v = judge_expression("n d + d^2 + k d + k", PARAMS)  # forgot the bias b
    assert (v.verdict, v.feedback) == ("incorrect", ())


def test_known_mistakes():
    rule = Mistake("n d + d^2 + k d", "no_biases", "count the biases b and c too")
    v = judge_expression("d(n + d + k)", PARAMS, mistakes=(rule,))
    assert [f.category for f in v.feedback] == ["no_biases"]


def test_symbols_outside_the_problem_are_invalid():
    v = judge_expression("h d + d^2 + d + k d + k", PARAMS)
    assert v.verdict == "invalid"
    assert v.feedback[0].message == ("the answer uses h, which is not among the problem's "
                                     "symbols: d, k, n")
    assert judge_expression("x", "n", symbols=("x",)).verdict == "incorrect"


def test_powers_and_the_bound():
    key = "(gamma*lambda)^(t - k)"
    assert judge_expression("(γλ)^(t-k)", key).verdict == "correct"
    assert judge_expression("γ^(t-k) λ^(t-k)", key).verdict == "correct"
    assert judge_expression("(γλ)^(t-k+1)", key).verdict == "incorrect"


def test_generic_sigma_must_be_proved_equal():
    # For the logistic sigmoid σ' = σ(1 − σ), but σ is generic: the points cannot prove it.
    assert judge_expression("σ'(a)", "sigma(a)*(1 - sigma(a))").verdict == "incorrect"
    assert judge_expression("σ(a) - σ(a)^2", "sigma(a)*(1 - sigma(a))").verdict == "correct"


def test_equivalent_is_deterministic_and_symmetric():
    x, y = symbols("x y")
    assert equivalent((x + y) ** 3, x**3 + 3 * x**2 * y + 3 * x * y**2 + y**3)
    assert not equivalent(x * y, x + y)
    assert not equivalent(Symbol("x"), Symbol("x") + 10**-20, seed=3)


def test_a_matrix_is_not_an_expression():
    assert judge_expression("[1, 2]", "n").feedback[0].category == "not_an_expression"


def test_a_key_with_diag_is_judged_without_a_crash():
    # SymPy would evaluate diag(…) by mpmath's diag at the random points and raise TypeError.
    key = "diag(sigma'(a_i)) W"
    assert judge_expression("diag(σ'(a_i)) W", key).verdict == "correct"
    assert judge_expression("sigma'(a_i) W", key).verdict == "incorrect"
