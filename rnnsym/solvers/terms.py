"""How many chain-rule terms ∂L/∂θ has for T steps, with or without a truncation window K.

    ∂L/∂θ = Σ_t ∂L_t/∂θ
    ∂L_t/∂θ = Σ_k ∂L_t/∂y_t · ∂y_t/∂s_t · (Π_{i=k+1}^{t} ∂s_i/∂s_{i−1}) · ∂s_k/∂θ

The outer sum runs over the steps t where a loss is taken; the inner sum over the steps k
whose immediate partial ∂s_k/∂θ is not zero, and truncated BPTT keeps only t − k < K. Which k
count is a rule per parameter (a table below):

    W, b   every k = 1..t: each step's state is computed with them.
    U      the k where an input x_k is given (one-to-many: k = 1 only, so one term per L_t).
    V, c   one term per loss, with no path through time (o_t = V s_t + c).
    s0     one path per loss (through s_1, …, s_t); a window keeps it only while t < K.

Terms are counted as terms of the sum: with s_0 = 0 the k = 1 term of W is zero in value, but
it is still a term of the formula (and not zero for any other s_0).

Example:
    >>> solve(4).key["W"], solve(4, window=2).key["W"]
    (10, 7)
    >>> solve(4, architecture="many-to-one").key["W"]
    4
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from rnnsym.model import ARCHITECTURES, Model, ModelError, choose
from rnnsym.solvers.base import SolveError, Step
from rnnsym.solvers.fmt import latex, uni

MAX_STEPS = 10**9
MAX_LISTED_STEPS = 6  # list every (t, k) pair in the explanation up to this T


@dataclass(frozen=True)
class Rule:
    """Which immediate partials ∂s_k/∂θ are terms of ∂L_t/∂θ, and why.

    Attributes:
        ks: (t, input steps) ↦ the k of L_t's terms before truncation (0 stands for s_0).
        why: the reason, for the explanation.
    """

    ks: Callable[[int, frozenset], range | tuple]
    why: str


RULES: Mapping[str, Rule] = {
    "recurrent": Rule(lambda t, inputs: range(1, t + 1),
                      "every state s_1..s_t was computed with it"),
    "input": Rule(lambda t, inputs: tuple(k for k in range(1, t + 1) if k in inputs),
                  "∂s_k/∂U is zero unless an input x_k is given"),
    "output": Rule(lambda t, inputs: (t,), "it enters L_t only through o_t, no path through time"),
    "initial": Rule(lambda t, inputs: (0,), "L_t reaches s_0 by exactly one path"),
}

PARAMS: Mapping[str, str] = {"W": "recurrent", "U": "input", "b": "recurrent",
                             "V": "output", "c": "output", "s0": "initial"}


def _closed_forms():
    """(architecture, rule) ↦ (form without truncation, form for a window K ≤ T)."""
    import sympy

    T, K = sympy.symbols("T K", positive=True, integer=True)
    triangle, window = T * (T + 1) / 2, K * T - K * (K - 1) / 2
    every = {"recurrent": (triangle, window), "input": (triangle, window),
             "output": (T, T), "initial": (T, K - 1)}
    last = {"recurrent": (T, K), "input": (T, K), "output": (sympy.Integer(1),) * 2,
            "initial": (sympy.Integer(1), sympy.Integer(0))}
    first_in = {**every, "input": (T, K)}
    forms = {"many-to-many": every, "many-to-one": last, "one-to-many": first_in,
             "one-to-one": last}
    return T, K, forms


@dataclass(frozen=True)
class Count:
    """The terms of ∂L/∂θ for one parameter.

    Attributes:
        param: "W", "U", "b", "V", "c" or "s0".
        count: how many terms.
        closed_form: the count as a SymPy expression in T (and K when truncated).
        per_loss: (t, (k, …)) for each loss step t: the k of its terms.
    """

    param: str
    count: int
    closed_form: object
    per_loss: tuple[tuple[int, tuple[int, ...]], ...]


@dataclass(frozen=True)
class TermsResult:
    """Term counts for every parameter; key maps each parameter to its count."""

    steps_T: int
    window: int | None
    architecture: str
    counts: tuple[Count, ...]
    key: dict
    steps: tuple[Step, ...]

    def as_dict(self) -> dict:
        return {"T": self.steps_T, "K": self.window, "architecture": self.architecture,
                "counts": {c.param: {"count": c.count, "closed_form": str(c.closed_form),
                                     "closed_form_latex": latex(c.closed_form)}
                           for c in self.counts},
                "key": self.key, "steps": [s.as_dict() for s in self.steps]}


def pairs(rule: Rule, loss_steps, input_steps, window: int | None, steps: int):
    """(t, ks) for every loss step: the k of L_t's terms that the window keeps."""
    inputs = frozenset(input_steps)
    keep = (lambda t, k: True) if window is None else (lambda t, k: t - k < window)
    return tuple((t, tuple(k for k in rule.ks(t, inputs) if keep(t, k))) for t in loss_steps)


def _whole(value, what: str, allow_none: bool = False):
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_STEPS:
        raise SolveError(f"{what} must be a whole number from 1 to {MAX_STEPS}, got {value!r}")
    return value


def solve(steps: int, window: int | None = None, architecture: str = "many-to-many",
          params=tuple(PARAMS)) -> TermsResult:
    """Count the chain-rule terms of ∂L/∂θ for T = `steps`, window K = `window` (None: ∞).

    Example:
        >>> solve(3, params=("s0",)).key
        {'s0': 3}
    """
    _whole(steps, "the number of steps T")
    _whole(window, "the window K", allow_none=True)
    choose(ARCHITECTURES, architecture, "architecture")
    for p in params:
        choose(PARAMS, p, "parameter")
    model = Model(1, 1, 1, architecture=architecture)
    try:
        model.check_steps(steps)
    except ModelError as err:
        raise SolveError(str(err)) from None
    T, K, forms = _closed_forms()
    truncated = window is not None and window <= steps
    counts = []
    for p in params:
        full, cut = forms[architecture][PARAMS[p]]
        form = cut if truncated else full
        value = int(form.subs({T: steps, K: window or 0}))
        listed = ()
        if steps <= MAX_LISTED_STEPS:
            listed = pairs(RULES[PARAMS[p]], model.loss_steps(steps), model.input_steps(steps),
                           window, steps)
        counts.append(Count(p, value, form, listed))
    key = {c.param: c.count for c in counts}
    return TermsResult(steps, window, architecture, tuple(counts), key,
                       tuple(_explain(steps, window, architecture, counts, truncated)))


def _explain(steps, window, architecture, counts, truncated) -> list[Step]:
    arch = ARCHITECTURES[architecture]
    where = {"all": "every step", "last": "the last step only", "first": "step 1 only"}
    out = [
        Step("∂L_t/∂θ = Σ_k ∂L_t/∂y_t · ∂y_t/∂s_t · (Π_{i=k+1}^{t} ∂s_i/∂s_{i−1}) · ∂s_k/∂θ",
             r"\frac{\partial L_t}{\partial \theta} = \sum_k \frac{\partial L_t}{\partial y_t}"
             r"\frac{\partial y_t}{\partial s_t}\Big(\prod_{i=k+1}^{t}"
             r"\frac{\partial s_i}{\partial s_{i-1}}\Big)\frac{\partial s_k}{\partial \theta}"),
        Step(f"{architecture}: inputs at {where[arch.inputs_at]}, losses at "
             f"{where[arch.losses_at]}; T = {steps}"
             + (f", window K = {window} (keep t − k < K)." if window else ", no truncation.")),
    ]
    if window is not None and not truncated:
        out.append(Step(f"K = {window} ≥ T = {steps}: the window cuts nothing."))
    for c in counts:
        rule = RULES[PARAMS[c.param]]
        noun = "term" if c.count == 1 else "terms"
        line = f"{c.param}: {rule.why}; closed form {uni(c.closed_form)} = {c.count} {noun}."
        out.append(Step(line, f"{c.param}: {latex(c.closed_form)} = {c.count}"))
        if c.per_loss:
            shown = "; ".join(f"L_{t}: " + (", ".join("s_0" if k == 0 else f"k={k}" for k in ks)
                                            or "none") for t, ks in c.per_loss)
            out.append(Step(f"   {shown}"))
    return out
