"""Term counts: hand values, and the closed forms against a plain count of (t, k) pairs."""

import pytest

from rnnsym.solvers import SolveError
from rnnsym.solvers.terms import solve


def test_many_to_many_by_hand():
    # L_1..L_4 have 1, 2, 3, 4 W-terms; with K = 2: 1, 2, 2, 2.
    assert solve(4).key == {"W": 10, "U": 10, "b": 10, "V": 4, "c": 4, "s0": 4}
    assert solve(4, window=2).key == {"W": 7, "U": 7, "b": 7, "V": 4, "c": 4, "s0": 1}


def test_many_to_one_by_hand():
    assert solve(5, architecture="many-to-one").key == {
        "W": 5, "U": 5, "b": 5, "V": 1, "c": 1, "s0": 1}
    assert solve(5, window=3, architecture="many-to-one").key["W"] == 3
    assert solve(5, window=3, architecture="many-to-one").key["s0"] == 0


def test_one_to_many_keeps_only_the_first_input():
    result = solve(4, architecture="one-to-many")
    assert result.key["U"] == 4 and result.key["W"] == 10
    assert solve(4, window=2, architecture="one-to-many").key["U"] == 2
    per_loss = dict(next(c for c in result.counts if c.param == "U").per_loss)
    assert per_loss == {1: (1,), 2: (1,), 3: (1,), 4: (1,)}


def test_one_to_one():
    assert solve(1, architecture="one-to-one").key == {
        "W": 1, "U": 1, "b": 1, "V": 1, "c": 1, "s0": 1}


def _pairs(param, arch, T, K):
    """An independent count: every (t, k) with a loss at t, a nonzero ∂s_k/∂θ, t − k < K."""
    losses = [T] if arch == "many-to-one" else range(1, T + 1)
    inputs = {1} if arch == "one-to-many" else set(range(1, T + 1))
    keep = (lambda t, k: True) if K is None else (lambda t, k: t - k < K)
    ks = {"W": lambda t: range(1, t + 1), "b": lambda t: range(1, t + 1),
          "U": lambda t: [k for k in range(1, t + 1) if k in inputs],
          "V": lambda t: [t], "c": lambda t: [t], "s0": lambda t: [0]}[param]
    return sum(1 for t in losses for k in ks(t) if keep(t, k))


@pytest.mark.parametrize("arch", ["many-to-many", "many-to-one", "one-to-many"])
@pytest.mark.parametrize("T", [1, 2, 5, 9])
@pytest.mark.parametrize("K", [None, 1, 2, 4, 9, 12])
def test_closed_forms_count_the_pairs(arch, T, K):
    result = solve(T, window=K, architecture=arch)
    for param, count in result.key.items():
        assert count == _pairs(param, arch, T, K), param


def test_closed_form_text():
    assert str(solve(6).counts[0].closed_form) == "T*(T + 1)/2"
    assert str(solve(6, window=3).counts[0].closed_form) == "K*T - K*(K - 1)/2"


@pytest.mark.parametrize(
    ("args", "why"),
    [((0,), "T"), ((3, 0), "window"), ((3, None, "sideways"), "architecture"),
     ((3, None, "one-to-one"), "exactly 1 step"), ((3, None, "many-to-many", ("Z",)), "Z")],
)
def test_bad_input(args, why):
    with pytest.raises((SolveError, ValueError), match=why):
        solve(*args)
