"""Clipping, exactly: the notes' example and hand-worked cases."""

import math

import pytest
import sympy

from rnnsym.solvers import SolveError
from rnnsym.solvers.clip import solve


def test_notes_example_exact():
    result = solve("[3, 4]", 1)
    assert result.key == [sympy.Rational(3, 5), sympy.Rational(4, 5)]
    assert result.norm_before == 5 and result.norm_after == 1
    assert result.changed
    assert result.numeric.tolist() == pytest.approx([0.6, 0.8])


def test_irrational_norm_stays_exact():
    result = solve([1, 1], 1)
    assert result.key == [sympy.sqrt(2) / 2] * 2
    assert [float(v) for v in result.key] == pytest.approx([1 / math.sqrt(2)] * 2)


def test_matrix_frobenius_norm():
    # ‖[[3, 4], [0, 12]]‖_F = 13; τ = 6.5 halves it.
    result = solve("[[3, 4], [0, 12]]", "6.5")
    assert result.key == [[sympy.Rational(3, 2), 2], [0, 6]]
    assert result.norm_after == sympy.Rational(13, 2)


def test_below_the_threshold_nothing_changes():
    result = solve("[0.3, 0.4]", 1)
    assert not result.changed and result.key == [sympy.Rational(3, 10), sympy.Rational(2, 5)]


def test_elementwise_changes_the_direction():
    result = solve("[3, -4]", 1, elementwise=True)
    assert result.key == [1, -1] and result.kind == "elementwise"
    assert result.norm_after == sympy.sqrt(2)


def test_torch_agrees():
    torch = pytest.importorskip("torch")
    g = torch.tensor([1.5, -2.0, 6.0], dtype=torch.float64)
    p = torch.nn.Parameter(torch.zeros(3, dtype=torch.float64))
    p.grad = g.clone()
    torch.nn.utils.clip_grad_norm_([p], 2.0)
    assert [float(v) for v in solve("[1.5, -2, 6]", 2).key] == pytest.approx(p.grad.tolist())


@pytest.mark.parametrize(
    ("gradient", "threshold", "why"),
    [("[3, 4]", 0, "positive"), ("[3, 4]", "-1", "positive"), ("[]", 1, "non-empty"),
     ("[[1], [2, 3]]", 1, "rectangular"), ("[3, 4", 1, "JSON"), ("[3, 4]", "abc", "number"),
     ("[[[1]]]", 1, "vector or a matrix"), ("[Infinity]", 1, "finite")],
)
def test_bad_input(gradient, threshold, why):
    with pytest.raises(SolveError, match=why):
        solve(gradient, threshold)
