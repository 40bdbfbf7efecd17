"""The sigmoid atom: its derivative against SymPy's own, its values against the formula."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sympy import Rational, Symbol, exp, lambdify, latex, simplify
from sympy.core.function import ArgumentIndexError

from rnnsym.sigmoid import sigmoid

x = Symbol("x")


def test_fdiff_is_the_derivative_of_the_explicit_formula():
    explicit = 1 / (1 + exp(-x))
    # The rule σ' = σ(1 − σ), and what fdiff actually returns, against SymPy's derivative.
    assert simplify(explicit.diff(x) - (sigmoid(x) * (1 - sigmoid(x))).rewrite(exp)) == 0
    assert simplify(sigmoid(x).diff(x).rewrite(exp) - explicit.diff(x)) == 0


@pytest.mark.parametrize("at", [-3.0, -0.5, 0.0, 0.7, 4.0])
def test_fdiff_agrees_numerically_with_a_central_difference(at):
    f = lambda v: 1.0 / (1.0 + math.exp(-v))  # noqa: E731
    h = 1e-5
    central = (f(at + h) - f(at - h)) / (2 * h)
    assert float(sigmoid(x).diff(x).subs(x, at).evalf()) == pytest.approx(central, abs=1e-9)
    assert float(sigmoid(at).evalf()) == pytest.approx(f(at), abs=1e-15)


def test_stays_an_atom_except_at_zero():
    y = Symbol("y")
    assert sigmoid(x + y).func is sigmoid and sigmoid(x + y).args == (x + y,)
    assert sigmoid(0) == Rational(1, 2)
    assert sigmoid(x) * sigmoid(x) == sigmoid(x) ** 2


def test_only_one_argument_has_a_derivative():
    with pytest.raises(ArgumentIndexError):
        sigmoid(x).fdiff(2)


def test_lambdify_uses_a_form_that_does_not_overflow():
    f = lambdify(x, sigmoid(x), modules="numpy")
    at = np.array([-800.0, -2.0, 0.0, 3.0, 800.0])
    with np.errstate(over="raise"):
        got = f(at)
    np.testing.assert_allclose(got[1:4], 1 / (1 + np.exp(-at[1:4])), rtol=1e-15)
    assert got[0] == 0.0 and got[-1] == 1.0


def test_lambdify_keeps_a_compound_argument_together():
    y = Symbol("y")
    f = lambdify((x, y), sigmoid(2 * x - y), modules="numpy")
    assert f(0.3, 1.1) == pytest.approx(1 / (1 + math.exp(-(0.6 - 1.1))), abs=1e-15)


def test_latex_prints_sigma_and_its_powers():
    assert latex(sigmoid(x)) == r"\sigma\left(x\right)"
    assert latex(sigmoid(x) ** 2) == r"\sigma^{2}\left(x\right)"
