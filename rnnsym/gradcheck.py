"""Finite differences for every weight of the network, and the report comparing them with BPTT.

The perturbed copies of the network are evaluated together, as the ensemble axis of
numeric.ensemble_losses: for a chunk of entries and every point of the stencil, one copy of
the network with that entry moved. `numerical_gradient_loop` is the textbook version (one
entry, one loss at a time, as CS231n's eval_numerical_gradient); it serves as the reference
that the batched version is tested and benchmarked against.

The check is always of full BPTT: truncation and clipping change the gradient on purpose.

Accuracy, measured: over 2,000 random instances of the command line's default size (n = 3,
d = 4, k = 2, T = 5, every combination of choices, weights N(0, 0.5²)) the 6-point stencil
with h = 5e-3 had a worst relative error of 4e-7, so the default tolerance 1e-6 holds with
room; the 4-point stencil at its best step reached 1.7e-6 and the 2-point one 4e-5. Two
limits of float64 remain. A gradient entry below about 1e-9 (s0's, at the start of a long
many-to-one sequence through sigmoid units) is smaller than the loss's rounding noise over h,
and the 1e-8 floor of the relative error then lets it reach about 1e-5. And exploding
chains (γλ > 1 over many steps) make the loss so curved that the truncation error grows.
For such instances pass a larger tolerance.

Example:
    >>> import numpy as np
    >>> from rnnsym.model import Model
    >>> from rnnsym.numeric import random_data, random_params
    >>> m = Model(n=2, d=3, k=2)
    >>> rng = np.random.default_rng(0)
    >>> report = gradcheck(m, random_params(m, rng), random_data(m, 4, 2, rng))
    >>> report.passed, [c.name for c in report.checks]
    (True, ['U', 'W', 'V', 'b', 'c', 's0'])
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

import numpy as np

from rnnsym import numeric
from rnnsym.model import CONVENTIONS, Model

TOLERANCE = 1e-6
"""The default bound on the relative error |a − n| / max(1e-8, |a| + |n|) of every entry."""

CHECKED = ("U", "W", "V", "b", "c", "s0")

# Floats of working memory per call of ensemble_losses: 2¹⁹ floats (4 MiB) keeps the
# perturbed copies in cache; measured 1.1× faster than 2 MiB and 1.3× faster than 16 MiB
# chunks (n = 10, d = 20, k = 5, T = 10), 1.5× faster than 32 MiB, 4× faster than 128 KiB.
ENSEMBLE_BUDGET = 1 << 19


@dataclass(frozen=True)
class Stencil:
    """A central-difference formula f'(θ) ≈ Σ_j w_j (f(θ + o_j h) − f(θ − o_j h)) / h.

    Written as differences of mirrored points, so that a loss that does not depend on an
    entry gives exactly 0, not the rounding residue of Σ_j w_j f.

    Attributes:
        name: the table key.
        offsets: the o_j > 0, in units of the step h.
        weights: the w_j.
        step: the default h, chosen so that truncation error (which grows with h) and
            rounding error (about ε|f|/h) are both far below the default tolerance.
        formula: the formula as text.
    """

    name: str
    offsets: tuple[float, ...]
    weights: tuple[float, ...]
    step: float
    formula: str

    @property
    def points(self) -> int:
        """How many evaluations of f one entry takes."""
        return 2 * len(self.offsets)


STENCILS: Mapping[str, Stencil] = {
    # Error O(h²): the classic check (CS231n's), limited to about 1e-5 relative at worst.
    "2-point": Stencil("2-point", (1.0,), (1 / 2,), 1e-5, "(f₊₁ − f₋₁) / 2h, f₊ⱼ, f₋ⱼ = f(θ ± jh)"),
    # Error O(h⁴).
    "4-point": Stencil("4-point", (1.0, 2.0), (8 / 12, -1 / 12), 1.5e-3,
                       "(8(f₊₁ − f₋₁) − (f₊₂ − f₋₂)) / 12h, f₊ⱼ, f₋ⱼ = f(θ ± jh)"),
    # Error O(h⁶): the larger step this allows halves the rounding error again.
    "6-point": Stencil("6-point", (1.0, 2.0, 3.0), (45 / 60, -9 / 60, 1 / 60), 5e-3,
                       "(45(f₊₁ − f₋₁) − 9(f₊₂ − f₋₂) + (f₊₃ − f₋₃)) / 60h, f₊ⱼ, f₋ⱼ = f(θ ± jh)"),
}

DEFAULT_STENCIL = "6-point"


@dataclass(frozen=True)
class ParamCheck:
    """The comparison for one parameter.

    Attributes:
        name: U, W, V, b, c or s0.
        shape: the parameter's shape (in the model's convention).
        max_rel_error: the largest relative error over its entries (inf if one is nan).
        worst_index: the index of that entry.
        analytic, numeric: the two values of the gradient at that entry.
        passed: max_rel_error ≤ the tolerance.
    """

    name: str
    shape: tuple[int, ...]
    max_rel_error: float
    worst_index: tuple[int, ...]
    analytic: float
    numeric: float
    passed: bool


@dataclass(frozen=True)
class GradcheckReport:
    """The check of every parameter, with the settings that produced it.

    Attributes:
        checks: one ParamCheck per parameter, in the order U, W, V, b, c, s0.
        tolerance: the bound on each relative error.
        stencil: the key of STENCILS used.
        step: the step h used.
    """

    checks: tuple[ParamCheck, ...]
    tolerance: float
    stencil: str
    step: float

    @property
    def passed(self) -> bool:
        """True when every parameter passed."""
        return all(c.passed for c in self.checks)

    def __getitem__(self, name: str) -> ParamCheck:
        for check in self.checks:
            if check.name == name:
                return check
        raise KeyError(name)


def relative_error(analytic, numerical):
    """|a − n| / max(1e-8, |a| + |n|), entry by entry (the floor keeps 0 vs 0 at 0).

    Example:
        >>> float(relative_error(1.0, 1.5))
        0.2
    """
    a, n = np.asarray(analytic, dtype=float), np.asarray(numerical, dtype=float)
    return np.abs(a - n) / np.maximum(1e-8, np.abs(a) + np.abs(n))


def _stencil(name: str) -> Stencil:
    if name not in STENCILS:
        raise ValueError(f"stencil {name!r} is not known; choose one of: {', '.join(STENCILS)}")
    return STENCILS[name]


def numerical_gradient_loop(f: Callable, x: np.ndarray, step: float | None = None,
                            stencil: str = DEFAULT_STENCIL) -> np.ndarray:
    """∂f/∂x one entry at a time: move x[i] in place, call f(x), put x[i] back.

    Args:
        f: a function of the array x returning a float.
        x: the point; modified during the call and restored entry by entry.

    Example:
        >>> x = np.array([1.0, 2.0])
        >>> np.round(numerical_gradient_loop(lambda v: float(v @ v), x), 9)
        array([2., 4.])
    """
    rule = _stencil(stencil)
    h = rule.step if step is None else step
    grad = np.zeros_like(x, dtype=float)
    for index in np.ndindex(x.shape):
        old = x[index]
        total = 0.0
        for offset, weight in zip(rule.offsets, rule.weights, strict=True):
            x[index] = old + offset * h
            up = f(x)
            x[index] = old - offset * h
            total += weight * (up - f(x))
        x[index] = old
        grad[index] = total / h
    return grad


# --- the parameters as one dict, and how each is put into the row-layout ensemble ---------


def parameter_arrays(params: numeric.Params, data: numeric.Data,
                     shared_s0: bool = False) -> dict[str, np.ndarray]:
    """The checked arrays by name; s0 is (d,) when shared by the batch, else (B, d)."""
    arrays = {"U": params.U, "W": params.W, "V": params.V, "b": params.b, "c": params.c,
              "s0": data.s0[0] if shared_s0 else data.s0}
    return {name: np.asarray(a, dtype=float) for name, a in arrays.items() if a is not None}


def _as_row_matrix(stack, column):
    return np.swapaxes(stack, -1, -2) if column else stack


# How an (E, *shape) stack of one parameter becomes its row-layout ensemble form.
_ROW_FORM = {
    "U": _as_row_matrix,
    "W": _as_row_matrix,
    "V": _as_row_matrix,
    "b": lambda stack, column: stack[:, None, :],
    "c": lambda stack, column: stack[:, None, :],
}


def _ensemble_losses(model: Model, arrays: dict, data: numeric.Data, name: str,
                     stack: np.ndarray) -> np.ndarray:
    """The loss of each network in which `name` takes the values of `stack` (E, *shape)."""
    ens = stack.shape[0]
    column = not CONVENTIONS[model.convention].transposed
    row = {}
    for key, form in _ROW_FORM.items():
        # An unperturbed U keeps a leading axis of 1: x·U is then one product for the whole
        # ensemble, broadcast against b's E copies in the input projection.
        copies = 1 if key == "U" and name != "U" else ens
        value = stack if key == name else np.broadcast_to(arrays[key], (copies, *arrays[key].shape))
        row[key] = form(value, column)
    s0 = data.s0
    if name == "s0":
        s0 = stack if stack.ndim == 3 else stack[:, None, :]  # a shared s0 moves every row
    return numeric.ensemble_losses(model, row, replace(data, s0=s0))


def _needs_loss(params: numeric.Params, data: numeric.Data) -> None:
    if params.V is None or params.c is None or data.targets is None:
        raise ValueError("finite differences of the loss need V, c and targets")


def _chunk_entries(model: Model, data: numeric.Data, size: int, points: int) -> int:
    """How many entries to perturb per call so that the ensemble fits ENSEMBLE_BUDGET."""
    batch, steps = data.x.shape[0], data.x.shape[1]
    per_network = steps * batch * (model.n + 3 * model.d + 4 * model.k) + size
    return max(1, ENSEMBLE_BUDGET // (per_network * points))


def numerical_gradients(model: Model, params: numeric.Params, data: numeric.Data, *,
                        stencil: str = DEFAULT_STENCIL, step: float | None = None,
                        shared_s0: bool = False, chunk: int | None = None
                        ) -> dict[str, np.ndarray]:
    """Finite-difference ∂L/∂θ of every parameter, the perturbations batched.

    Args:
        shared_s0: s0 is one vector shared by the batch (every row of data.s0 equal);
            its gradient is then (d,), the sum over the sequences.
        chunk: entries perturbed per call (default: as many as fit ENSEMBLE_BUDGET).

    Example:
        >>> from rnnsym.numeric import random_data, random_params
        >>> m = Model(n=2, d=3, k=2); rng = np.random.default_rng(1)
        >>> p, data = random_params(m, rng), random_data(m, 3, 1, rng)
        >>> g = numerical_gradients(m, p, data)
        >>> bool(np.allclose(g["W"], numeric.backward(m, p, data).W, atol=1e-9))
        True
    """
    _needs_loss(params, data)
    rule = _stencil(stencil)
    h = rule.step if step is None else step
    # Copies in the order +o_1 h, …, +o_m h, −o_1 h, …, −o_m h.
    offsets = np.concatenate([rule.offsets, np.negative(rule.offsets)]) * h
    weights = np.array(rule.weights)
    arrays = parameter_arrays(params, data, shared_s0)
    grads = {}
    for name, base in arrays.items():
        per_call = chunk or _chunk_entries(model, data, base.size, len(offsets))
        flat = np.empty(base.size)
        for start in range(0, base.size, per_call):
            entries = np.arange(start, min(start + per_call, base.size))
            # Copy e = j·len(entries) + i moves entry entries[i] by offsets[j].
            stack = np.repeat(base.reshape(1, -1), len(offsets) * len(entries), axis=0)
            rows = np.arange(stack.shape[0])
            cols = np.tile(entries, len(offsets))
            stack[rows, cols] += np.repeat(offsets, len(entries))
            losses = _ensemble_losses(model, arrays, data, name,
                                      stack.reshape(-1, *base.shape))
            up, down = np.split(losses.reshape(len(offsets), len(entries)), 2)
            flat[entries] = weights @ (up - down) / h
        grads[name] = flat.reshape(base.shape)
    return grads


def numerical_gradients_loop(model: Model, params: numeric.Params, data: numeric.Data, *,
                             stencil: str = DEFAULT_STENCIL, step: float | None = None,
                             shared_s0: bool = False) -> dict[str, np.ndarray]:
    """The same as numerical_gradients, one entry and one forward pass at a time."""
    _needs_loss(params, data)
    arrays = {name: a.copy() for name, a in parameter_arrays(params, data, shared_s0).items()}
    batch = data.x.shape[0]

    def loss(_moved) -> float:
        s0 = np.broadcast_to(arrays["s0"], (batch, model.d))
        weights = {key: arrays.get(key) for key in ("U", "W", "V", "b", "c")}
        return numeric.forward(model, numeric.Params(**weights), replace(data, s0=s0)).loss

    return {name: numerical_gradient_loop(loss, arrays[name], step, stencil) for name in arrays}


def analytic_gradients(model: Model, params: numeric.Params, data: numeric.Data,
                       shared_s0: bool = False) -> dict[str, np.ndarray]:
    """BPTT's gradients by name, s0's summed over the batch when it is shared."""
    grads = numeric.backward(model, params, data).as_dict()
    if shared_s0:
        grads["s0"] = grads["s0"].sum(axis=0)
    return grads


def compare(analytic: Mapping[str, np.ndarray], numerical: Mapping[str, np.ndarray],
            tolerance: float = TOLERANCE, stencil: str = DEFAULT_STENCIL,
            step: float | None = None) -> GradcheckReport:
    """Compare two gradients entry by entry; keep each parameter's worst entry.

    Example:
        >>> r = compare({"b": np.array([1.0, 2.0])}, {"b": np.array([1.0, 2.1])})
        >>> r["b"].worst_index, r["b"].passed
        ((1,), False)
    """
    checks = []
    for name in CHECKED:
        if name not in numerical:
            continue
        a = np.asarray(analytic[name], dtype=float)
        n = np.asarray(numerical[name], dtype=float)
        if a.shape != n.shape:
            raise ValueError(f"{name}: analytic gradient has shape {a.shape}, "
                             f"numerical {n.shape}")
        errors = np.nan_to_num(relative_error(a, n), nan=np.inf)
        worst = np.unravel_index(int(np.argmax(errors)), errors.shape)
        largest = float(errors[worst])
        checks.append(ParamCheck(name, a.shape, largest, tuple(int(i) for i in worst),
                                 float(a[worst]), float(n[worst]), largest <= tolerance))
    h = _stencil(stencil).step if step is None else step
    return GradcheckReport(tuple(checks), tolerance, stencil, h)


_METHODS = {"batched": numerical_gradients, "loop": numerical_gradients_loop}


def gradcheck(model: Model, params: numeric.Params, data: numeric.Data, *,
              tolerance: float = TOLERANCE, stencil: str = DEFAULT_STENCIL,
              step: float | None = None, shared_s0: bool = False,
              analytic: Mapping[str, np.ndarray] | None = None,
              method: str = "batched") -> GradcheckReport:
    """Check BPTT's gradients (or `analytic`, if given) against finite differences.

    Args:
        tolerance: the bound on every entry's relative error.
        stencil, step: the finite-difference formula (a key of STENCILS) and its h.
        shared_s0: s0 is one vector shared by the batch (see numerical_gradients).
        analytic: gradients to check instead of numeric.backward's, by parameter name.
        method: "batched" (the default) or "loop" (one entry at a time; slow).

    Example:
        >>> from rnnsym.numeric import random_data, random_params
        >>> m = Model(n=2, d=2, k=3, activation="sigmoid", loss="mse", output="identity")
        >>> rng = np.random.default_rng(2)
        >>> gradcheck(m, random_params(m, rng), random_data(m, 3, 1, rng)).passed
        True
    """
    if not (tolerance > 0 and np.isfinite(tolerance)):
        raise ValueError(f"the tolerance must be a positive number, got {tolerance!r}")
    if step is not None and not (step > 0 and np.isfinite(step)):
        raise ValueError(f"the step h must be a positive number, got {step!r}")
    if method not in _METHODS:
        raise ValueError(f"method {method!r} is not known; choose one of: {', '.join(_METHODS)}")
    if analytic is None:
        analytic = analytic_gradients(model, params, data, shared_s0)
    numerical = _METHODS[method](model, params, data, stencil=stencil, step=step,
                                 shared_s0=shared_s0)
    return compare(analytic, numerical, tolerance, stencil, step)
