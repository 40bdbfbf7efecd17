"""Exercise solvers: one module per exercise kind of the RNN unit.

Each module has a pure `solve(...)` that takes the problem's values and returns a frozen
result with the answer in `key` (exact where the problem is exact) and the worked solution in
`steps`. The answer checker computes its keys with these same functions. KINDS maps each
kind's name to its module and a one-line summary; `solver(kind)` imports the module on first
use, so listing the kinds costs nothing.

Example:
    >>> solver("params")(14, 7, 2).key
    161
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from rnnsym.solvers.base import SolveError, Step

__all__ = ["KINDS", "Kind", "SolveError", "Step", "solver"]


@dataclass(frozen=True)
class Kind:
    """An exercise kind: the module that solves it and what it asks."""

    name: str
    module: str
    summary: str


KINDS: Mapping[str, Kind] = {k.name: k for k in (
    Kind("params", "params", "count parameters, or find a layer size from the total"),
    Kind("dims", "dims", "shapes of x, s, y, U, W, V, b, c in either convention"),
    Kind("terms", "terms", "how many chain-rule terms ∂L/∂θ has for T steps (window K)"),
    Kind("jacobian", "jacobian", "∂s_i/∂s_{i−1} = diag(σ'(a_i)) W, symbolically or numerically"),
    Kind("bound", "bound", "γ, the bound (γλ)^{t−k} and the vanishing verdict"),
    Kind("clip", "clip", "clip a gradient by its norm (or elementwise), exactly"),
    Kind("forward", "forward", "forward steps by hand: a_t, s_t, o_t, y_t, L_t"),
    Kind("architecture", "architecture", "which architecture a task needs, and why"),
    Kind("bptt", "bptt", "∂L_t/∂θ as a sum of chain-rule products, one per path through time"),
)}


def solver(kind: str) -> Callable:
    """The `solve` function of an exercise kind.

    Raises:
        SolveError: no such kind (the message lists them).
    """
    if kind not in KINDS:
        raise SolveError(f"no exercise kind {kind!r}; choose one of: {', '.join(KINDS)}")
    return importlib.import_module(f"rnnsym.solvers.{KINDS[kind].module}").solve
