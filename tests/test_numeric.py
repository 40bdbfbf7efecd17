"""The NumPy RNN against things it did not compute itself.

- Gradients against finite differences of an independent forward pass written here in
  extended precision (np.longdouble), for every valid model.
- Truncated BPTT against the chain-rule sum built term by term from explicit Jacobians.
- Batches, conventions and shared initial states against their definitions.
- Clipping (test_clipping.py) and step Jacobians (test_stability.py) have their own files.
- Overflow and the stability of softmax at large logits, against values worked by hand.
- Forward passes against the numbers CS231n publishes (see tests/README.md).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rnnsym.model import ACTIVATIONS, ARCHITECTURES, CONVENTIONS, LOSSES, OUTPUTS, Model
from rnnsym.numeric import (
    Data,
    NonFiniteError,
    Params,
    backward,
    forward,
    loss_and_gradients,
    random_data,
    random_params,
)

NAMES = ("U", "W", "V", "b", "c", "s0")
VALID = [
    combo
    for combo in itertools.product(ACTIVATIONS, OUTPUTS, LOSSES, ARCHITECTURES, CONVENTIONS)
    if combo[1] in LOSSES[combo[2]].outputs
]


def rel_error(a, n) -> float:
    """max |a − n| / max(1e-8, |a| + |n|), the relative error CS231n's checks use."""
    a, n = np.asarray(a, dtype=float), np.asarray(n, dtype=float)
    return float(np.max(np.abs(a - n) / np.maximum(1e-8, np.abs(a) + np.abs(n)), initial=0.0))


def make_model(combo, n=3, d=4, k=3) -> Model:
    act, out, loss, arch, conv = combo
    return Model(n=n, d=d, k=k, activation=act, output=out, loss=loss, architecture=arch,
                 convention=conv)


def instance(model: Model, steps: int, batch: int, seed: int, scale: float = 0.5):
    rng = np.random.default_rng(seed)
    return random_params(model, rng, scale), random_data(model, steps, batch, rng)


def column(model: Model, params: Params) -> dict:
    """U, W, V, b, c in the column form, whatever the model's convention."""
    flip = CONVENTIONS[model.convention].transposed
    return {name: (getattr(params, name).T if flip and name in "UWV" else getattr(params, name))
            for name in ("U", "W", "V", "b", "c")}


# --- an independent forward pass in extended precision ------------------------------------
# The finite differences below differentiate this, not rnnsym's forward: float64 noise
# (~1e-16 of the loss, i.e. ~1e-13 after dividing by h) cannot resolve the entries that are
# exactly zero (a class never targeted) or vanish through many sigmoid steps (~1e-9) at the
# 1e-8 floor of the relative error. np.longdouble moves that noise floor to ~1e-16.
# test_forward_matches_the_reference ties this reference to rnnsym's forward.

XP = np.longdouble
ACT = {"sigmoid": lambda a: 1 / (1 + np.exp(-a)), "tanh": np.tanh}


def _log_softmax(o):
    shifted = o - o.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def _pick(o, cls):
    return np.take_along_axis(o, np.broadcast_to(cls[..., None], o.shape[:-1] + (1,)), -1)[..., 0]


OUTPUT_Y = {
    "softmax": lambda o: np.exp(_log_softmax(o)),
    "sigmoid": lambda o: 1 / (1 + np.exp(-o)),
    "identity": lambda o: o,
}
CROSS_ENTROPY = {  # −log y_c from the logits, without forming y
    "softmax": lambda o, cls: -_pick(_log_softmax(o), cls),
    "sigmoid": lambda o, cls: np.log1p(np.exp(-_pick(o, cls))),
}


def step_loss(model: Model, o, target):
    """L_t for o (E, B, k) and the targets of that step (B, k): shape (E, B)."""
    if model.loss == "cross_entropy":
        return CROSS_ENTROPY[model.output](o, np.argmax(target, axis=-1)[None])
    return 0.5 * ((OUTPUT_Y[model.output](o) - target) ** 2).sum(axis=-1)


def reference_terms(model: Model, weights: dict, x, s0, targets):
    """The losses L_t of every sequence of E networks at once: shape (E, B, T).

    Step by step, in the column form. weights: U, W, V, b, c with a leading axis E, in the
    model's convention; s0 (E, B, d). Zero at the steps without a loss.
    """
    col = dict(weights)
    if CONVENTIONS[model.convention].transposed:
        col.update({name: np.swapaxes(col[name], -1, -2) for name in ("U", "W", "V")})
    steps = x.shape[1]
    s, terms = s0, np.zeros(s0.shape[:2] + (steps,), dtype=s0.dtype)
    for t in range(1, steps + 1):
        a = (np.einsum("edn,bn->ebd", col["U"], x[:, t - 1])
             + np.einsum("edf,ebf->ebd", col["W"], s) + col["b"][:, None, :])
        s = ACT[model.activation](a)
        if t in model.loss_steps(steps):
            o = np.einsum("ekd,ebd->ebk", col["V"], s) + col["c"][:, None, :]
            terms[:, :, t - 1] = step_loss(model, o, targets[:, t - 1])
    return terms


def reference_losses(model: Model, weights: dict, x, s0, targets):
    """The batch loss of each of E networks: (E,)."""
    return reference_terms(model, weights, x, s0, targets).sum(axis=(1, 2))


def reference_loss(model: Model, params: Params, data: Data, dtype=XP) -> float:
    weights = {name: np.asarray(getattr(params, name), dtype)[None] for name in NAMES[:5]}
    return reference_losses(model, weights, np.asarray(data.x, dtype),
                            np.asarray(data.s0, dtype)[None], np.asarray(data.targets, dtype))[0]


# f'(x) ≈ Σ_m w_m (f(x + m h) − f(x − m h)) / 60h, exact for polynomials of degree ≤ 6.
STENCIL = ((1, 45), (2, -9), (3, 1))
SPACINGS = (1, 2)  # h and 2h, for one Richardson step


def slope(f, h):
    """f'(x) from f[..., j, i, 0] = f(x + m_i s_j h) and f[..., j, i, 1] = f(x − m_i s_j h).

    The 6-point stencil at spacings h and 2h, then one Richardson step: the stencil's error
    is c h⁶ + O(h⁸), so (64 D(h) − D(2h)) / 63 leaves O(h⁸), at no cost in rounding noise.
    """
    # Differences first, so that a function that does not move gives exactly zero.
    weights = np.array([w for _, w in STENCIL], dtype=np.asarray(f).dtype)
    spacing = np.array(SPACINGS, dtype=np.asarray(f).dtype)
    d = ((f[..., 0] - f[..., 1]) @ weights) / (60 * h * spacing)
    return (64 * d[..., 0] - d[..., 1]) / 63


def moves(h):
    """The offsets at which slope() wants f, in its order."""
    return [(j, i, side, sign * m * s * h)
            for j, s in enumerate(SPACINGS) for i, (m, _) in enumerate(STENCIL)
            for side, sign in enumerate((1, -1))]


STEPS = (2e-3, 2.5e-4)  # a step for flat directions, one for sharp ones


def fd_gradients(model: Model, params: Params, data: Data) -> dict:
    """∂L/∂θ by central differences on the extended-precision reference.

    Rounding noise (an ulp of each L_t, over h) wants a large h, and sharp directions (an
    entry of W near 3 amplifies s_0 at every step) want a small one: the 4-point stencil's
    O(h⁴) error reaches 1e-7 already at h = 1e-3 with weights of norm ~1. So: the 6-point
    stencil with a Richardson step (O(h⁸)) at two steps, and per entry the large step's
    estimate unless the small step's differs from it by more than its own rounding noise,
    which is then the large step's truncation error showing. Every perturbation of one
    parameter is evaluated at once along the reference's ensemble axis, and each L_t is
    differenced before the sum, so that rounding is relative to each L_t, not to L.
    """
    base = {name: np.asarray(getattr(params, name), XP) for name in NAMES[:5]}
    base["s0"] = np.asarray(data.s0, XP)
    x, targets = np.asarray(data.x, XP), np.asarray(data.targets, XP)
    weights = {key: base[key][None] for key in NAMES[:5]}
    scale = np.abs(reference_terms(model, weights, x, base["s0"][None], targets)).sum()
    noise = 64 * np.finfo(XP).eps * scale / XP(STEPS[1])
    offsets = [move for h in STEPS for move in moves(XP(h))]
    grads = {}
    for name, arr in base.items():
        entries = list(np.ndindex(arr.shape))
        ens = len(offsets) * len(entries)
        stacked = {key: np.broadcast_to(val, (ens,) + val.shape) for key, val in base.items()}
        moved = np.array(stacked[name])
        for e, idx in enumerate(entries):
            for o, (_, _, _, offset) in enumerate(offsets):
                moved[(len(offsets) * e + o,) + idx] += offset
        stacked[name] = moved
        terms = reference_terms(model, {key: stacked[key] for key in NAMES[:5]}, x,
                                stacked["s0"], targets)
        f = terms.reshape((len(entries), len(STEPS), len(SPACINGS), len(STENCIL), 2, -1))
        f = np.moveaxis(f, -1, 2)  # (entry, step, t, spacing, point, side)
        large, small = (slope(f[:, i], XP(h)).sum(axis=1) for i, h in enumerate(STEPS))
        best = np.where(np.abs(large - small) > noise, small, large)
        grads[name] = best.astype(np.float64).reshape(arr.shape)
    return grads


# --- gradients against finite differences -------------------------------------------------


def test_the_stencil_is_exact_to_rounding_on_known_derivatives():
    h = XP(2e-3)
    for f, df, x0 in [(np.sin, np.cos, XP(0.3)), (np.exp, np.exp, XP(-1.2)),
                      (np.tanh, lambda x: 1 / np.cosh(x) ** 2, XP(2.5))]:
        values = np.empty((len(SPACINGS), len(STENCIL), 2), dtype=XP)
        for j, i, side, offset in moves(h):
            values[j, i, side] = f(x0 + offset)
        assert abs(slope(values, h) - df(x0)) < 1e-16


@st.composite
def instances(draw, architecture: str):
    sizes = [draw(st.integers(1, 4)) for _ in range(3)]
    steps = 1 if ARCHITECTURES[architecture].max_steps == 1 else draw(st.integers(1, 5))
    return (sizes, steps, draw(st.integers(1, 3)), draw(st.integers(0, 2**32 - 1)),
            draw(st.sampled_from([0.3, 0.6, 1.0, 1.5])))


@pytest.mark.parametrize("combo", VALID, ids=lambda c: "-".join(c))
@settings(max_examples=8, derandomize=True, deadline=None)
@given(data=st.data())
def test_gradients_match_finite_differences(combo, data):
    (n, d, k), steps, batch, seed, scale = data.draw(instances(combo[3]))
    model = make_model(combo, n, d, k)
    params, batch_data = instance(model, steps, batch, seed, scale)
    analytic = backward(model, params, batch_data).as_dict()
    numeric = fd_gradients(model, params, batch_data)
    for name in NAMES:
        assert analytic[name].shape == numeric[name].shape
        err = rel_error(analytic[name], numeric[name])
        assert err < 1e-7, f"{name}: relative error {err:.2e}"


@pytest.mark.parametrize("combo", VALID, ids=lambda c: "-".join(c))
def test_forward_matches_the_reference(combo):
    model = make_model(combo)
    steps = 1 if combo[3] == "one-to-one" else 5
    params, data = instance(model, steps, batch=3, seed=7)
    expected = float(reference_loss(model, params, data))
    assert math.isclose(forward(model, params, data).loss, expected, rel_tol=1e-13)
    assert math.isclose(loss_and_gradients(model, params, data)[0], expected, rel_tol=1e-13)


def test_the_finite_differences_resolve_tiny_and_zero_entries():
    # many-to-one with sigmoid: ∂L/∂s_0 passes through T steps of σ' ≤ 1/4 and is tiny;
    # k classes with only one targeted: the other rows of ∂L/∂V are exactly zero.
    model = Model(n=2, d=3, k=3, activation="sigmoid", output="sigmoid",
                  loss="cross_entropy", architecture="many-to-one")
    params, data = instance(model, steps=10, batch=1, seed=3)
    analytic = backward(model, params, data).as_dict()
    numeric = fd_gradients(model, params, data)
    assert np.max(np.abs(analytic["s0"])) < 1e-8
    assert np.count_nonzero(analytic["V"] == 0) == 3 * (3 - 1)
    for name in NAMES:
        assert rel_error(analytic[name], numeric[name]) < 1e-7


# --- truncated BPTT against the explicit sum of Jacobian products -------------------------

OUTPUT_JACOBIAN = {  # ∂y/∂o
    "softmax": lambda y: np.diag(y) - np.outer(y, y),
    "sigmoid": lambda y: np.diag(y * (1 - y)),
    "identity": lambda y: np.eye(len(y)),
}
DL_DO = {  # ∂L_t/∂o_t, worked by hand for each (loss, output)
    ("cross_entropy", "softmax"): lambda y, t: y - t,
    ("cross_entropy", "sigmoid"): lambda y, t: -t * (1 - y),
}


def dl_do(model: Model, y, target):
    rule = DL_DO.get((model.loss, model.output))
    if rule is not None:
        return rule(y, target)
    return OUTPUT_JACOBIAN[model.output](y).T @ (y - target)  # ½‖y − t‖²


def chain_rule_sum(model: Model, params: Params, data: Data, window: int | None) -> dict:
    """∂L/∂θ as Σ_t Σ_k ∂L_t/∂s_t · (Π_{i=k+1}^{t} ∂s_i/∂s_{i−1}) · ∂⁺s_k/∂θ, t − k < K.

    Built term by term, with every Jacobian an explicit d×d matrix, in the column form;
    s_0 counts as k = 0. `window` None keeps every term.
    """
    p = column(model, params)
    sigma, prime = ACT[model.activation], ACTIVATIONS[model.activation].prime_from_state
    steps = data.x.shape[1]
    window = steps + 1 if window is None else window
    grads = {name: np.zeros_like(p[name]) for name in ("U", "W", "V", "b", "c")}
    grads["s0"] = np.zeros_like(data.s0)
    for seq in range(data.x.shape[0]):
        x, s = data.x[seq], [data.s0[seq]]
        for t in range(steps):
            s.append(sigma(p["U"] @ x[t] + p["W"] @ s[-1] + p["b"]))
        jac = [None] + [np.diag(prime(s[i])) @ p["W"] for i in range(1, steps + 1)]
        for t in model.loss_steps(steps):
            y = OUTPUT_Y[model.output](p["V"] @ s[t] + p["c"])
            delta_o = dl_do(model, y, data.targets[seq, t - 1])
            grads["V"] += np.outer(delta_o, s[t])
            grads["c"] += delta_o
            g = p["V"].T @ delta_o  # ∂L_t/∂s_t
            for k in range(t, max(t - window, -1), -1):
                product = np.eye(model.d)
                for i in range(t, k, -1):
                    product = product @ jac[i]  # ∂s_t/∂s_k = J_t ⋯ J_{k+1}
                through = g @ product
                if k == 0:
                    grads["s0"][seq] += through
                    continue
                delta_a = through * prime(s[k])
                grads["U"] += np.outer(delta_a, x[k - 1])
                grads["W"] += np.outer(delta_a, s[k - 1])
                grads["b"] += delta_a
    if CONVENTIONS[model.convention].transposed:
        grads.update({name: grads[name].T for name in ("U", "W", "V")})
    return grads


TRUNCATION_MODELS = [
    ("tanh", "softmax", "cross_entropy", "many-to-many", "column"),
    ("tanh", "softmax", "cross_entropy", "many-to-many", "row"),
    ("sigmoid", "sigmoid", "mse", "many-to-one", "column"),
    ("tanh", "identity", "mse", "one-to-many", "row"),
    ("sigmoid", "sigmoid", "cross_entropy", "many-to-many", "row"),
]


@pytest.mark.parametrize("combo", TRUNCATION_MODELS, ids=lambda c: "-".join(c))
@pytest.mark.parametrize("window", [1, 2, 3, 5, 6, 40, None])
def test_truncated_bptt_is_the_truncated_chain_rule_sum(combo, window):
    model = make_model(combo, n=3, d=4, k=3)
    params, data = instance(model, steps=6, batch=2, seed=11, scale=0.8)
    got = backward(model, params, data, truncate=window).as_dict()
    expected = chain_rule_sum(model, params, data, window)
    for name in NAMES:
        np.testing.assert_allclose(got[name], expected[name], rtol=1e-10, atol=1e-13,
                                   err_msg=name)


@pytest.mark.parametrize("combo", TRUNCATION_MODELS, ids=lambda c: "-".join(c))
@pytest.mark.parametrize("window", [6, 7, 100])
def test_a_window_of_at_least_t_is_full_bptt(combo, window):
    model = make_model(combo)
    params, data = instance(model, steps=6, batch=2, seed=5)
    full = backward(model, params, data).as_dict()
    truncated = backward(model, params, data, truncate=window).as_dict()
    for name in ("U", "W", "V", "b", "c"):
        np.testing.assert_allclose(truncated[name], full[name], rtol=1e-13, atol=1e-15)
    # s_0 counts as k = 0, so L_T reaches it with t − k = T: K = T drops that one path.
    if window > 6:
        np.testing.assert_allclose(truncated["s0"], full["s0"], rtol=1e-13, atol=1e-15)
    else:
        last_path = chain_rule_sum(model, params, data, None)["s0"] - chain_rule_sum(
            model, params, data, 6)["s0"]
        assert np.all(np.abs(last_path) > 0)
        np.testing.assert_allclose(full["s0"] - truncated["s0"], last_path, rtol=1e-9,
                                   atol=1e-15)


def test_a_window_of_one_keeps_only_the_immediate_terms():
    model = Model(n=2, d=3, k=2)
    params, data = instance(model, steps=4, batch=2, seed=2)
    got = backward(model, params, data, truncate=1).as_dict()
    # K = 1: ∂L/∂W = Σ_t ∂L_t/∂s_t · ∂⁺s_t/∂W, and s_0 (k = 0) receives nothing.
    assert np.all(got["s0"] == 0)
    p = column(model, params)
    dw = np.zeros((3, 3))
    for seq in range(2):
        s_prev = data.s0[seq]
        for t in range(4):
            s = np.tanh(p["U"] @ data.x[seq, t] + p["W"] @ s_prev + p["b"])
            y = np.exp(p["V"] @ s + p["c"]) / np.exp(p["V"] @ s + p["c"]).sum()
            dw += np.outer((p["V"].T @ (y - data.targets[seq, t])) * (1 - s**2), s_prev)
            s_prev = s
    np.testing.assert_allclose(got["W"], dw, rtol=1e-12)


@pytest.mark.parametrize("window", [0, -1, True, False])
def test_a_bad_window_is_refused(window):
    model = Model(n=2, d=2, k=2)
    params, data = instance(model, steps=3, batch=1, seed=0)
    with pytest.raises(ValueError, match="window"):
        backward(model, params, data, truncate=window)


# --- batches, conventions, shared initial state -------------------------------------------


@pytest.mark.parametrize("combo", VALID[::3], ids=lambda c: "-".join(c))
@pytest.mark.parametrize("window", [None, 2])
def test_a_batch_gradient_is_the_sum_of_its_sequences(combo, window):
    model = make_model(combo)
    steps = 1 if combo[3] == "one-to-one" else 4
    params, data = instance(model, steps, batch=4, seed=9)
    whole = backward(model, params, data, truncate=window).as_dict()
    parts = [
        backward(model, params, Data(x=data.x[i:i + 1], s0=data.s0[i:i + 1],
                                     targets=data.targets[i:i + 1], mask=data.mask),
                 truncate=window).as_dict()
        for i in range(4)
    ]
    for name in ("U", "W", "V", "b", "c"):
        np.testing.assert_allclose(whole[name], sum(p[name] for p in parts), rtol=1e-12,
                                   atol=1e-14)
    np.testing.assert_allclose(whole["s0"], np.concatenate([p["s0"] for p in parts]),
                               rtol=1e-12, atol=1e-14)
    losses = [forward(model, params, replace(data, x=data.x[i:i + 1], s0=data.s0[i:i + 1],
                                              targets=data.targets[i:i + 1])).loss
              for i in range(4)]
    assert math.isclose(forward(model, params, data).loss, math.fsum(losses), rel_tol=1e-13)


@pytest.mark.parametrize("combo", [c for c in VALID if c[4] == "column"][::2],
                         ids=lambda c: "-".join(c[:4]))
@pytest.mark.parametrize("window", [None, 1, 3])
def test_row_gradients_are_the_column_ones_transposed(combo, window):
    col_model = make_model(combo)
    row_model = replace(col_model, convention="row")
    steps = 1 if combo[3] == "one-to-one" else 5
    col_params, data = instance(col_model, steps, batch=2, seed=4)
    row_params = Params(U=col_params.U.T, W=col_params.W.T, b=col_params.b, V=col_params.V.T,
                        c=col_params.c)
    col_grads = backward(col_model, col_params, data, truncate=window)
    row_grads = backward(row_model, row_params, data, truncate=window)
    for name in ("U", "W", "V"):
        np.testing.assert_allclose(getattr(row_grads, name), getattr(col_grads, name).T,
                                   rtol=1e-13, atol=1e-15)
    for name in ("b", "c", "s0"):
        np.testing.assert_allclose(getattr(row_grads, name), getattr(col_grads, name),
                                   rtol=1e-13, atol=1e-15)
    assert math.isclose(forward(row_model, row_params, data).loss,
                        forward(col_model, col_params, data).loss, rel_tol=1e-14)


def test_a_shared_initial_state_gets_the_sum_of_the_rows():
    model = Model(n=3, d=4, k=3, activation="sigmoid")
    params, data = instance(model, steps=4, batch=3, seed=8)
    shared = np.array([0.3, -0.2, 0.1, 0.5])
    data = replace(data, s0=np.tile(shared, (3, 1)))
    ds0 = backward(model, params, data).s0
    # L(v) with every sequence starting from the same v: finite differences in v.
    weights = {name: np.asarray(getattr(params, name), XP)[None] for name in NAMES[:5]}
    x, targets = np.asarray(data.x, XP), np.asarray(data.targets, XP)
    h = XP(1e-3)
    f = np.empty((4, len(SPACINGS), len(STENCIL), 2), dtype=XP)
    for j, (spacing, i, side, offset) in itertools.product(range(4), moves(h)):
        v = np.asarray(shared, XP).copy()
        v[j] += offset
        f[j, spacing, i, side] = reference_losses(model, weights, x, np.tile(v, (1, 3, 1)),
                                                  targets)[0]
    numeric = slope(f, h).astype(np.float64)
    assert rel_error(ds0.sum(axis=0), numeric) < 1e-7
    # Sequences differ, so their rows differ: the sum is not just B times one row.
    assert not np.allclose(ds0[0], ds0[1])


# --- reusing passes and buffers -----------------------------------------------------------


@pytest.mark.parametrize("combo", VALID[::5], ids=lambda c: "-".join(c))
@pytest.mark.parametrize("window", [None, 2])
def test_backward_can_reuse_a_forward_pass(combo, window):
    model = make_model(combo)
    steps = 1 if combo[3] == "one-to-one" else 5
    params, data = instance(model, steps, batch=3, seed=13)
    fwd = forward(model, params, data)
    kept = {name: np.copy(getattr(fwd, name)) for name in ("a", "s", "o", "y")}
    reused = backward(model, params, data, truncate=window, forward_pass=fwd).as_dict()
    fresh = backward(model, params, data, truncate=window).as_dict()
    for name in NAMES:
        np.testing.assert_allclose(reused[name], fresh[name], rtol=1e-13, atol=1e-15)
    for name, value in kept.items():  # the caller's Forward is left as it was
        np.testing.assert_array_equal(getattr(fwd, name), value)


def test_later_calls_leave_earlier_results_alone():
    # Gradients and Forwards must not share memory with anything a later call writes.
    small, large = Model(n=2, d=3, k=2), Model(n=4, d=6, k=3, activation="sigmoid")
    p_small, d_small = instance(small, steps=4, batch=2, seed=1)
    p_large, d_large = instance(large, steps=7, batch=3, seed=2)
    loss, grads = loss_and_gradients(small, p_small, d_small)
    fwd = forward(small, p_small, d_small)
    kept = {name: np.copy(g) for name, g in grads.as_dict().items()}
    kept_states = np.copy(fwd.s)
    _, other = instance(small, steps=4, batch=2, seed=3)
    for args in [(small, p_small, other), (large, p_large, d_large), (small, p_small, d_small)]:
        loss_and_gradients(*args)
        backward(*args)
    for name, value in kept.items():
        np.testing.assert_array_equal(grads.as_dict()[name], value)
    np.testing.assert_array_equal(fwd.s, kept_states)
    again_loss, again = loss_and_gradients(small, p_small, d_small)
    assert again_loss == loss
    for name, value in kept.items():
        np.testing.assert_array_equal(again.as_dict()[name], value)


def test_threads_do_not_share_working_memory():
    from concurrent.futures import ThreadPoolExecutor

    model = Model(n=5, d=16, k=4)
    jobs = [instance(model, steps=20, batch=8, seed=seed) for seed in range(6)]
    expected = [loss_and_gradients(model, *job)[1].as_dict() for job in jobs]

    def work(i):
        return [loss_and_gradients(model, *jobs[i])[1].as_dict() for _ in range(10)]

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(work, range(6)))
    for i, runs in enumerate(results):
        for grads in runs:
            for name in NAMES:
                np.testing.assert_array_equal(grads[name], expected[i][name])


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_the_in_place_rules_are_the_tables_rules(activation):
    from rnnsym.numeric import ACTIVATION_FNS, PRIME_INTO

    a = np.random.default_rng(0).standard_normal((7, 3, 5)) * 4
    s = ACTIVATION_FNS[activation](a)
    into = np.empty_like(a)
    np.testing.assert_array_equal(ACTIVATION_FNS[activation](a, out=into), s)
    np.testing.assert_array_equal(PRIME_INTO[activation](s, np.empty_like(s)),
                                  ACTIVATIONS[activation].prime_from_state(s))


# --- overflow and large logits ------------------------------------------------------------


def test_huge_weights_raise_instead_of_returning_inf():
    model = Model(n=2, d=3, k=2, output="identity", loss="mse")
    params, data = instance(model, steps=3, batch=2, seed=0)
    huge = replace(params, V=params.V * 1e300)
    with pytest.raises(NonFiniteError, match="loss"):
        forward(model, huge, data)
    with pytest.raises(NonFiniteError, match="overflowed"):
        backward(model, huge, data)


def test_huge_pre_activations_are_reported_where_they_happen():
    model = Model(n=2, d=3, k=2, output="identity", loss="mse", convention="row")
    params, data = instance(model, steps=3, batch=2, seed=0)
    # U x = 2 · 1e308 · 3 overflows, yet tanh(inf) = 1: only a is not finite.
    huge = replace(params, U=np.full_like(params.U, 1e308))
    data = replace(data, x=np.full_like(data.x, 3.0))
    with pytest.raises(NonFiniteError) as info:
        forward(model, huge, data)
    assert "a (pre-activations)" in str(info.value) and "index (0, 0, 0)" in str(info.value)
    # The gradient through tanh(±inf) is 0, which float64 represents: finite or an error,
    # never inf or nan.
    try:
        grads = backward(model, huge, data)
    except NonFiniteError:
        return
    assert all(np.all(np.isfinite(g)) for g in grads.as_dict().values())


def _fixed_logits(model: Model, logits, steps: int, targets):
    """A network whose outputs are `logits` at every step (V = 0, c = logits)."""
    k = len(logits)
    params = Params(U=np.zeros(model.shapes()["U"]), W=np.zeros((model.d, model.d)),
                    b=np.zeros(model.d), V=np.zeros(model.shapes()["V"]),
                    c=np.array(logits, dtype=float))
    data = Data(x=np.zeros((1, steps, model.n)), s0=np.zeros((1, model.d)),
                targets=np.asarray(targets, dtype=float).reshape(1, steps, k),
                mask=np.ones(steps))
    return params, data


def test_softmax_cross_entropy_is_stable_at_large_logits():
    model = Model(n=1, d=2, k=3)
    one_hot = [0.0, 1.0, 0.0]
    params, data = _fixed_logits(model, [1000.0, 999.0, 0.0], 2, one_hot * 2)
    # −log softmax(o)_2 = log(e^{1000} + e^{999} + 1) − 999 = 1 + log(1 + e^{−1}) + O(e^{−999}).
    per_step = 1.0 + math.log1p(math.exp(-1.0))
    fwd = forward(model, params, data)
    assert math.isclose(fwd.loss, 2 * per_step, rel_tol=1e-15)
    grads = backward(model, params, data)
    # ∂L/∂c = Σ_t (y − one-hot), y = (1, e^{−1}, 0) / (1 + e^{−1}).
    y = np.array([1.0, math.exp(-1.0), 0.0]) / (1.0 + math.exp(-1.0))
    np.testing.assert_allclose(grads.c, 2 * (y - one_hot), rtol=1e-14, atol=1e-300)
    assert all(np.all(np.isfinite(g)) for g in grads.as_dict().values())


def test_softmax_at_a_logit_of_1000_is_finite_and_exact():
    model = Model(n=1, d=2, k=2)
    params, data = _fixed_logits(model, [1000.0, 0.0], 1, [0.0, 1.0])
    assert forward(model, params, data).loss == 1000.0  # log(e^{1000} + 1) − 0
    params, data = _fixed_logits(model, [1000.0, 0.0], 1, [1.0, 0.0])
    assert forward(model, params, data).loss == 0.0  # e^{−1000} underflows below 1 ulp
    np.testing.assert_allclose(forward(model, params, data).y[0, 0], [1.0, 0.0], atol=1e-300)


def test_sigmoid_cross_entropy_is_stable_at_large_logits():
    model = Model(n=1, d=2, k=2, output="sigmoid")
    params, data = _fixed_logits(model, [-1000.0, 1000.0], 1, [1.0, 0.0])
    assert forward(model, params, data).loss == 1000.0  # −log σ(−1000) = log(1 + e^{1000})
    grads = backward(model, params, data)
    np.testing.assert_allclose(grads.c, [-1.0, 0.0], rtol=1e-15)  # −(1 − σ(−1000))


def test_sigmoid_activation_is_stable_at_large_pre_activations():
    model = Model(n=1, d=2, k=2, activation="sigmoid")
    params, data = instance(model, steps=2, batch=1, seed=0)
    params = replace(params, b=np.array([-800.0, 800.0]))
    fwd = forward(model, params, data)
    np.testing.assert_allclose(fwd.s[0, :, 0], 0.0, atol=1e-300)
    np.testing.assert_allclose(fwd.s[0, :, 1], 1.0, rtol=1e-15)
    assert all(np.all(np.isfinite(g)) for g in backward(model, params, data).as_dict().values())


# --- published values: CS231n assignment 3, RNN_Captioning (see tests/README.md) -----------


# The notebook prints 8 decimals: a correct value is within half a unit of the last one.
PRINTED = 0.5e-8 + 1e-15


def _cs231n_model(n: int, d: int) -> Model:
    # CS231n: next_h = tanh(x Wx + prev_h Wh + b), Wx (D, H): the row convention.
    return Model(n=n, d=d, k=1, convention="row")


def test_cs231n_rnn_step_forward():
    N, D, H = 3, 10, 4
    x = np.linspace(-0.4, 0.7, num=N * D).reshape(N, D)
    prev_h = np.linspace(-0.2, 0.5, num=N * H).reshape(N, H)
    Wx = np.linspace(-0.1, 0.9, num=D * H).reshape(D, H)
    Wh = np.linspace(-0.3, 0.7, num=H * H).reshape(H, H)
    b = np.linspace(-0.2, 0.4, num=H)
    expected_next_h = np.asarray([
        [-0.58172089, -0.50182032, -0.41232771, -0.31410098],
        [0.66854692, 0.79562378, 0.87755553, 0.92795967],
        [0.97934501, 0.99144213, 0.99646691, 0.99854353]])
    fwd = forward(_cs231n_model(D, H), Params(U=Wx, W=Wh, b=b), Data(x=x[:, None], s0=prev_h))
    assert fwd.s.shape == (N, 1, H)
    assert rel_error(fwd.s[:, 0], expected_next_h) < 1e-8  # the notebook's own threshold
    assert np.max(np.abs(fwd.s[:, 0] - expected_next_h)) <= PRINTED


def test_cs231n_rnn_forward():
    N, T, D, H = 2, 3, 4, 5
    x = np.linspace(-0.1, 0.3, num=N * T * D).reshape(N, T, D)
    h0 = np.linspace(-0.3, 0.1, num=N * H).reshape(N, H)
    Wx = np.linspace(-0.2, 0.4, num=D * H).reshape(D, H)
    Wh = np.linspace(-0.4, 0.1, num=H * H).reshape(H, H)
    b = np.linspace(-0.7, 0.1, num=H)
    expected_h = np.asarray([
        [[-0.42070749, -0.27279261, -0.11074945, 0.05740409, 0.22236251],
         [-0.39525808, -0.22554661, -0.0409454, 0.14649412, 0.32397316],
         [-0.42305111, -0.24223728, -0.04287027, 0.15997045, 0.35014525]],
        [[-0.55857474, -0.39065825, -0.19198182, 0.02378408, 0.23735671],
         [-0.27150199, -0.07088804, 0.13562939, 0.33099728, 0.50158768],
         [-0.51014825, -0.30524429, -0.06755202, 0.17806392, 0.40333043]]])
    fwd = forward(_cs231n_model(D, H), Params(U=Wx, W=Wh, b=b), Data(x=x, s0=h0))
    assert fwd.s.shape == (N, T, H)
    assert rel_error(fwd.s, expected_h) < 1e-7  # the notebook's own threshold
    assert np.max(np.abs(fwd.s - expected_h)) <= PRINTED


def test_cs231n_values_in_the_column_convention():
    # The same network written column-wise (U = Wxᵀ, W = Whᵀ) gives the same states.
    N, T, D, H = 2, 3, 4, 5
    x = np.linspace(-0.1, 0.3, num=N * T * D).reshape(N, T, D)
    h0 = np.linspace(-0.3, 0.1, num=N * H).reshape(N, H)
    Wx = np.linspace(-0.2, 0.4, num=D * H).reshape(D, H)
    Wh = np.linspace(-0.4, 0.1, num=H * H).reshape(H, H)
    b = np.linspace(-0.7, 0.1, num=H)
    model = Model(n=D, d=H, k=1)
    fwd = forward(model, Params(U=Wx.T, W=Wh.T, b=b), Data(x=x, s0=h0))
    expected = [-0.51014825, -0.30524429, -0.06755202, 0.17806392, 0.40333043]
    assert np.max(np.abs(fwd.s[1, 2] - expected)) <= PRINTED
