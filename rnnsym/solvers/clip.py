"""Gradient clipping of a given vector or matrix, exactly where the inputs are exact.

    norm clipping:         if ‖g‖ > τ then g ← τ · g / ‖g‖     (direction kept)
    elementwise clipping:  each entry cut to [−τ, τ]          (min-char-rnn; direction changes)

The norm is the Euclidean norm of a vector and the Frobenius norm of a matrix. Decimal
inputs are read as exact fractions, so the notes' example g = (3, 4), τ = 1 gives exactly
(3/5, 4/5) with ‖g‖ = 5 → 1; the float result of numeric.clip_by_norm is computed beside it
and must agree.

Example:
    >>> [str(v) for v in solve("[3, 4]", 1).key]
    ['3/5', '4/5']
    >>> [str(v) for v in solve("[3, -4]", 1, elementwise=True).key]
    ['1', '-1']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from rnnsym.solvers.base import SolveError, Step
from rnnsym.solvers.fmt import plain, uni
from rnnsym.solvers.values import parse_array, parse_number


@dataclass(frozen=True)
class Kind:
    """A kind of clipping: its exact rule, the numeric function that must agree, a note."""

    name: str
    rule: str
    exact: Callable  # (entries, norm, τ) ↦ clipped entries, all SymPy
    numeric: str  # the name of the function in rnnsym.numeric
    note: str


def _by_norm(entries, norm, tau):
    return entries if norm <= tau else [tau * g / norm for g in entries]


def _elementwise(entries, norm, tau):
    import sympy

    return [sympy.Max(-tau, sympy.Min(tau, g)) for g in entries]


KINDS: Mapping[str, Kind] = {
    "norm": Kind("norm", "if ‖g‖ > τ then g ← τ·g/‖g‖", _by_norm, "clip_by_norm",
                 "norm clipping keeps the gradient's direction and only shortens it"),
    "elementwise": Kind("elementwise", "each entry g_j ← min(max(g_j, −τ), τ)", _elementwise,
                        "clip_elementwise", "elementwise clipping (as min-char-rnn does) "
                        "cuts each entry alone, so it can change the gradient's direction"),
}


@dataclass(frozen=True)
class ClipResult:
    """A clipped gradient.

    Attributes:
        kind: "norm" or "elementwise".
        threshold: τ (SymPy Rational).
        given, clipped: the gradient before and after, nested lists of SymPy numbers
            (exact: Rationals, or radicals such as √2/2).
        norm_before, norm_after: exact norms.
        changed: whether clipping changed anything.
        numeric: the clipped gradient as numeric.clip_by_norm / clip_elementwise returns it.
        key: the clipped gradient (exact).
    """

    kind: str
    threshold: object
    given: list
    clipped: list
    norm_before: object
    norm_after: object
    changed: bool
    numeric: object
    key: list
    steps: tuple[Step, ...]

    def as_dict(self) -> dict:
        exact = lambda a: [exact(v) for v in a] if isinstance(a, list) else plain(a)  # noqa: E731
        approx = lambda a: [approx(v) for v in a] if isinstance(a, list) else float(a)  # noqa: E731
        return {"kind": self.kind, "threshold": plain(self.threshold),
                "given": exact(self.given), "clipped": exact(self.clipped),
                "clipped_float": approx(self.clipped), "norm_before": plain(self.norm_before),
                "norm_before_float": float(self.norm_before),
                "norm_after": plain(self.norm_after), "norm_after_float": float(self.norm_after),
                "changed": self.changed, "key": exact(self.key),
                "steps": [s.as_dict() for s in self.steps]}


def _flat(array) -> list:
    return [v for row in array for v in row] if isinstance(array[0], list) else list(array)


def _shaped(flat: list, like) -> list:
    if not isinstance(like[0], list):
        return flat
    width = len(like[0])
    return [flat[i:i + width] for i in range(0, len(flat), width)]


def _show(array) -> str:
    if isinstance(array[0], list):
        return "[" + "; ".join(_show(row)[1:-1] for row in array) + "]"
    return "(" + ", ".join(uni(v) for v in array) + ")"


def _approx(array) -> str:
    if isinstance(array[0], list):
        return "[" + "; ".join(_approx(row)[1:-1] for row in array) + "]"
    return "(" + ", ".join(f"{float(v):.4g}".replace("-", "−") for v in array) + ")"


def solve(gradient, threshold, elementwise: bool = False) -> ClipResult:
    """Clip `gradient` (a vector or matrix: JSON text or nested lists) at `threshold`.

    Example:
        >>> r = solve("[[1, 1], [1, 1]]", 1)
        >>> str(r.norm_before), str(r.norm_after)
        ('2', '1')
    """
    import numpy as np
    import sympy

    from rnnsym import numeric

    kind = KINDS["elementwise" if elementwise else "norm"]
    given = parse_array(gradient, "the gradient")
    tau_q = parse_number(threshold, "the threshold")
    if tau_q <= 0:
        raise SolveError(f"the threshold must be positive, got {threshold}")
    rational = lambda q: sympy.Rational(q.numerator, q.denominator)  # noqa: E731
    tau = rational(tau_q)
    entries = [rational(q) for q in _flat(given)]
    norm = sympy.sqrt(sympy.Add(*(g**2 for g in entries)))
    clipped_flat = [sympy.radsimp(v) for v in kind.exact(entries, norm, tau)]
    after = sympy.sqrt(sympy.Add(*(g**2 for g in clipped_flat)))
    after = sympy.radsimp(sympy.simplify(after)) if after.has(sympy.sqrt) else after
    exact_given, clipped = _shaped(entries, given), _shaped(clipped_flat, given)
    as_float = np.array([[float(q) for q in row] for row in given]
                        if isinstance(given[0], list) else [float(q) for q in given])
    result = getattr(numeric, kind.numeric)(as_float, float(tau_q))
    changed = clipped_flat != entries
    steps = _explain(kind, exact_given, tau, norm, clipped, after, changed, result)
    return ClipResult(kind.name, tau, exact_given, clipped, norm, after, changed,
                      result.grads, clipped, tuple(steps))


def _explain(kind, given, tau, norm, clipped, after, changed, result) -> list[Step]:
    steps = [Step(f"{kind.name} clipping: {kind.rule}, with τ = {uni(tau)}."),
             Step(f"g = {_show(given)}")]
    shown_norm = uni(norm) + (f" ≈ {float(norm):.4g}" if not norm.is_Rational else "")
    steps.append(Step(f"‖g‖ = √(Σ g_j²) = {shown_norm}"))
    if kind.name == "norm":
        if changed:
            steps.append(Step(f"‖g‖ = {uni(norm)} > τ = {uni(tau)}, so scale by "
                              f"τ/‖g‖ = {uni((tau / norm).simplify())}."))
        else:
            steps.append(Step(f"‖g‖ ≤ τ = {uni(tau)}: nothing to clip."))
    elif not changed:
        steps.append(Step(f"No entry exceeds τ = {uni(tau)} in size: nothing to clip."))
    steps.append(Step(f"Clipped: {_show(clipped)} ≈ {_approx(clipped)}"))
    steps.append(Step(f"Norm after: {uni(after)}"
                      + (f" ≈ {float(after):.4g}" if not after.is_Rational else "")
                      + f" (numerically {result.norm_after:.6g})."))
    steps.append(Step(kind.note[0].upper() + kind.note[1:] + "."))
    return steps
