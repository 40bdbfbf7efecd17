"""Forward steps by hand: every intermediate a_t, s_t, o_t, y_t, L_t for small given weights.

The numbers come from numeric.forward (float64), the same network the rest of the package
runs; this module reads the problem, checks every shape against the model's convention and
lays the computation out step by step as a student writes it.

Example:
    >>> r = solve(**EXAMPLE)
    >>> [round(float(v), 4) for v in r.s[0]]
    [0.4621, 0.2913]
"""

from __future__ import annotations

from dataclasses import dataclass

from rnnsym.model import CONVENTIONS, LOSSES, OUTPUTS, Model, ModelError, choose
from rnnsym.solvers.base import SolveError, Step
from rnnsym.solvers.values import parse_array

MAX_STEPS = 1000

# A small worked example (n = 2, d = 2, k = 2, T = 2), used when no weights are given.
EXAMPLE = {
    "U": "[[0.5, -0.2], [0.3, 0.4]]",
    "W": "[[0.1, 0.2], [-0.3, 0.1]]",
    "V": "[[1, -1], [0.5, 0.5]]",
    "x": "[[1, 0], [0, 1]]",
    "targets": "[0, 1]",
}


@dataclass(frozen=True)
class ForwardResult:
    """The forward pass of one sequence, every array in float64.

    Attributes:
        a, s: (T, d) pre-activations and states; o, y: (T, k) outputs before and after O.
        losses: (T,) L_t (zero where the architecture takes no loss), or None without targets.
        loss: L = Σ_t L_t, or None.
        key: {"a", "s", "o", "y", "L_t", "L"} as nested lists (full precision).
    """

    model: Model
    a: object
    s: object
    o: object
    y: object
    losses: object
    loss: float | None
    key: dict
    steps: tuple[Step, ...]

    def as_dict(self) -> dict:
        m = self.model
        return {"n": m.n, "d": m.d, "k": m.k, "activation": m.activation, "output": m.output,
                "loss_kind": m.loss, "convention": m.convention,
                "architecture": m.architecture, **self.key,
                "steps": [s.as_dict() for s in self.steps]}


def _matrix(value, name: str, expected: tuple[int, int] | None):
    import numpy as np

    arr = np.array(parse_array(value, name, ndim=(2,)), dtype=float)
    if expected is not None and arr.shape != expected:
        raise SolveError(f"{name} must be {expected[0]} × {expected[1]} here, "
                         f"got {arr.shape[0]} × {arr.shape[1]}")
    return arr


def _vector(value, name: str, length: int):
    import numpy as np

    if value is None:
        return np.zeros(length)
    arr = np.array(parse_array(value, name, ndim=(1,)), dtype=float)
    if arr.shape != (length,):
        raise SolveError(f"{name} must have {length} entries, got {arr.shape[0]}")
    return arr


def _sizes(U, W, V, convention: str):
    """(n, d, k) from U, W, V as the convention stores them."""
    w = _matrix(W, "W", None)
    d = w.shape[0]
    if w.shape != (d, d):
        raise SolveError(f"W must be square (d × d), got {w.shape[0]} × {w.shape[1]}")
    u = _matrix(U, "U", None)
    v = _matrix(V, "V", None)
    row = CONVENTIONS[convention].transposed
    n = u.shape[0] if row else u.shape[1]
    k = v.shape[1] if row else v.shape[0]
    return n, d, k, u, w, v


def _inputs(x, model: Model, steps: int | None):
    import numpy as np

    xs = np.array(parse_array(x, "x", ndim=(1, 2)), dtype=float)
    xs = xs[None] if xs.ndim == 1 else xs
    if xs.shape[1] != model.n:
        raise SolveError(f"each input x_t must have n = {model.n} entries (U's input size), "
                         f"got {xs.shape[1]}")
    steps = steps or xs.shape[0]
    if not 1 <= steps <= MAX_STEPS:
        raise SolveError(f"T must be from 1 to {MAX_STEPS}")
    try:
        model.check_steps(steps)
    except ModelError as err:
        raise SolveError(str(err)) from None
    if model.arch.inputs_at == "first" and xs.shape[0] == 1:
        xs = np.vstack([xs, np.zeros((steps - 1, model.n))])  # no input after step 1
    if xs.shape[0] != steps:
        raise SolveError(f"x has {xs.shape[0]} rows but T = {steps}; give one row per step")
    return xs


def _targets(targets, model: Model, steps: int):
    """(T, k) target rows at the loss steps: class indices (cross-entropy) or vectors."""
    import numpy as np

    if targets is None:
        return None
    loss_steps = model.loss_steps(steps)
    given = np.array(parse_array(targets, "targets", ndim=(1, 2)), dtype=float)
    if given.shape[0] != len(loss_steps):
        raise SolveError(f"give one target per loss step ({len(loss_steps)} for "
                         f"{model.architecture} with T = {steps}), got {given.shape[0]}")
    if given.ndim == 1:
        if model.loss != "cross_entropy":
            raise SolveError("the mse loss needs target vectors, one row of k numbers per step")
        bad = [c for c in given if c != int(c) or not 0 <= c < model.k]
        if bad:
            raise SolveError(f"a class index must be a whole number from 0 to {model.k - 1}, "
                             f"got {bad[0]:g}")
        given = np.eye(model.k)[given.astype(int)]
    if given.shape[1] != model.k:
        raise SolveError(f"each target must have k = {model.k} entries, got {given.shape[1]}")
    out = np.zeros((steps, model.k))
    out[[t - 1 for t in loss_steps]] = given
    return out


def solve(U, W, V, x, b=None, c=None, s0=None, targets=None, *, activation="tanh",
          output="softmax", loss="cross_entropy", convention="column",
          architecture="many-to-many", steps: int | None = None) -> ForwardResult:
    """Run the forward pass for given weights and inputs, keeping every intermediate.

    Matrices and vectors are JSON text or nested lists; x has one row per step. Targets are
    class indices counted from 0 (or one-hot rows) for cross-entropy, vectors for mse, one
    per loss step. b, c and s0 default to zeros.

    Example:
        >>> round(solve(**EXAMPLE).loss, 4)
        1.2863
    """
    from rnnsym import numeric

    choose(CONVENTIONS, convention, "convention")
    n, d, k, u, w, v = _sizes(U, W, V, convention)
    try:
        model = Model(n, d, k, activation=activation, output=output, loss=loss,
                      architecture=architecture, convention=convention)
    except ModelError as err:
        raise SolveError(str(err)) from None
    shapes = model.shapes()
    for name, arr in (("U", u), ("V", v)):
        if arr.shape != shapes[name]:
            raise SolveError(f"{name} must be {shapes[name][0]} × {shapes[name][1]} "
                             f"({convention} convention), got {arr.shape[0]} × {arr.shape[1]}")
    xs = _inputs(x, model, steps)
    T = xs.shape[0]
    params = numeric.Params(U=u, W=w, b=_vector(b, "b", d), V=v, c=_vector(c, "c", k))
    start = _vector(s0, "s0", d)
    target_rows = _targets(targets, model, T)
    data = numeric.Data(x=xs[None], s0=start[None],
                        targets=None if target_rows is None else target_rows[None],
                        mask=numeric.loss_mask(model, T))
    try:
        fwd = numeric.forward(model, params, data)
    except numeric.NonFiniteError as err:
        raise SolveError(str(err)) from None
    a, s, o, y = fwd.a[0], fwd.s[0], fwd.o[0], fwd.y[0]
    losses = None if fwd.losses is None else fwd.losses[0]
    key = {"a": a.tolist(), "s": s.tolist(), "o": o.tolist(), "y": y.tolist(),
           "L_t": None if losses is None else losses.tolist(), "L": fwd.loss}
    parts = _parts(model, params, xs, start, s)
    steps_out = _explain(model, xs, start, parts, a, s, o, y, losses, target_rows, fwd.loss)
    return ForwardResult(model, a, s, o, y, losses, fwd.loss, key, tuple(steps_out))


def _vec(values) -> str:
    return "(" + ", ".join(f"{v:.4g}".replace("-", "−") for v in values) + ")"


def _parts(model, params, xs, start, s):
    """(U x_t, W s_{t−1}, b) per step, for showing the sum a_t is made of."""
    import numpy as np

    prev = np.vstack([start, s[:-1]])
    if CONVENTIONS[model.convention].transposed:
        return xs @ params.U, prev @ params.W, params.b
    return xs @ params.U.T, prev @ params.W.T, params.b


def _explain(model, xs, start, parts, a, s, o, y, losses, targets, total) -> list[Step]:
    col = not CONVENTIONS[model.convention].transposed
    act, out_fn = model.activation, OUTPUTS[model.output]
    pre = "U x_{t} + W s_{p} + b" if col else "x_{t} U + s_{p} W + b"
    post = "V s_{t} + c" if col else "s_{t} V + c"
    out = [Step(f"{CONVENTIONS[model.convention].formula};  {out_fn.text};  "
                f"{LOSSES[model.loss].text}"),
           Step(f"s_0 = {_vec(start)}")]
    loss_steps = set(model.loss_steps(len(xs)))
    for t in range(1, len(xs) + 1):
        i = t - 1
        out.append(Step(f"t = {t}: x_{t} = {_vec(xs[i])}"))
        bias = parts[2]
        terms = f"{_vec(parts[0][i])} + {_vec(parts[1][i])}" + (
            f" + {_vec(bias)}" if bias.any() else "")
        out.append(Step(f"  a_{t} = {pre.format(t=t, p=t - 1)} = {terms} = {_vec(a[i])}"))
        out.append(Step(f"  s_{t} = {act}(a_{t}) = {_vec(s[i])}"))
        out.append(Step(f"  o_{t} = {post.format(t=t)} = {_vec(o[i])}"))
        out.append(Step(f"  y_{t} = {model.output}(o_{t}) = {_vec(y[i])}"))
        if losses is not None and t in loss_steps:
            out.append(Step(f"  L_{t} = {_loss_text(model, t, y[i], targets[i])} "
                            f"= {losses[i]:.4g}"))
    if total is not None and len(loss_steps) > 1:
        shown = " + ".join(f"{losses[t - 1]:.4g}" for t in sorted(loss_steps))
        out.append(Step(f"L = Σ_t L_t = {shown} = {total:.4g}"))
    elif total is not None:
        out.append(Step(f"L = L_{max(loss_steps)} = {total:.4g} (one loss, at the last step)"))
    return out


def _loss_text(model, t, y, target) -> str:
    if model.loss == "cross_entropy" and target.max() == 1 and target.sum() == 1:
        cls = int(target.argmax())
        return f"−log y_{t}[{cls}] = −log {y[cls]:.4g}"
    return LOSSES[model.loss].text.split("=", 1)[1].strip().replace("_t", f"_{t}")
