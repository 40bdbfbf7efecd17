"""--expand's facts, each checked against the model's table or against NumPy by hand."""

import numpy as np
import pytest
import sympy as sp

from rnnsym.jacobians import SYMBOLIC_ACTIVATIONS, expand
from rnnsym.model import ACTIVATIONS

s = sp.Symbol("s")


@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
def test_sigma_prime_in_terms_of_s_equals_the_model_table(activation):
    e = expand(activation, "column", d=2)
    assert e.matches_table
    assert sp.simplify(e.prime_of_s - ACTIVATIONS[activation].prime_from_state(s)) == 0
    assert e.gamma == ACTIVATIONS[activation].gamma


def test_sigma_prime_is_written_as_the_notes_write_it():
    assert str(expand("sigmoid", d=1).prime_of_s) == "s*(1 - s)"
    assert str(expand("tanh", d=1).prime_of_s) == "1 - s**2"


@pytest.mark.parametrize("activation, fn", [("sigmoid", lambda a: 1 / (1 + np.exp(-a))),
                                            ("tanh", np.tanh)])
def test_derived_prime_matches_a_finite_difference(activation, fn):
    prime = sp.lambdify(sp.Symbol("a"), expand(activation, d=1).prime_of_a)
    for a in (-1.3, 0.0, 0.7):
        h = 1e-6
        assert prime(a) == pytest.approx((fn(a + h) - fn(a - h)) / (2 * h), rel=1e-8)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
@pytest.mark.parametrize("d", [1, 3, 4])
def test_state_jacobian_is_diagonal_with_sigma_prime(activation, d):
    e = expand(activation, d=d)
    assert e.is_diagonal and e.diagonal_is_prime and e.state_jacobian.shape == (d, d)
    f = SYMBOLIC_ACTIVATIONS[activation].function
    for j in range(d):
        a_j = e.a[j]
        assert sp.simplify(e.state_jacobian[j, j] - sp.diff(f(a_j), a_j)) == 0
        assert all(e.state_jacobian[j, q] == 0 for q in range(d) if q != j)


def test_inverse_functions_invert():
    for rule in SYMBOLIC_ACTIVATIONS.values():
        assert sp.simplify(rule.function(rule.inverse(s)) - s) == 0


@pytest.mark.parametrize("convention, name", [("column", "W"), ("row", "Wᵀ")])
def test_input_jacobian_against_numpy(convention, name):
    e = expand("tanh", convention, d=3)
    assert e.input_jacobian_name == name
    rng = np.random.default_rng(0)
    w = rng.standard_normal((3, 3))
    # a as the convention computes it; its Jacobian in s_prev by central differences.
    a_of = (lambda v: w @ v) if convention == "column" else (lambda v: v @ w)
    s_prev, h = rng.standard_normal(3), 1e-6
    numeric = np.column_stack([(a_of(s_prev + h * unit) - a_of(s_prev - h * unit)) / (2 * h)
                               for unit in np.eye(3)])
    subs = {sp.Symbol(f"w{p + 1}{q + 1}"): w[p, q] for p in range(3) for q in range(3)}
    derived = np.array(e.input_jacobian.subs(subs), dtype=float)
    np.testing.assert_allclose(derived, numeric, atol=1e-8)
