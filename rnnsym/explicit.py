"""The explicit view of BPTT: the gradient of a small concrete network, entry by entry.

The gradient is the notes' sum, computed literally with SymPy matrices of symbols:

    ∂L/∂θ = Σ_t Σ_k ∂L_t/∂y_t · ∂y_t/∂s_t · (Π_{i=k+1}^{t} ∂s_i/∂s_{i−1}) · ∂s_k/∂θ

with ∂s_i/∂s_{i−1} = diag(σ'(a_i)) ∂a_i/∂s_{i−1} and ∂s_k/∂θ the immediate partial
(s_{k−1} held constant). Truncation with a window K keeps the terms with t − k < K, where
s_0 counts as k = 0. V and c reach the loss without passing through a later state, so
theirs is the one term ∂L_t/∂y_t · ∂y_t/∂o_t · ∂o_t/∂θ of each L_t.

Entries are written in the named intermediate quantities of the forward pass (a_{t,i},
s_{t,i}, σ'_{t,i}, o_{t,j}, y_{t,j}), listed with their definitions in `subexpressions`, so
that the formula stays readable instead of expanding into nested tanh's. `verify` proves
the result against SymPy's own derivative of the unrolled loss and against the NumPy
backward pass (the checks themselves are in rnnsym.explicit_check).

Cross-entropy takes the class c_t = 1 + (t − 1) mod k at step t (c_1 = 1, c_2 = 2, …);
MSE takes a symbolic target_t.

Example:
    >>> from rnnsym.model import Model
    >>> g = explicit_gradient(Model(n=1, d=1, k=2, output="softmax"), "V", steps=1)
    >>> g.matrix
    Matrix([
    [s_11*(y_11 - 1)],
    [      s_11*y_12]])
    >>> g.terms
    ((1, 1),)
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
from sympy import Expr, ImmutableMatrix, Matrix, Symbol, diag, expand, eye, lambdify, zeros

from rnnsym.explicit_check import numeric_difference, symbolic_difference
from rnnsym.model import Model, ModelError
from rnnsym.unrolled import (
    LOSS_RULES,
    OUTPUT_RULES,
    ExplicitNetwork,
    ForwardChain,
    forward_chain,
    network,
)

# Where each parameter enters the network: this decides its immediate partial ∂s_k/∂θ.
PARAMETERS = {"W": "state", "U": "state", "b": "state", "s0": "initial", "V": "output",
              "c": "output"}


@dataclass(frozen=True)
class ExplicitGradient:
    """∂L/∂θ of a concrete network, in the model's convention.

    Attributes:
        param: "W", "U", "b", "V", "c" or "s0".
        matrix: the gradient, shaped like the parameter (column U is d×n, row U is n×d;
            b, c, s0 are columns), in the symbols of `subexpressions` and `symbols`.
        subexpressions: (symbol, definition) pairs in dependency order — a_{t,i}, s_{t,i},
            σ'_{t,i} (printed sigmaprime_ti), o_{t,j}, y_{t,j} — only those the matrix needs.
        symbols: name → matrix of the free symbols: U, W, V, b, c, s0, x_t (steps with an
            input), target_t (MSE).
        model, steps: the network.
        loss_steps: the steps whose L_t are summed (one step with `loss_at`).
        truncate: the window K, or None.
        classes: (t, c_t) of cross-entropy (1-based classes); empty for MSE.
        terms: the (t, k) pairs of the sum that were kept (for V and c, (t, t)).
    """

    param: str
    matrix: ImmutableMatrix
    subexpressions: tuple[tuple[Symbol, Expr], ...]
    symbols: dict[str, ImmutableMatrix]
    model: Model
    steps: int
    loss_steps: tuple[int, ...]
    truncate: int | None
    classes: tuple[tuple[int, int], ...]
    terms: tuple[tuple[int, int], ...]


# --- the factors of one chain-rule term ---------------------------------------------------


def _loss_by_output(net: ExplicitNetwork, chain: ForwardChain, t: int) -> Matrix:
    """∂L_t/∂y_t · ∂y_t/∂o_t (1×k), expanded so that softmax with cross-entropy reads y − e_c."""
    y = chain.predictions[t]
    by_y = LOSS_RULES[net.model.loss].gradient(y, net.target(t))
    return (by_y * OUTPUT_RULES[net.model.output].jacobian(y)).applyfunc(expand)


def _loss_by_state(net: ExplicitNetwork, chain: ForwardChain, t: int) -> Matrix:
    """∂L_t/∂y_t · ∂y_t/∂s_t (1×d), with ∂y_t/∂s_t = ∂y_t/∂o_t · ∂o_t/∂s_t."""
    return _loss_by_output(net, chain, t) * chain.outputs[t].jacobian(chain.states[t])


def _step_jacobian(chain: ForwardChain, i: int) -> Matrix:
    """∂s_i/∂s_{i−1} = diag(σ'(a_i)) · ∂a_i/∂s_{i−1} (d×d; W in the column form)."""
    return diag(*chain.primes[i]) * chain.pre[i].jacobian(chain.states[i - 1])


def _immediate_state(net: ExplicitNetwork, chain: ForwardChain, theta: list, k: int) -> Matrix:
    """∂s_k/∂θ for U, W, b at k ≥ 1: diag(σ'(a_k)) · ∂a_k/∂θ (d × entries of θ)."""
    return diag(*chain.primes[k]) * chain.pre[k].jacobian(theta)


def _immediate_initial(net: ExplicitNetwork, chain: ForwardChain, theta: list, k: int) -> Matrix:
    """∂s_0/∂s_0 = I; for k ≥ 1 the immediate partial ∂s_k/∂s_0 is zero (s_{k−1} is held)."""
    return eye(net.model.d)


# --- the sum ------------------------------------------------------------------------------


def _terms(loss_steps: tuple[int, ...], param: str, truncate: int | None
           ) -> tuple[tuple[int, int], ...]:
    """The (t, k) pairs of the sum: every loss step t, every k whose immediate partial is
    not zero, and t − k < K under truncation."""
    reached = ROUTES[PARAMETERS[param]].reached
    return tuple((t, k) for t in loss_steps for k in reached(t)
                 if truncate is None or t - k < truncate)


def _sum_through_states(net, chain, param, terms) -> Matrix:
    """Σ_t Σ_k ∂L_t/∂y_t ∂y_t/∂s_t (Π_{i=k+1}^{t} ∂s_i/∂s_{i−1}) ∂s_k/∂θ over `terms`."""
    theta = list(net.symbols[param])
    immediate = ROUTES[PARAMETERS[param]].immediate
    total = zeros(1, len(theta))
    for t in sorted({t for t, _ in terms}):
        ks = {k for u, k in terms if u == t}
        product = _loss_by_state(net, chain, t)  # the empty Π, at k = t
        for k in range(t, min(ks) - 1, -1):
            if k in ks:
                total += product * immediate(net, chain, theta, k)
            if k > min(ks):
                product = product * _step_jacobian(chain, k)  # Π now starts at i = k
    return total


def _sum_through_outputs(net, chain, param, terms) -> Matrix:
    """Σ_t ∂L_t/∂y_t ∂y_t/∂o_t ∂o_t/∂θ for V and c."""
    theta = list(net.symbols[param])
    total = zeros(1, len(theta))
    for t, _ in terms:
        total += _loss_by_output(net, chain, t) * chain.outputs[t].jacobian(theta)
    return total


@dataclass(frozen=True)
class Route:
    """How a parameter reaches the loss.

    Attributes:
        reached: t ↦ the k, in the order summed, whose immediate partial ∂s_k/∂θ is not zero
            (for V and c: k = t, the state o_t reads).
        immediate: (net, chain, θ entries, k) ↦ ∂s_k/∂θ, for the k that `reached` gives.
        total: the sum over the kept terms.
    """

    reached: Callable
    immediate: Callable | None
    total: Callable


ROUTES = {
    "state": Route(lambda t: range(t, 0, -1), _immediate_state, _sum_through_states),
    "initial": Route(lambda t: (0,), _immediate_initial, _sum_through_states),
    "output": Route(lambda t: (t,), None, _sum_through_outputs),
}


def _needed(chain: ForwardChain, matrix: Matrix) -> tuple[tuple[Symbol, Expr], ...]:
    """The definitions the matrix depends on, directly or through other definitions."""
    needed, kept = set(matrix.free_symbols), []
    for lhs, rhs in reversed(chain.definitions):
        if lhs in needed:
            kept.append((lhs, rhs))
            needed |= rhs.free_symbols
    return tuple(reversed(kept))


def check_request(model: Model, param: str, steps: int, loss_at: int | None,
                  truncate: int | None) -> tuple[int, ...]:
    """Validate a request and return the loss steps it sums over; raise ModelError if bad."""
    if param not in PARAMETERS:
        raise ModelError(f"parameter {param!r} is not allowed; choose one of: "
                         f"{', '.join(PARAMETERS)}")
    loss_steps = model.loss_steps(steps)
    if loss_at is not None and loss_at not in loss_steps:
        raise ModelError(f"loss_at must be a step with a loss ({', '.join(map(str, loss_steps))})"
                         f" for {model.architecture}, got {loss_at!r}")
    if truncate is not None and (isinstance(truncate, bool) or not isinstance(truncate, int)
                                 or truncate < 1):
        raise ModelError(f"the truncation window K must be a positive integer, got {truncate!r}")
    return loss_steps if loss_at is None else (loss_at,)


def explicit_gradient(model: Model, param: str, steps: int, loss_at: int | None = None,
                      truncate: int | None = None) -> ExplicitGradient:
    """∂L/∂θ (or ∂L_t/∂θ with `loss_at`) of `model` unrolled over `steps`, by the BPTT sum.

    Args:
        model: the network; its sizes should be small (every entry is a symbol).
        param: "W", "U", "b", "V", "c" or "s0".
        steps: T.
        loss_at: take only L_t at this step (one of model.loss_steps(steps)).
        truncate: keep only the terms with t − k < K.

    Raises:
        ModelError: an unknown parameter, a step without a loss, or a bad window.

    Example:
        >>> g = explicit_gradient(Model(n=1, d=2, k=2, convention="row"), "U", steps=2)
        >>> g.matrix.shape, g.terms
        ((1, 2), ((1, 1), (2, 2), (2, 1)))
    """
    loss_steps = check_request(model, param, steps, loss_at, truncate)
    net = network(model, steps, loss_steps)
    chain = forward_chain(net)
    terms = _terms(loss_steps, param, truncate)
    row = ROUTES[PARAMETERS[param]].total(net, chain, param, terms)
    matrix = ImmutableMatrix(row.reshape(*net.symbols[param].shape))
    return ExplicitGradient(param, matrix, _needed(chain, matrix), net.symbols, model, steps,
                            loss_steps, truncate, net.classes, terms)


def lambdify_gradient(eg: ExplicitGradient) -> Callable[[Mapping[str, np.ndarray]], np.ndarray]:
    """A NumPy function of the values of eg.symbols that evaluates the gradient.

    The subexpressions are evaluated once each, in order, as the forward pass would.

    Example:
        >>> g = explicit_gradient(Model(n=1, d=1, k=1, output="identity", loss="mse"), "c", 1)
        >>> f = lambdify_gradient(g)
        >>> f({"U": [[1.0]], "W": [[0.0]], "b": [0.0], "V": [[2.0]], "c": [0.5],
        ...    "s0": [0.0], "x_1": [0.0], "target_1": [1.0]})
        array([[-0.5]])
    """
    names = list(eg.symbols)
    args = [sym for name in names for sym in eg.symbols[name]]
    # Plain names that any printer accepts, whatever subscripts the symbols carry.
    safe = {sym: Symbol(f"v{i}") for i, sym in enumerate(args + [s for s, _ in eg.subexpressions])}
    definitions = [(safe[lhs], rhs.xreplace(safe)) for lhs, rhs in eg.subexpressions]
    fn = lambdify([safe[a] for a in args], eg.matrix.xreplace(safe), modules="numpy",
                  cse=lambda expr: (definitions, expr))

    def gradient(values: Mapping[str, np.ndarray]) -> np.ndarray:
        flat = [v for name in names for v in np.asarray(values[name], dtype=float).reshape(-1)]
        return np.asarray(fn(*flat), dtype=float)

    return gradient


# --- verification -------------------------------------------------------------------------

TOLERANCE = 1e-10


@dataclass(frozen=True)
class Verification:
    """The explicit gradient checked against SymPy and against the NumPy backward pass.

    Attributes:
        symbolic_difference: BPTT sum − sympy.diff of the unrolled loss, exactly: 0 when they
            agree in every entry, else the difference of the first entry that differs; None
            when truncation drops terms (sympy.diff has no truncated form to compare with).
        numeric_difference: max |lambdified gradient − numeric.backward| over the points
            (with the same truncation).
        tolerance: the bound numeric_difference must stay within.
        passed: every check that ran passed.
        seconds: the wall time of the whole verification, the derivation included.
        checks: (name, difference, passed) of each check that ran.
        mismatched: (row, column) of the entries the exact check found different.
        gradient: the gradient that was verified.
    """

    symbolic_difference: Expr | None
    numeric_difference: float
    tolerance: float
    passed: bool
    seconds: float
    checks: tuple[tuple[str, object, bool], ...]
    mismatched: tuple[tuple[int, int], ...]
    gradient: ExplicitGradient


def verify(model: Model, param: str, steps: int, loss_at: int | None = None,
           truncate: int | None = None, seed: int = 0, points: int = 3) -> Verification:
    """Derive ∂L/∂θ by the BPTT sum and prove it right twice.

    Exactly against sympy.diff of the unrolled loss (when no term is truncated away), and
    numerically against rnnsym.numeric.backward at `points` random points drawn from
    numpy.random.default_rng(seed).

    Raises:
        ModelError: as explicit_gradient does, or when points < 1.

    Example:
        >>> v = verify(Model(n=1, d=2, k=2), "W", steps=2)
        >>> v.symbolic_difference, v.passed
        (0, True)
        >>> [name for name, _, _ in verify(Model(n=1, d=2, k=2), "W", 2, truncate=1).checks]
        ['lambdified BPTT sum vs numeric.backward(truncate=1)']
    """
    if isinstance(points, bool) or not isinstance(points, int) or points < 1:
        raise ModelError(f"verify needs at least one random point, got points={points!r}")
    start = time.perf_counter()
    gradient = explicit_gradient(model, param, steps, loss_at, truncate)
    checks, symbolic, mismatched = [], None, ()
    if gradient.terms == _terms(gradient.loss_steps, param, None):
        symbolic, mismatched = symbolic_difference(gradient)
        checks.append(("BPTT sum vs sympy.diff of the unrolled loss", symbolic, symbolic == 0))
    numeric = numeric_difference(gradient, lambdify_gradient(gradient), seed, points)
    window = "" if truncate is None else f"truncate={truncate}"
    checks.append((f"lambdified BPTT sum vs numeric.backward({window})", numeric,
                   numeric <= TOLERANCE))
    return Verification(symbolic, numeric, TOLERANCE, all(ok for _, _, ok in checks),
                        time.perf_counter() - start, tuple(checks), mismatched, gradient)
