"""The explicit BPTT gradient, checked against sympy.diff, numeric.backward and by hand.

The full grid of larger networks (d = 3, T = 3) runs only with RNNSYM_SLOW_TESTS=1; the
default run covers every activation, convention, output and parameter at d = 2, T = 2.
"""

from __future__ import annotations

import itertools
import os

import numpy as np
import pytest
from sympy import Function, ImmutableMatrix, Matrix, Symbol, diag, expand, symbols, tanh

from rnnsym import explicit
from rnnsym.explicit import explicit_gradient, lambdify_gradient, verify
from rnnsym.model import Model, ModelError

PARAMS = ("W", "U", "b", "V", "c", "s0")
HEADS = (("softmax", "cross_entropy"), ("sigmoid", "cross_entropy"), ("identity", "mse"))
slow = pytest.mark.skipif(not os.environ.get("RNNSYM_SLOW_TESTS"),
                          reason="set RNNSYM_SLOW_TESTS=1 for the full grid")


def model(activation="tanh", convention="column", head=HEADS[0], **sizes) -> Model:
    sizes = {"n": 2, "d": 2, "k": 2} | sizes
    return Model(activation=activation, convention=convention, output=head[0], loss=head[1],
                 **sizes)


def substituted(g) -> Matrix:
    """The gradient with every subexpression written out, innermost last."""
    matrix = g.matrix
    for lhs, rhs in reversed(g.subexpressions):
        matrix = matrix.xreplace({lhs: rhs})
    return matrix


# --- by hand ------------------------------------------------------------------------------


def test_scalar_network_matches_the_chain_rule_written_by_hand():
    m = Model(n=1, d=1, k=1, activation="tanh", output="identity", loss="mse")
    U, W, b, V, c, s0, x1, x2, r1, r2 = symbols("U W b V c s0 x1 x2 r1 r2")
    s1 = tanh(U * x1 + W * s0 + b)
    s2 = tanh(U * x2 + W * s1 + b)
    y1, y2 = V * s1 + c, V * s2 + c
    # ∂L/∂W = ∂L_1/∂W + ∂L_2/∂W, the second through s_2 and, via W, through s_1.
    by_hand = ((y1 - r1) * V * (1 - s1**2) * s0
               + (y2 - r2) * V * (1 - s2**2) * (s1 + W * (1 - s1**2) * s0))
    g = explicit_gradient(m, "W", steps=2)
    names = {"U_11": U, "W_11": W, "b_1": b, "V_11": V, "c_1": c, "s_01": s0, "x_11": x1,
             "x_21": x2, "target_11": r1, "target_21": r2}
    ours = substituted(g)[0, 0].xreplace({Symbol(k): v for k, v in names.items()})
    assert expand(ours - by_hand) == 0


def test_softmax_cross_entropy_output_gradient_is_y_minus_the_one_hot_class():
    g = explicit_gradient(Model(n=1, d=1, k=3), "V", steps=2)
    s1, s2 = Symbol("s_11"), Symbol("s_21")
    y = {(t, j): Symbol(f"y_{t}{j}") for t in (1, 2) for j in (1, 2, 3)}
    # c_1 = 1, c_2 = 2: the documented default classes.
    expected = Matrix([[(y[1, 1] - 1) * s1 + y[2, 1] * s2],
                       [y[1, 2] * s1 + (y[2, 2] - 1) * s2],
                       [y[1, 3] * s1 + y[2, 3] * s2]])
    assert (g.matrix - expected).applyfunc(expand) == Matrix.zeros(3, 1)
    assert g.classes == ((1, 1), (2, 2))


@pytest.mark.parametrize("convention", ["column", "row"])
def test_gradient_has_the_shape_of_its_parameter(convention):
    m = Model(n=2, d=3, k=4, convention=convention)
    expected = {"U": (3, 2), "W": (3, 3), "V": (4, 3), "b": (3, 1), "c": (4, 1), "s0": (3, 1)}
    if convention == "row":
        expected |= {"U": (2, 3), "V": (3, 4)}
    for param, shape in expected.items():
        g = explicit_gradient(m, param, steps=1)
        assert g.matrix.shape == shape == g.symbols[param].shape
        assert isinstance(g.matrix, ImmutableMatrix)


def test_entries_are_written_in_named_subexpressions_in_dependency_order():
    g = explicit_gradient(model(d=3), "W", steps=3)
    assert not g.matrix.atoms(Function)  # no tanh left in the formula itself
    known = {s for m in g.symbols.values() for s in m}
    for lhs, rhs in g.subexpressions:
        assert rhs.free_symbols <= known
        known.add(lhs)
    names = [str(lhs) for lhs, _ in g.subexpressions]
    assert names[:4] == ["a_11", "a_12", "a_13", "s_11"]
    assert str(dict(g.subexpressions)[Symbol("a_11")]) == (
        "U_11*x_11 + U_12*x_12 + W_11*s_01 + W_12*s_02 + W_13*s_03 + b_1")
    assert dict(g.subexpressions)[Symbol("sigmaprime_21")] == 1 - Symbol("s_21") ** 2


def test_terms_follow_the_sum_over_t_and_k_with_truncation():
    g = explicit_gradient(model(), "W", steps=3)
    assert g.terms == ((1, 1), (2, 2), (2, 1), (3, 3), (3, 2), (3, 1))
    assert explicit_gradient(model(), "W", 3, truncate=2).terms == ((1, 1), (2, 2), (2, 1),
                                                                     (3, 3), (3, 2))
    # s_0 counts as k = 0: with K = 2 only L_1 reaches it.
    assert explicit_gradient(model(), "s0", 3, truncate=2).terms == ((1, 0),)
    assert explicit_gradient(model(), "V", 3, loss_at=2).terms == ((2, 2),)


# --- verification against sympy.diff and numeric.backward ---------------------------------


GRID = list(itertools.product(["tanh", "sigmoid"], ["column", "row"], HEADS, PARAMS))
GRID_IDS = ["-".join((a, c, *h, p)) for a, c, h, p in GRID]


@pytest.mark.parametrize(("activation", "convention", "head", "param"), GRID, ids=GRID_IDS)
def test_verify_passes_for_every_activation_convention_output_and_parameter(
        activation, convention, head, param):
    v = verify(model(activation, convention, head, n=1 + len(param) % 2), param, steps=2)
    assert v.passed, v.checks
    assert v.symbolic_difference == 0 and v.mismatched == ()
    assert v.numeric_difference <= v.tolerance == 1e-10
    assert [name for name, _, _ in v.checks] == [
        "BPTT sum vs sympy.diff of the unrolled loss",
        "lambdified BPTT sum vs numeric.backward()"]


@slow
@pytest.mark.parametrize(("activation", "convention", "head", "param"), GRID, ids=GRID_IDS)
def test_verify_passes_on_the_larger_grid(activation, convention, head, param):
    assert verify(model(activation, convention, head, d=3), param, steps=3).passed


def test_verify_the_benchmark_case_within_its_time_budget():
    v = verify(Model(n=2, d=3, k=2), "W", steps=3)
    assert v.passed and v.symbolic_difference == 0
    assert v.seconds < 10


@pytest.mark.parametrize(("param", "window", "symbolic_ran"), [
    ("W", 1, False), ("W", 2, False), ("W", 3, True),
    ("s0", 3, False), ("s0", 4, True), ("b", 2, False), ("V", 1, True)])
def test_truncation_is_checked_numerically_and_exactly_when_nothing_is_dropped(
        param, window, symbolic_ran):
    v = verify(model("sigmoid", "row", HEADS[2]), param, steps=3, truncate=window)
    names = [name for name, _, _ in v.checks]
    assert v.passed, v.checks
    assert names[-1] == f"lambdified BPTT sum vs numeric.backward(truncate={window})"
    assert (v.symbolic_difference is not None) == symbolic_ran == (len(names) == 2)


def test_truncated_gradient_differs_from_the_full_one():
    m = model()
    full = lambdify_gradient(explicit_gradient(m, "W", 3))
    cut = lambdify_gradient(explicit_gradient(m, "W", 3, truncate=1))
    values = random_values(explicit_gradient(m, "W", 3), seed=1)
    assert np.max(np.abs(full(values) - cut(values))) > 1e-3


@pytest.mark.parametrize("loss_at", [1, 2, 3])
def test_loss_at_takes_one_step_and_the_steps_add_up(loss_at):
    m = model("tanh", "row")
    v = verify(m, "U", steps=3, loss_at=loss_at)
    assert v.passed and v.gradient.loss_steps == (loss_at,)
    parts = [explicit_gradient(m, "U", 3, loss_at=t) for t in (1, 2, 3)]
    whole = explicit_gradient(m, "U", 3)
    values = random_values(whole, seed=2)
    total = sum(lambdify_gradient(p)(values) for p in parts)
    np.testing.assert_allclose(total, lambdify_gradient(whole)(values), atol=1e-12)


@pytest.mark.parametrize(("architecture", "steps", "inputs", "losses"), [
    ("many-to-one", 3, ("x_1", "x_2", "x_3"), (3,)),
    ("one-to-many", 3, ("x_1",), (1, 2, 3)),
    ("one-to-one", 1, ("x_1",), (1,)),
])
def test_architectures_place_inputs_and_losses(architecture, steps, inputs, losses):
    m = Model(n=2, d=2, k=2, activation="sigmoid", architecture=architecture)
    for param in ("W", "U", "s0"):
        v = verify(m, param, steps)
        assert v.passed, (param, v.checks)
        assert tuple(n for n in v.gradient.symbols if n.startswith("x_")) == inputs
        assert v.gradient.loss_steps == losses


# --- planted errors are caught ------------------------------------------------------------


def _transposed_step(chain, i):
    # The classic slip: W where Wᵀ belongs (diag(σ') ∂a_i/∂s_{i−1} transposed).
    return (diag(*chain.primes[i]) * chain.pre[i].jacobian(chain.states[i - 1])).T


def _no_activation_derivative(chain, i):
    return chain.pre[i].jacobian(chain.states[i - 1])


@pytest.mark.parametrize("planted", [_transposed_step, _no_activation_derivative])
def test_a_wrong_step_jacobian_fails_both_checks(monkeypatch, planted):
    monkeypatch.setattr(explicit, "_step_jacobian", planted)
    v = verify(model(d=2), "W", steps=2)
    assert not v.passed
    assert v.symbolic_difference != 0 and v.mismatched
    assert v.numeric_difference > 1e-6
    assert [ok for _, _, ok in v.checks] == [False, False]


def test_dropping_the_terms_through_time_fails(monkeypatch):
    real = explicit._terms
    # Only the immediate terms k = t: "forgetting the sum over k".
    monkeypatch.setattr(explicit, "_terms", lambda steps, param, truncate: tuple(
        (t, k) for t, k in real(steps, param, truncate) if t == k))
    v = verify(model("sigmoid", "row"), "U", steps=2)
    assert not v.passed and v.symbolic_difference != 0


def test_a_planted_error_under_truncation_is_caught_numerically(monkeypatch):
    monkeypatch.setattr(explicit, "_step_jacobian", _transposed_step)
    v = verify(model(d=2), "W", steps=3, truncate=2)
    assert v.symbolic_difference is None and not v.passed


# --- the API around it --------------------------------------------------------------------


def random_values(g, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {name: 0.5 * rng.standard_normal(m.shape) for name, m in g.symbols.items()}


def test_lambdify_gradient_evaluates_the_substituted_formula():
    g = explicit_gradient(model("sigmoid", "row", HEADS[1]), "W", steps=2)
    values = random_values(g, seed=3)
    point = {s: float(v) for name, m in g.symbols.items()
             for s, v in zip(m, values[name].reshape(-1), strict=True)}
    expected = np.array(substituted(g).xreplace(point).evalf(), dtype=float)
    np.testing.assert_allclose(lambdify_gradient(g)(values), expected, atol=1e-12)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"param": "Q"}, "parameter 'Q'"),
    ({"loss_at": 4}, "loss_at"),
    ({"truncate": 0}, "window K"),
    ({"truncate": True}, "window K"),
    ({"steps": 0}, "steps T"),
])
def test_bad_requests_raise_model_errors(kwargs, message):
    request = {"model": model(), "param": "W", "steps": 3} | kwargs
    with pytest.raises(ModelError, match=message):
        explicit_gradient(**request)


def test_loss_at_must_be_a_step_with_a_loss():
    with pytest.raises(ModelError, match=r"\(3\) for many-to-one"):
        explicit_gradient(Model(n=1, d=2, k=2, architecture="many-to-one"), "W", 3, loss_at=1)


def test_verify_needs_at_least_one_point():
    with pytest.raises(ModelError, match="points"):
        verify(model(), "W", 2, points=0)
