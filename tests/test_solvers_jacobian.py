"""The one-step Jacobian against central finite differences of s_i(s_{i−1})."""

import numpy as np
import pytest

from rnnsym.solvers import SolveError
from rnnsym.solvers.jacobian import solve

W = [[0.5, -1.0, 0.2], [2.0, 0.25, -0.3], [0.1, 0.4, 0.9]]
A = [0.0, 1.0, -0.5]
SIGMA = {"tanh": np.tanh, "sigmoid": lambda a: 1 / (1 + np.exp(-a))}


def _finite_differences(activation, convention, h=1e-6):
    w, a = np.array(W), np.array(A)
    s_prev = np.array([0.3, -0.2, 0.7])
    product = (lambda s: w @ s) if convention == "column" else (lambda s: s @ w)
    offset = a - product(s_prev)  # U x_i + b, chosen so that a_i = A at s_prev
    state = lambda s: SIGMA[activation](product(s) + offset)  # noqa: E731
    columns = [(state(s_prev + h * e) - state(s_prev - h * e)) / (2 * h) for e in np.eye(3)]
    return np.array(columns).T


@pytest.mark.parametrize("activation", ["tanh", "sigmoid"])
@pytest.mark.parametrize("convention", ["column", "row"])
def test_matches_finite_differences(activation, convention):
    result = solve(activation, W=W, a=A, convention=convention)
    assert np.allclose(result.matrix, _finite_differences(activation, convention), atol=1e-8)
    assert result.norm <= result.bound + 1e-12


def test_at_zero_tanh_gives_w_itself():
    assert np.array_equal(solve("tanh", W=[[1, 2], [3, 4]], a=[0, 0]).key, [[1, 2], [3, 4]])


def test_symbolic_form():
    assert solve("sigmoid").key == "diag(σ'(a_i)) W"
    assert solve("tanh", convention="row").key == "diag(σ'(a_i)) Wᵀ"


@pytest.mark.parametrize(
    ("kwargs", "why"),
    [({"W": "[[1, 2]]", "a": "[0]"}, "square"), ({"W": "[[1]]", "a": "[0, 1]"}, "d = 1"),
     ({"W": "[[1]]"}, "both"), ({"W": "[[NaN]]", "a": "[0]"}, "finite")],
)
def test_bad_input(kwargs, why):
    with pytest.raises(SolveError, match=why):
        solve("tanh", **kwargs)


def test_the_symbolic_answer_for_the_judge():
    from rnnsym.answers import JacobianKey

    assert solve("sigmoid").form == JacobianKey("sigmoid", "column")
    assert str(solve("tanh", convention="row").form) == "diag(σ'(a_i)) Wᵀ"
    assert solve("tanh", W=[[1]], a=[0]).form == JacobianKey("tanh", "column")
