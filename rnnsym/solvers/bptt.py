"""∂L_t/∂θ written out by the chain rule through time: the key of the BPTT exercises.

The notes ask for ∂L₄/∂W "as a sum of chain-rule products". Each term is one path from the
loss L_t down to the parameter through the unrolled network; the terms come from
rnnsym.derivation.derive with loss_at = t, so the key is the same object that
`rnnsym derive` prints. For the general-t exercise the key is `general`, a picklable
t ↦ terms (judge_general instantiates it at t = 1…6, possibly in the sandbox).

    W, b   shared by every step: one path through each state s_k, k = 1…t.
    U      the same, through each input x_k that is given.
    V, c   used at step t only through y_t: one path, none through time.

Example:
    >>> r = solve("W", t=4)
    >>> r.count, r.steps[-1].text
    (4, '4 terms, one per k = 4, 3, 2, 1.')
    >>> r.general(2) == solve("W", t=2).key
    True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from rnnsym.derivation import PARAMS, Derivation, DerivationError, derive, parse_param
from rnnsym.general_form import general_form
from rnnsym.model import ModelError
from rnnsym.solvers.base import SolveError, Step

MAX_T = 50  # a key of t terms of up to t + 2 factors; more is no exercise

# Why the loss reaches each kind of parameter the way it does: one sentence per path rule.
WHY: Mapping[str, str] = {
    "recurrent": "{p} is shared by every step: L_{t} reaches it through each s_k, k = 1…{t}, "
                 "one path per k (∂s_k/∂{p} is immediate: s_(k−1) held constant).",
    "output": "{p} is used at step {t} only through y_{t}: one path, none through time.",
    "initial": "s_0 is reached through every state back to the start: one path.",
}


@dataclass(frozen=True)
class GeneralKey:
    """t ↦ the terms of ∂L_t/∂θ (a SymPy sum): the key of a general-t answer.

    A frozen dataclass rather than a lambda so that it can be sent to the sandbox.

    Example:
        >>> len(GeneralKey("W")(3).args)
        3
    """

    param: str = "W"

    def __call__(self, t: int):
        return derive(self.param, steps=t, loss_at=t).expr

    def __str__(self) -> str:
        return _general(self.param).typeset("unicode")


@dataclass(frozen=True)
class BpttResult:
    """∂L_t/∂θ as a sum of chain-rule products.

    Attributes:
        param: "W", "U", "b", "V", "c" or "s0".
        t: the step of the loss (and the number of steps unrolled).
        derivation: the Derivation the terms come from.
        formula, formula_latex: the general form ∂L_t/∂θ = Σ_k … with t a letter.
        count: the number of terms.
        key: the terms as a SymPy sum of non-commutative products of Partial factors.
        general: t ↦ key at t, for the general-t exercise.
        steps: the worked solution.
    """

    param: str
    t: int
    derivation: Derivation
    formula: str
    formula_latex: str
    count: int
    key: object
    general: GeneralKey
    steps: tuple[Step, ...]

    def as_dict(self) -> dict:
        from sympy import latex, sstr

        return {"param": self.param, "t": self.t, "count": self.count,
                "formula": self.formula, "formula_latex": self.formula_latex,
                "key": sstr(self.key), "key_latex": latex(self.key),
                "terms": [[list(f) for f in term.factors] for term in self.derivation.terms],
                "steps": [s.as_dict() for s in self.steps]}


def _general(param: str):
    """The general form of ∂L_t/∂θ: the notes' formula for one loss, t kept a letter."""
    rule = PARAMS[param]
    form = general_form(rule.path, rule.symbol, t_value=None, symbolic_t="t", truncate=None)
    return replace(form, lhs=("L_t", rule.symbol), sums=form.sums[1:])  # no Σ over t


def solve(param: str = "W", t: int = 4, *, activation: str = "tanh",
          architecture: str = "many-to-many") -> BpttResult:
    """The terms of ∂L_t/∂θ for the loss of step t, in chain-rule order.

    Example:
        >>> solve("V", t=3).count
        1
    """
    if isinstance(t, bool) or not isinstance(t, int) or not 1 <= t <= MAX_T:
        raise SolveError(f"t must be a whole number from 1 to {MAX_T}, got {t!r}")
    try:
        param = parse_param(str(param))
        derivation = derive(param, steps=t, loss_at=t, activation=activation,
                            architecture=architecture)
    except (DerivationError, ModelError) as err:
        raise SolveError(str(err)) from None
    form = _general(param)
    return BpttResult(param, t, derivation, form.typeset("unicode"), form.typeset("latex"),
                      derivation.count, derivation.expr, GeneralKey(param),
                      tuple(_explain(derivation, form.typeset("unicode"))))


def _explain(derivation: Derivation, formula: str) -> list[Step]:
    from rnnsym.notation import partial

    rule, t = derivation.rule, derivation.steps
    symbol = "s_0" if rule.path == "initial" else rule.symbol
    steps = [Step(formula),
             Step(WHY[rule.path].format(p=symbol, t=t))]
    for term in derivation.terms:
        path = " ".join(partial(a, b).unicode() for a, b in term.factors)
        steps.append(Step(f"k = {term.k}: {path}" if rule.path == "recurrent" else path))
    ks = ", ".join(str(term.k) for term in derivation.terms)
    noun = "term" if derivation.count == 1 else "terms"
    tail = f", one per k = {ks}." if rule.path == "recurrent" and derivation.count > 1 else "."
    steps.append(Step(f"{derivation.count} {noun}{tail}"))
    return steps
