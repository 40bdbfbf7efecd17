"""Forward steps, against the same computation written out by hand with NumPy."""

import numpy as np
import pytest

from rnnsym.solvers import SolveError
from rnnsym.solvers.forward import EXAMPLE, solve

U = np.array([[0.5, -0.2], [0.3, 0.4]])
W = np.array([[0.1, 0.2], [-0.3, 0.1]])
V = np.array([[1.0, -1.0], [0.5, 0.5]])
X = np.array([[1.0, 0.0], [0.0, 1.0]])


ZERO = np.zeros(2)


def _by_hand(b=ZERO, c=ZERO):
    s, out = np.zeros(2), []
    for t, x in enumerate(X):
        a = U @ x + W @ s + b
        s = np.tanh(a)
        o = V @ s + c
        y = np.exp(o) / np.exp(o).sum()
        out.append((a, s, o, y, -np.log(y[[0, 1][t]])))
    return out


def test_the_example_step_by_step():
    result = solve(**EXAMPLE)
    for t, (a, s, o, y, loss) in enumerate(_by_hand()):
        assert np.allclose(result.a[t], a) and np.allclose(result.s[t], s)
        assert np.allclose(result.o[t], o) and np.allclose(result.y[t], y)
        assert result.losses[t] == pytest.approx(loss)
    assert result.loss == pytest.approx(sum(step[4] for step in _by_hand()))


def test_row_convention_with_transposed_weights_gives_the_same():
    row = dict(U=U.T.tolist(), W=W.T.tolist(), V=V.T.tolist(), x=X.tolist(), targets=[0, 1])
    assert solve(**row, convention="row").loss == pytest.approx(solve(**EXAMPLE).loss)


def test_biases_enter():
    b, c = np.array([0.1, -0.1]), np.array([0.2, 0.0])
    result = solve(**EXAMPLE, b=b.tolist(), c=c.tolist())
    assert np.allclose(result.y[1], _by_hand(b, c)[1][3])


def test_many_to_one_takes_the_last_loss_only():
    result = solve(**{**EXAMPLE, "targets": "[1]"}, architecture="many-to-one")
    assert result.losses[0] == 0
    assert result.loss == pytest.approx(_by_hand()[1][4])


def test_mse_with_identity_output():
    result = solve(**{**EXAMPLE, "targets": "[[1, 0], [0, 1]]"}, output="identity", loss="mse")
    o = [step[2] for step in _by_hand()]
    expected = 0.5 * np.sum((o[0] - [1, 0]) ** 2) + 0.5 * np.sum((o[1] - [0, 1]) ** 2)
    assert result.loss == pytest.approx(expected)


def test_without_targets_no_loss():
    result = solve(**{**EXAMPLE, "targets": None})
    assert result.loss is None and result.key["L"] is None


@pytest.mark.parametrize(
    ("change", "why"),
    [({"W": "[[1, 2]]"}, "square"), ({"U": "[[1, 2, 3], [4, 5, 6], [7, 8, 9]]"}, "U must be"),
     ({"x": "[[1, 2, 3]]"}, "n = 2"), ({"targets": "[0, 5]"}, "class index"),
     ({"targets": "[0]"}, "one target per loss step"), ({"b": "[1]"}, "2 entries"),
     ({"x": "[[1e999, 0]]"}, "finite number")],
)
def test_bad_input(change, why):
    with pytest.raises(SolveError, match=why):
        solve(**{**EXAMPLE, **change})
