"""The checks themselves: they measure the difference they are shown, exactly."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sympy import Matrix, Symbol, exp, symbols

from rnnsym.explicit import explicit_gradient, lambdify_gradient
from rnnsym.explicit_check import _slow_difference, numeric_difference, symbolic_difference
from rnnsym.model import Model


@pytest.mark.parametrize("head", [("softmax", "cross_entropy"), ("sigmoid", "mse"),
                                  ("identity", "mse")])
def test_symbolic_difference_is_exactly_a_planted_term(head):
    g = explicit_gradient(Model(n=1, d=2, k=2, output=head[0], loss=head[1]), "W", steps=2)
    planted = Symbol("W_12") * Symbol("s_01")
    wrong = replace(g, matrix=g.matrix + Matrix([[0, planted], [0, 0]]))
    assert symbolic_difference(g) == (0, ())
    assert symbolic_difference(wrong) == (planted, ((0, 1),))


def test_numeric_difference_measures_the_distance_to_numeric_backward():
    g = explicit_gradient(Model(n=1, d=2, k=2), "b", steps=2)
    right = lambdify_gradient(g)
    assert numeric_difference(g, right, seed=0, points=2) < 1e-12
    shifted = numeric_difference(g, lambda values: right(values) + 0.25, seed=0, points=2)
    assert shifted == pytest.approx(0.25, abs=1e-12)


def test_slow_difference_reduces_rational_functions_exactly():
    x, y = symbols("x y")
    assert _slow_difference(exp(x) / (exp(x) + y) - 1 + y / (exp(x) + y)) == 0
    assert _slow_difference(x / (x + y) - 1) == -y / (x + y)


def test_numeric_check_uses_the_gradients_classes_and_loss_steps():
    # A many-to-one gradient with loss at T only: its lambdified form must agree with the
    # numeric backward, which would not be so were the data's mask or classes different.
    g = explicit_gradient(Model(n=2, d=2, k=3, architecture="many-to-one"), "V", steps=3)
    assert numeric_difference(g, lambdify_gradient(g), seed=5, points=3) < 1e-12
