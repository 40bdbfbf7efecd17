"""The vanilla RNN in NumPy: batched float64 forward pass, loss, and BPTT backward.

Internally every array is in the row layout and time-major (a_t = x_t U + s_{t−1} W + b, with
arrays shaped (T, B, ·)), so that the input projection, the output layer and the dU, dV, dc
sums are single matrix products and the loop over time is the only Python loop. Parameters
may carry a leading "ensemble" axis E: E perturbed copies of the network evaluated at once,
which is how the finite-difference check batches its perturbations. backward and
loss_and_gradients keep their working arrays (those of the last call's sizes) for the next
call in the same thread.

Example:
    >>> import numpy as np
    >>> m = Model(n=3, d=4, k=2)
    >>> rng = np.random.default_rng(0)
    >>> p = random_params(m, rng)
    >>> data = random_data(m, steps=5, batch=2, rng=rng)
    >>> g = backward(m, p, data)
    >>> g.W.shape, bool(np.isfinite(forward(m, p, data).loss))
    ((4, 4), True)
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass, fields, replace

import numpy as np

from rnnsym.model import CONVENTIONS, Model

PARAMS = ("U", "W", "V", "b", "c")


class NonFiniteError(ArithmeticError):
    """The computation overflowed to inf or nan; the message says where."""


# --- the rules, each forward beside its backward ------------------------------------------


def _sigmoid(a, out=None):
    # 1/(1+e^{−a}) overflows e^{−a} for a ≪ 0; the tanh form is exact and never overflows.
    if out is None:
        return 0.5 * (1.0 + np.tanh(0.5 * a))
    # The same operations in the same order, written into `out` (the forward loop's buffer).
    np.multiply(a, 0.5, out=out)
    np.tanh(out, out=out)
    np.add(out, 1.0, out=out)
    return np.multiply(out, 0.5, out=out)


def _log_softmax(o):
    shifted = o - o.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


@dataclass(frozen=True)
class OutputRule:
    """An output function y = O(o), with what backward needs of it.

    Attributes:
        forward: o ↦ y.
        log: o ↦ log y, computed stably (None where log y is not defined).
        vjp: (y, g) ↦ (∂y/∂o)ᵀ g.
        log_vjp: (y, h) ↦ ∂(Σ_j h_j log y_j)/∂o.
    """

    forward: Callable
    log: Callable | None
    vjp: Callable
    log_vjp: Callable | None


OUTPUT_RULES = {
    "softmax": OutputRule(
        forward=lambda o: np.exp(_log_softmax(o)),
        log=_log_softmax,
        vjp=lambda y, g: y * (g - (g * y).sum(axis=-1, keepdims=True)),
        log_vjp=lambda y, h: h - y * h.sum(axis=-1, keepdims=True),
    ),
    "sigmoid": OutputRule(
        forward=_sigmoid,
        log=lambda o: -np.logaddexp(0.0, -o),
        vjp=lambda y, g: g * y * (1.0 - y),
        log_vjp=lambda y, h: h * (1.0 - y),
    ),
    "identity": OutputRule(forward=lambda o: o, log=None, vjp=lambda y, g: g, log_vjp=None),
}


@dataclass(frozen=True)
class LossRule:
    """A per-step loss, given the outputs, as a value and as its gradient with respect to o."""

    value: Callable  # (rule, o, y, target) ↦ L_t, summed over the last axis
    grad_o: Callable  # (rule, o, y, target) ↦ ∂L_t/∂o_t
    value_needs_y: bool  # False when the value is computed from o alone (y may be None)


LOSS_RULES = {
    # L_t = −Σ_j target_j log y_j, with target the one-hot vector of the class c_t.
    "cross_entropy": LossRule(
        value=lambda rule, o, y, t: -(t * rule.log(o)).sum(axis=-1),
        grad_o=lambda rule, o, y, t: -rule.log_vjp(y, t),
        value_needs_y=False,
    ),
    "mse": LossRule(
        value=lambda rule, o, y, t: 0.5 * ((y - t) ** 2).sum(axis=-1),
        grad_o=lambda rule, o, y, t: rule.vjp(y, y - t),
        value_needs_y=True,
    ),
}

# σ(a), and σ(a, out=buffer) writing into a buffer.
ACTIVATION_FNS = {"sigmoid": _sigmoid, "tanh": np.tanh}
# σ' from the state s = σ(a): model.ACTIVATIONS' prime_from_state, operation for operation,
# written into a buffer (backward reuses a dead one rather than page in fresh memory).
PRIME_INTO = {
    "sigmoid": lambda s, out: np.multiply(s, np.subtract(1.0, s, out=out), out=out),
    "tanh": lambda s, out: np.subtract(1.0, np.square(s, out=out), out=out),
}


# --- data ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Params:
    """The weights, in the model's convention (row: U is n×d, V is d×k; column: U is d×n).

    V and c are None for a network run as a recurrence alone.
    """

    U: np.ndarray
    W: np.ndarray
    b: np.ndarray
    V: np.ndarray | None = None
    c: np.ndarray | None = None


@dataclass(frozen=True)
class Data:
    """A batch of sequences.

    Attributes:
        x: inputs, (B, T, n); zero rows where the architecture takes no input.
        s0: initial states, (B, d).
        targets: target vectors, (B, T, k) (one-hot rows for cross-entropy), or None.
        mask: (T,) weights of the steps' losses, 1 where a loss is taken, else 0.
    """

    x: np.ndarray
    s0: np.ndarray
    targets: np.ndarray | None = None
    mask: np.ndarray | None = None

    @property
    def steps(self) -> int:
        return self.x.shape[1]


@dataclass(frozen=True)
class Forward:
    """The forward pass of one batch, batch-major: a, s (B, T, d); o, y (B, T, k).

    `losses` is (B, T), zero at steps without a loss; `loss` is their sum (the batch's loss).
    """

    a: np.ndarray
    s: np.ndarray
    o: np.ndarray | None
    y: np.ndarray | None
    losses: np.ndarray | None
    loss: float | None


@dataclass(frozen=True)
class Gradients:
    """∂L/∂θ for every parameter, each in the shape (and convention) its parameter has."""

    U: np.ndarray
    W: np.ndarray
    b: np.ndarray
    s0: np.ndarray
    V: np.ndarray | None = None
    c: np.ndarray | None = None

    def as_dict(self) -> dict[str, np.ndarray]:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        return {name: value for name, value in values.items() if value is not None}


def to_row(model: Model, params: Params) -> Params:
    """The same weights in the row layout (column U, W, V are the row ones transposed)."""
    if not CONVENTIONS[model.convention].transposed:
        t = lambda m: None if m is None else np.swapaxes(m, -1, -2)  # noqa: E731
        return replace(params, U=t(params.U), W=t(params.W), V=t(params.V))
    return params


def random_params(model: Model, rng: np.random.Generator, scale: float = 0.5) -> Params:
    """Weights drawn from N(0, scale²), in the model's convention."""
    shapes = model.shapes()
    draw = lambda name: scale * rng.standard_normal(shapes[name])  # noqa: E731
    return Params(U=draw("U"), W=draw("W"), b=draw("b"), V=draw("V"), c=draw("c"))


def random_data(model: Model, steps: int, batch: int, rng: np.random.Generator) -> Data:
    """A random batch with inputs and targets where the architecture takes them."""
    x = rng.standard_normal((batch, steps, model.n))
    x[:, [t - 1 for t in range(1, steps + 1) if t not in model.input_steps(steps)]] = 0.0
    s0 = 0.5 * rng.standard_normal((batch, model.d))
    if model.loss == "cross_entropy":
        targets = np.eye(model.k)[rng.integers(0, model.k, size=(batch, steps))]
    else:
        targets = rng.uniform(0.0, 1.0, size=(batch, steps, model.k))
    return Data(x=x, s0=s0, targets=targets, mask=loss_mask(model, steps))


def loss_mask(model: Model, steps: int) -> np.ndarray:
    """(T,) with 1.0 at the steps where the architecture takes a loss."""
    mask = np.zeros(steps)
    mask[[t - 1 for t in model.loss_steps(steps)]] = 1.0
    return mask


# --- forward ------------------------------------------------------------------------------


def _fresh(name: str, shape: tuple) -> np.ndarray:
    return np.empty(shape)


_SCRATCH = threading.local()


def _scratch(name: str, shape: tuple) -> np.ndarray:
    """An uninitialised array that this thread's next call may use again.

    Only for arrays that never leave this module. Paging in fresh memory for every large
    temporary costs, at moderate sizes, about as much as the arithmetic done in it; keeping
    the last call's arrays (one per name) avoids that.
    """
    arr = _SCRATCH.__dict__.get(name)
    if arr is None or arr.shape != shape:
        arr = _SCRATCH.__dict__[name] = np.empty(shape)
    return arr


def _forward_states(model: Model, row: dict, x_tm: np.ndarray, s0: np.ndarray, new=_fresh):
    """Forward in the row layout, time-major, over an ensemble axis E.

    Returns a (E, T, B, d), the states s_0..s_T in one buffer (E, T + 1, B, d), so that
    s_{t−1} and s_t are both views of it, and o (E, T, B, k) or None. new(name, shape)
    gives the arrays a and s.
    """
    steps, batch, n = x_tm.shape
    ens, d = row["W"].shape[0], row["W"].shape[-1]
    act = ACTIVATION_FNS[model.activation]
    # One product for every step's input projection; the loop adds only s_{t−1} W.
    a = np.matmul(x_tm.reshape(1, steps * batch, n), row["U"],
                  out=new("a", (ens, steps * batch, d)))
    a += row["b"]
    a = a.reshape(ens, steps, batch, d)
    s = new("s", (ens, steps + 1, batch, d))
    s[:, 0] = s0
    recurrent = np.empty((ens, batch, d))
    W = row["W"]
    for t in range(steps):
        np.matmul(s[:, t], W, out=recurrent)
        np.add(a[:, t], recurrent, out=a[:, t])
        act(a[:, t], out=s[:, t + 1])
    o = None
    if row["V"] is not None:
        o = np.matmul(s[:, 1:].reshape(ens, steps * batch, d), row["V"])
        o += row["c"]
        o = o.reshape(ens, steps, batch, -1)
    return a, s, o


def _forward_core(model: Model, row: dict, x_tm: np.ndarray, s0: np.ndarray):
    """Forward in the row layout, time-major, over an ensemble axis E.

    row holds U (E, n, d), W (E, d, d), b (E, 1, d), and V (E, d, k), c (E, 1, k) or None;
    x_tm is (T, B, n), s0 is (B, d) or (E, B, d). Returns a, s (E, T, B, d), o (E, T, B, k).
    """
    a, s, o = _forward_states(model, row, x_tm, s0)
    return a, s[:, 1:], o


def _row_stack(model: Model, params: Params) -> dict:
    """Row-layout weights with a leading ensemble axis of length 1."""
    row = to_row(model, params)
    lift = lambda m, vec: None if m is None else (m[None, None] if vec else m[None])  # noqa: E731
    return {"U": lift(row.U, False), "W": lift(row.W, False), "b": lift(row.b, True),
            "V": lift(row.V, False), "c": lift(row.c, True)}


def _step_losses(model: Model, o, y, targets_tm, mask):
    rule = OUTPUT_RULES[model.output]
    return LOSS_RULES[model.loss].value(rule, o, y, targets_tm) * mask[:, None]


def _check_finite(named: dict) -> None:
    for name, arr in named.items():
        # An inf or nan entry makes the sum inf or nan, and a sum is one cheap pass: only a
        # sum that is not finite (which finite entries can also overflow to) needs a look.
        if arr is None:
            continue
        with np.errstate(over="ignore", invalid="ignore"):
            total = arr.sum()
        if math.isfinite(total):
            continue
        if not np.all(np.isfinite(arr)):
            bad = np.argwhere(~np.isfinite(np.asarray(arr)))[0]
            raise NonFiniteError(
                f"{name} overflowed to inf or nan (first at index {tuple(int(i) for i in bad)}); "
                "the weights or inputs are too large for float64"
            )


@dataclass(frozen=True)
class _Pass:
    """One forward pass, time-major and without the ensemble axis: what backward needs.

    a (T, B, d); s (T + 1, B, d) holding s_0..s_T; o, y (T, B, k) or None; losses (T, B)
    or None; x (T, B, n), contiguous. scratch: x, a, s are this module's scratch arrays,
    so backward may overwrite a and take its own arrays from the scratch too.
    """

    x: np.ndarray
    a: np.ndarray
    s: np.ndarray
    o: np.ndarray | None
    y: np.ndarray | None
    losses: np.ndarray | None
    scratch: bool = False


def _time_major(data: Data, new=_fresh) -> np.ndarray:
    batch, steps, n = data.x.shape
    x_tm = new("x", (steps, batch, n))
    np.copyto(x_tm, np.swapaxes(data.x, 0, 1))
    return x_tm


def _run(model: Model, row: dict, data: Data, with_losses: bool = True,
         scratch: bool = False) -> _Pass:
    new = _scratch if scratch else _fresh
    x_tm = _time_major(data, new)
    with np.errstate(all="ignore"):
        a, s, o = _forward_states(model, row, x_tm, data.s0, new)
        if o is None:
            return _Pass(x_tm, a[0], s[0], None, None, None, scratch)
        y = OUTPUT_RULES[model.output].forward(o[0])
        losses = None
        if with_losses and data.targets is not None:
            targets_tm = np.swapaxes(data.targets, 0, 1)
            losses = _step_losses(model, o[0], y, targets_tm, data.mask)
    return _Pass(x_tm, a[0], s[0], o[0], y, losses, scratch)


def _result(run: _Pass) -> Forward:
    """The batch-major Forward of a pass; raise NonFiniteError rather than return inf/nan."""
    bm = lambda m: None if m is None else np.swapaxes(m, 0, 1)  # noqa: E731
    losses = bm(run.losses)
    out = Forward(a=bm(run.a), s=bm(run.s[1:]), o=bm(run.o), y=bm(run.y), losses=losses,
                  loss=None if losses is None else float(losses.sum()))
    _check_finite({"a (pre-activations)": out.a, "o (outputs before O)": out.o,
                   "the loss": out.losses})
    return out


def forward(model: Model, params: Params, data: Data) -> Forward:
    """Run the network over a batch; raise NonFiniteError rather than return inf or nan."""
    return _result(_run(model, _row_stack(model, params), data))


def ensemble_losses(model: Model, row: dict, data: Data) -> np.ndarray:
    """The batch loss of each of E networks at once (row-layout weights with axis E first).

    `row` is as `_forward_core` takes it; data.s0 may be (B, d) or (E, B, d).
    """
    x_tm = np.ascontiguousarray(np.swapaxes(data.x, 0, 1))
    targets_tm = np.swapaxes(data.targets, 0, 1)
    with np.errstate(all="ignore"):
        _, _, o = _forward_core(model, row, x_tm, data.s0)
        # The finite-difference check calls this thousands of times: skip y where unused.
        needs_y = LOSS_RULES[model.loss].value_needs_y
        y = OUTPUT_RULES[model.output].forward(o) if needs_y else None
        return _step_losses(model, o, y, targets_tm[None], data.mask).sum(axis=(1, 2))


# --- backward -----------------------------------------------------------------------------


def backward(model: Model, params: Params, data: Data, truncate: int | None = None, *,
             forward_pass: Forward | None = None) -> Gradients:
    """∂L/∂θ by backpropagation through time, for the batch loss (the sum over sequences).

    Args:
        truncate: a window K keeps only the chain-rule terms with t − k < K (truncated BPTT);
            None keeps them all.
        forward_pass: forward(model, params, data), if already computed, so that it is not
            computed again.
    """
    _check_gradient_inputs(params, data, truncate)
    row = _row_stack(model, params)
    if forward_pass is None:
        run = _run(model, row, data, with_losses=False, scratch=True)
    else:
        run = _from_forward(forward_pass, data)
    return _gradients(model, row, run, data, truncate)


def _check_gradient_inputs(params: Params, data: Data, truncate: int | None) -> None:
    if data.targets is None or params.V is None:
        raise ValueError("gradients need V, c and targets")
    if truncate is not None and (isinstance(truncate, bool) or truncate < 1):
        raise ValueError(f"the truncation window K must be a positive integer, got {truncate!r}")


def _from_forward(fwd: Forward, data: Data) -> _Pass:
    tm = lambda m: np.swapaxes(m, 0, 1)  # noqa: E731
    s0 = np.broadcast_to(data.s0, fwd.s[:, 0].shape)
    states = np.concatenate([s0[None], tm(fwd.s)], axis=0)
    return _Pass(_time_major(data), tm(fwd.a), states, tm(fwd.o), tm(fwd.y), None)


def _gradients(model: Model, row: dict, run: _Pass, data: Data, truncate: int | None):
    steps, batch, _ = run.x.shape
    d = model.d
    flat = lambda m: m.reshape(steps * batch, -1)  # noqa: E731
    with np.errstate(all="ignore"):
        rule = OUTPUT_RULES[model.output]
        targets_tm = np.swapaxes(data.targets, 0, 1)
        # ∂L/∂o_t for every step at once, zero where no loss is taken.
        do = LOSS_RULES[model.loss].grad_o(rule, run.o, run.y, targets_tm)
        do = do * data.mask[:, None, None]
        V_r, W_r = row["V"][0], row["W"][0]
        new = _scratch if run.scratch else _fresh
        ds_direct = np.matmul(flat(do), V_r.T, out=new("ds", (steps * batch, d)))
        ds_direct = ds_direct.reshape(steps, batch, d)
        states = run.s[1:]
        prime = run.a if run.scratch else np.empty_like(states)
        PRIME_INTO[model.activation](states, prime)
        if truncate is None:
            da, ds0 = _through_time(ds_direct, prime, W_r)
        else:
            da, ds0 = _through_time_truncated(ds_direct, prime, W_r, truncate)
        grads_row = {
            "U": flat(run.x).T @ flat(da),
            "W": flat(run.s[:-1]).T @ flat(da),
            "b": da.sum(axis=(0, 1)),
            "V": flat(states).T @ flat(do),
            "c": do.sum(axis=(0, 1)),
        }
    if not CONVENTIONS[model.convention].transposed:
        for name in ("U", "W", "V"):
            grads_row[name] = grads_row[name].T
    grads = Gradients(s0=ds0, **grads_row)
    _check_finite(grads.as_dict())
    return grads


def _through_time(ds_direct, prime, W_r):
    """The BPTT recursion: δ_t = (∂L/∂s_t + δ_{t+1} Wᵀ) ⊙ σ'(a_t). Returns ∂L/∂a and ∂L/∂s_0.

    ∂L/∂a overwrites ds_direct, step by step from the end, so the loop allocates nothing.
    """
    da = ds_direct
    W_t = W_r.T
    carry = np.empty_like(da[0])
    last = da.shape[0] - 1
    np.multiply(da[last], prime[last], out=da[last])
    for t in range(last, 0, -1):
        np.matmul(da[t], W_t, out=carry)
        np.add(da[t - 1], carry, out=da[t - 1])
        np.multiply(da[t - 1], prime[t - 1], out=da[t - 1])
    return da, da[0] @ W_t


def _through_time_truncated(ds_direct, prime, W_r, window):
    """Like _through_time, but each loss L_t reaches back only to the states s_k, t − k < K.

    s_0 counts as k = 0, so it receives the paths of the losses at t < K.
    """
    steps = ds_direct.shape[0]
    da = np.zeros_like(ds_direct)
    ds0 = np.zeros_like(ds_direct[0])
    for t in range(steps):
        g = ds_direct[t]
        for j in range(t, max(t - window, -1), -1):  # the states s_{j+1}, 0-based index j
            g = g * prime[j]
            da[j] += g
            g = g @ W_r.T
        if t + 1 < window:
            ds0 += g
    return da, ds0


def loss_and_gradients(model: Model, params: Params, data: Data, truncate: int | None = None):
    """(loss, Gradients) of one batch, from a single forward pass."""
    _check_gradient_inputs(params, data, truncate)
    row = _row_stack(model, params)
    run = _run(model, row, data, scratch=True)
    loss = _result(run).loss  # the Forward is dropped: its arrays are scratch
    return loss, _gradients(model, row, run, data, truncate)
