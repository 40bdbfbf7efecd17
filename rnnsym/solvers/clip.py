"""Gradient clipping of a given vector or matrix, exactly where the inputs are exact.

    norm clipping:         if ‖g‖ > τ then g ← τ · g / ‖g‖     (direction kept)
    elementwise clipping:  each entry cut to [−τ, τ]          (min-char-rnn; direction changes)

The norm is the Euclidean norm of a vector and the Frobenius norm of a matrix. Decimal
inputs are read as exact fractions, so the notes' example g = (3, 4), τ = 1 gives exactly
(3/5, 4/5) with ‖g‖ = 5 → 1; the float result of clipping.clip_by_norm is computed beside it
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
from fractions import Fraction

from rnnsym.solvers.base import SolveError, Step
from rnnsym.solvers.fmt import plain, uni
from rnnsym.solvers.values import parse_array, parse_number


@dataclass(frozen=True)
class Kind:
    """A kind of clipping: its exact rule, the numeric function that must agree, a note."""

    name: str
    rule: str
    exact: Callable  # (entries, τ) as Fractions ↦ (clipped entries, norm after), SymPy
    numeric: str  # the name of the function in rnnsym.clipping
    note: str


def _exact(q: Fraction):
    import sympy

    return sympy.Rational(q.numerator, q.denominator)


def _root(q: Fraction):
    """√q exactly; SymPy takes square factors out (√8 = 2√2)."""
    import sympy

    return sympy.sqrt(_exact(q))


def _by_norm(entries: list[Fraction], tau: Fraction):
    norm_sq = sum(g * g for g in entries)
    if norm_sq <= tau * tau:
        return [_exact(g) for g in entries], _root(norm_sq)
    import sympy

    # One exact scale factor τ/‖g‖, rationalized once; every entry is a rational times it,
    # and the norm after is τ exactly.
    scale = sympy.radsimp(_exact(tau) / _root(norm_sq))
    return [scale * _exact(g) for g in entries], _exact(tau)


def _elementwise(entries: list[Fraction], tau: Fraction):
    cut = [min(max(g, -tau), tau) for g in entries]
    return [_exact(g) for g in cut], _root(sum(g * g for g in cut))


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
        numeric: the clipped gradient as clipping.clip_by_norm / clip_elementwise returns it.
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
        return {"clipping": self.kind, "threshold": plain(self.threshold),
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


MAX_SHOWN = 8  # entries of a vector (or rows of a matrix) written out in the steps
MAX_EXACT_WIDTH = 24  # characters of an exact entry worth showing; the JSON always has them


def _shortened(items: list[str]) -> list[str]:
    if len(items) <= MAX_SHOWN:
        return items
    return [*items[:MAX_SHOWN - 2], "…", items[-1]]


def show_array(array, number=uni) -> str:
    """A vector "(a, b, …)" or matrix "[a, b; c, d]" in one line, long ones shortened by "…"."""
    if isinstance(array[0], list):
        return "[" + "; ".join(_shortened([show_array(row, number)[1:-1] for row in array])) + "]"
    return "(" + ", ".join(_shortened([number(v) for v in array])) + ")"


def _approx(array) -> str:
    return show_array(array, lambda v: f"{float(v):.4g}".replace("-", "−"))


def readable(array) -> str:
    """The exact form when it is short enough to read, else the decimal one after "≈"."""
    entries = array if not isinstance(array[0], list) else [v for row in array for v in row]
    if max(len(uni(v)) for v in entries) <= MAX_EXACT_WIDTH:
        return show_array(array)
    return f"≈ {_approx(array)}"


def solve(gradient, threshold, elementwise: bool = False) -> ClipResult:
    """Clip `gradient` (a vector or matrix: JSON text or nested lists) at `threshold`.

    Example:
        >>> r = solve("[[1, 1], [1, 1]]", 1)
        >>> str(r.norm_before), str(r.norm_after)
        ('2', '1')
    """
    import numpy as np

    from rnnsym import clipping

    kind = KINDS["elementwise" if elementwise else "norm"]
    given = parse_array(gradient, "the gradient")
    tau_q = parse_number(threshold, "the threshold")
    if tau_q <= 0:
        raise SolveError(f"the threshold must be positive, got {threshold}")
    flat = _flat(given)
    tau = _exact(tau_q)
    entries = [_exact(q) for q in flat]
    norm = _root(sum(q * q for q in flat))
    clipped_flat, after = kind.exact(flat, tau_q)
    exact_given, clipped = _shaped(entries, given), _shaped(clipped_flat, given)
    as_float = np.array([[float(q) for q in row] for row in given]
                        if isinstance(given[0], list) else [float(q) for q in given])
    result = getattr(clipping, kind.numeric)(as_float, float(tau_q))
    changed = clipped_flat != entries
    steps = _explain(kind, exact_given, tau, norm, clipped, after, changed, result)
    return ClipResult(kind.name, tau, exact_given, clipped, norm, after, changed,
                      result.grads, clipped, tuple(steps))


def _said(value) -> str:
    """"= exact ≈ decimal" for a number, or only "≈ decimal" when the exact form is long."""
    exact = uni(value)
    if len(exact) > MAX_EXACT_WIDTH:
        return f"≈ {float(value):.6g}".replace("-", "−")
    return f"= {exact}" + ("" if value.is_Rational else f" ≈ {float(value):.4g}")


def _said_array(array) -> str:
    shown = readable(array)
    return shown if shown.startswith("≈") else f"= {shown}"


def _explain(kind, given, tau, norm, clipped, after, changed, result) -> list[Step]:
    steps = [Step(f"{kind.name} clipping: {kind.rule}, with τ = {uni(tau)}."),
             Step(f"g {_said_array(given)}"),
             Step(f"‖g‖ = √(Σ g_j²) {_said(norm)}")]
    if kind.name == "norm" and changed:
        steps.append(Step(f"‖g‖ > τ = {uni(tau)}, so scale by τ/‖g‖ {_said(tau / norm)}."))
    elif kind.name == "norm":
        steps.append(Step(f"‖g‖ ≤ τ = {uni(tau)}: nothing to clip."))
    elif not changed:
        steps.append(Step(f"No entry exceeds τ = {uni(tau)} in size: nothing to clip."))
    exact = _said_array(clipped)
    if not exact.startswith("≈"):
        exact += f" ≈ {_approx(clipped)}"
    steps.append(Step(f"Clipped: g {exact}"))
    steps.append(Step(f"Norm after: {_said(after)[2:]} (numerically {result.norm_after:.6g})."))
    steps.append(Step(kind.note[0].upper() + kind.note[1:] + "."))
    return steps
