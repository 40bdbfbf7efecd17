"""The bound's constants and verdicts, by hand."""

from fractions import Fraction

import pytest

from rnnsym.solvers import SolveError
from rnnsym.solvers.bound import solve


@pytest.mark.parametrize(
    ("activation", "lam", "rate", "verdict"),
    [
        ("sigmoid", "3", Fraction(3, 4), "vanishing"),
        ("sigmoid", 4, Fraction(1), "undetermined"),
        ("sigmoid", "5", Fraction(5, 4), "undetermined"),
        ("tanh", "0.9", Fraction(9, 10), "vanishing"),
        ("tanh", "1", Fraction(1), "undetermined"),
        ("tanh", "3/2", Fraction(3, 2), "undetermined"),
    ],
)
def test_verdicts(activation, lam, rate, verdict):
    result = solve(activation, lam=lam)
    assert result.rate == rate and result.key == verdict


def test_gamma_and_the_bound_at_a_lag():
    result = solve("sigmoid", lam="2", lag=3)
    assert result.gamma == Fraction(1, 4)
    assert result.bound == Fraction(1, 8)
    assert solve("tanh", lam="1").gamma == 1


def test_lambda_from_w_is_the_spectral_norm():
    assert solve("tanh", W="[[3, 0], [0, 4]]").lam == pytest.approx(4.0)
    # [[1, 1], [0, 1]] has singular values (1 ± √5)/2 in size: the golden ratio.
    assert solve("tanh", W=[[1, 1], [0, 1]]).lam == pytest.approx((1 + 5**0.5) / 2)


def test_the_boundary_from_a_matrix_counts_as_one():
    result = solve("sigmoid", W="[[4, 0], [0, 1]]")
    assert result.key == "undetermined" and "proves nothing" in result.reason


def test_above_one_names_exploding_as_possible_only():
    result = solve("tanh", lam="2")
    assert "possible" in result.reason and "not implied" in result.reason


@pytest.mark.parametrize(
    ("kwargs", "why"),
    [({}, "either"), ({"lam": "1", "W": "[[1]]"}, "either"), ({"lam": "nan"}, "finite"),
     ({"lam": "-1"}, "negative"), ({"W": "[[1, 2]]"}, "square"), ({"lam": "1", "lag": -1}, "lag")],
)
def test_bad_input(kwargs, why):
    with pytest.raises(SolveError, match=why):
        solve("tanh", **kwargs)
