"""Abstract BPTT derivations: the chain rule through time, term by term.

A derivation of ∂L/∂θ is a list of terms, each a product of partial-derivative factors in
chain-rule order, for θ ∈ {W, U, b} (through every state s_k, k ≤ t), θ ∈ {V, c} (through
the output alone) and θ = s_0 (through every state back to the start):

    ∂L_t/∂y_t · ∂y_t/∂s_t · ∂s_t/∂s_{t−1} ⋯ ∂s_{k+1}/∂s_k · ∂s_k/∂θ

The terms are plain data (names in SymPy's subscript convention: "L_4", "s_0"), so a
derivation of thousands of terms is built and printed without SymPy; the SymPy expression,
an Add of non-commutative products of notation.Partial, is built on first use.

Example:
    >>> d = derive("W", steps=4)
    >>> d.count
    10
    >>> [t.factors for t in d.terms if t.t == 2][1]
    (('L_2', 'y_2'), ('y_2', 's_2'), ('s_2', 's_1'), ('s_1', 'W'))
    >>> derive("W", steps=4, truncate=2).dropped
    3
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from rnnsym.general_form import GeneralForm, general_form
from rnnsym.model import ARCHITECTURES, Model, ModelError


class DerivationError(ValueError):
    """A derivation was asked for with a value that makes no sense; the message says why."""


@dataclass(frozen=True)
class ParamRule:
    """How the loss reaches one parameter.

    Attributes:
        name: the parameter as the command line and the API name it: "W", "s0".
        symbol: its Symbol name in the factors: "W", "s_0".
        path: "recurrent" (through every state s_k, k ≤ t, then the immediate ∂s_k/∂θ),
            "output" (∂y_t/∂θ directly) or "initial" (through every state back to s_0).
        needs_input: the immediate ∂s_k/∂θ is zero at a step without input (it is built
            from x_k), so those terms vanish.
        immediate: what the last factor is, in words.
    """

    name: str
    symbol: str
    path: str
    needs_input: bool
    immediate: str


PARAMS: Mapping[str, ParamRule] = {
    "W": ParamRule("W", "W", "recurrent", False, "∂s_k/∂W, s_{k−1} held constant"),
    "U": ParamRule("U", "U", "recurrent", True, "∂s_k/∂U, built from x_k"),
    "b": ParamRule("b", "b", "recurrent", False, "∂s_k/∂b = diag(σ′(a_k))"),
    "V": ParamRule("V", "V", "output", False, "∂y_t/∂V, s_t held constant"),
    "c": ParamRule("c", "c", "output", False, "∂y_t/∂c"),
    "s0": ParamRule("s0", "s_0", "initial", False, "∂s_1/∂s_0"),
}

# What users type for a parameter: "dW", "dL/dW", "∂L/∂W", "s_0", "ds0".
_PREFIXES = ("dL/d", "∂L/∂", "d", "∂")
_ALIASES = {"s_0": "s0"}


def parse_param(text: str) -> str:
    """The parameter named by `text` ("W", "dW", "dL/dW", "ds0"), case as written.

    Example:
        >>> parse_param("dL/dW"), parse_param("ds_0")
        ('W', 's0')
    """
    candidates = [text] + [text[len(p):] for p in _PREFIXES if text.startswith(p)]
    for candidate in candidates:
        candidate = _ALIASES.get(candidate, candidate)
        if candidate in PARAMS:
            return candidate
    raise DerivationError(
        f"unknown parameter {text!r}; choose one of: {', '.join(PARAMS)} (or dW, dL/dW, …)"
    )


@dataclass(frozen=True, slots=True)
class Term:
    """One chain-rule product.

    Attributes:
        t: the step of the loss L_t it comes from.
        k: the step whose immediate partial ends it (t for V and c, 0 for s_0).
        factors: (numerator, denominator) name pairs in chain-rule order, read left to right.
    """

    t: int
    k: int
    factors: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Derivation:
    """∂L/∂θ by the chain rule through time: its terms, counts and the options asked for.

    Attributes:
        param: "W", "U", "b", "V", "c" or "s0".
        steps: T.
        loss_steps: the steps t whose loss L_t enters, ascending.
        loss_at: the one step asked for (the notes' "consider L_4"), or None for all of L.
        truncate: the window K of truncated BPTT, or None.
        terms: the surviving terms, grouped by t ascending, k descending within a group.
        dropped: nonzero terms removed by the truncation window (t − k ≥ K).
        zero_terms: terms left out because they are zero (∂s_k/∂U with no input x_k).
        activation, architecture, convention, output, loss: the model's choices.
    """

    param: str
    steps: int
    loss_steps: tuple[int, ...]
    loss_at: int | None
    truncate: int | None
    terms: tuple[Term, ...] = field(repr=False)
    dropped: int = 0
    zero_terms: int = 0
    activation: str = "tanh"
    architecture: str = "many-to-many"
    convention: str = "column"
    output: str = "softmax"
    loss: str = "cross_entropy"

    @property
    def count(self) -> int:
        """The number of terms kept."""
        return len(self.terms)

    @property
    def rule(self) -> ParamRule:
        return PARAMS[self.param]

    @property
    def lhs(self) -> tuple[str, str]:
        """("L", "W"), or ("L_4", "W") for one step's loss."""
        return ("L" if self.loss_at is None else f"L_{self.loss_at}", self.rule.symbol)

    def model(self, n: int = 2, d: int = 3, k: int = 2) -> Model:
        """The network of this derivation with concrete sizes."""
        return Model(n=n, d=d, k=k, activation=self.activation, output=self.output,
                     loss=self.loss, architecture=self.architecture, convention=self.convention)

    def groups(self) -> list[tuple[int, list[Term]]]:
        """The terms grouped by their loss step t, in order."""
        grouped: dict[int, list[Term]] = {}
        for term in self.terms:
            grouped.setdefault(term.t, []).append(term)
        return list(grouped.items())

    @cached_property
    def general(self) -> GeneralForm:
        """The general formula in Σ/Π form, adapted to these options."""
        arch = ARCHITECTURES[self.architecture]
        if self.loss_at is not None:
            t_value, symbolic_t = self.loss_at, str(self.loss_at)
        elif arch.losses_at == "last":
            t_value, symbolic_t = self.steps, "T"
        else:
            t_value, symbolic_t = None, "t"
        first_only = self.rule.needs_input and arch.inputs_at == "first"
        return general_form(self.rule.path, self.rule.symbol, t_value=t_value,
                            symbolic_t=symbolic_t, truncate=self.truncate,
                            first_input_only=first_only)

    def term_expr(self, term: Term):
        """One term as a SymPy product of notation.Partial factors."""
        from rnnsym.notation import chain

        return chain(term.factors)

    @cached_property
    def expr(self):
        """The whole sum as a SymPy Add of non-commutative products (0 when empty)."""
        from sympy import Add

        return Add(*(self.term_expr(term) for term in self.terms))

    def to_latex(self, expand: bool = False, general: bool = True) -> str:
        """An `aligned` block: the general formula, then one line per group of terms."""
        from rnnsym.documents import latex_block

        return latex_block(self, expand=expand, general=general)

    def to_markdown(self, expand: bool = False, d: int = 3) -> str:
        """Headings and $$…$$ blocks, for notes written in Markdown."""
        from rnnsym.documents import markdown_document

        return markdown_document(self, self.expansion(d) if expand else None)

    def to_text(self, style: str = "unicode", expand: bool = False, d: int = 3) -> str:
        """Plain lines (no wrapping): "unicode" (∂L₄/∂y₄) or "text" (ASCII: dL4/dy4)."""
        from rnnsym.documents import text_document

        return text_document(self, style, self.expansion(d) if expand else None)

    def as_dict(self, expand: bool = False, d: int = 3) -> dict:
        """The JSON object of `rnnsym derive --json`."""
        from rnnsym.documents import json_document

        return json_document(self, self.expansion(d) if expand else None)

    def expansion(self, d: int = 3):
        """The expansion of ∂s_i/∂s_{i−1} = diag(σ′(a_i)) W, derived with SymPy for size d."""
        from rnnsym.jacobians import expand

        return expand(self.activation, self.convention, d)

    def explicit(self, dims: tuple[int, int, int] = (2, 3, 2)):
        """The explicit view: the gradient as a matrix of SymPy expressions for sizes (n, d, k)."""
        from importlib import import_module

        explicit = import_module("rnnsym.explicit")
        return explicit.explicit_gradient(self.model(*dims), self.param, self.steps,
                                          loss_at=self.loss_at, truncate=self.truncate)

    def verify(self, dims: tuple[int, int, int] = (2, 3, 2), seed: int = 0, points: int = 3):
        """Check the BPTT sum against SymPy's direct differentiation and the numeric network."""
        from importlib import import_module

        explicit = import_module("rnnsym.explicit")
        return explicit.verify(self.model(*dims), self.param, self.steps, loss_at=self.loss_at,
                               truncate=self.truncate, seed=seed, points=points)

    def _repr_latex_(self) -> str:
        return f"$$\n{self.to_latex()}\n$$"


def _positive(value, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise DerivationError(f"{what} must be a positive integer, got {value!r}")
    return value


def derive(param: str, steps: int = 4, *, loss_at: int | None = None,
           truncate: int | None = None, architecture: str = "many-to-many",
           activation: str = "tanh", convention: str = "column", output: str = "softmax",
           loss: str = "cross_entropy") -> Derivation:
    """Derive ∂L/∂θ by backpropagation through time over `steps` steps.

    Args:
        param: "W", "U", "b", "V", "c" or "s0" (also "dW", "dL/dW").
        steps: T, the number of steps.
        loss_at: take only the loss L_t of this step (it must be a loss step).
        truncate: keep only the terms with t − k < K (truncated BPTT, window K).
        architecture, activation, convention, output, loss: the model's choices.

    Raises:
        DerivationError, ModelError: a value is not allowed; the message says why.

    Example:
        >>> d = derive("dV", steps=3)
        >>> [term.factors for term in d.terms][0]
        (('L_1', 'y_1'), ('y_1', 'V'))
    """
    rule = PARAMS[parse_param(param)]
    _positive(steps, "the number of steps T")
    model = Model(n=1, d=1, k=1, activation=activation, output=output, loss=loss,
                  architecture=architecture, convention=convention)
    model.check_steps(steps)
    loss_steps = model.loss_steps(steps)
    if loss_at is not None:
        loss_steps = _one_loss(loss_at, loss_steps, steps, architecture)
    if truncate is not None:
        _positive(truncate, "the truncation window K")
    terms, dropped, zero = _build(rule, loss_steps, set(model.input_steps(steps)), truncate)
    return Derivation(rule.name, steps, loss_steps, loss_at, truncate, terms, dropped, zero,
                      activation, architecture, convention, output, loss)


def _one_loss(loss_at, loss_steps, steps, architecture) -> tuple[int]:
    _positive(loss_at, "the loss step t of --loss-at")
    if loss_at not in loss_steps:
        where = (f"L_1 … L_{steps}" if len(loss_steps) > 1 else f"L_{loss_steps[0]} only")
        raise DerivationError(f"there is no loss L_{loss_at}: with T = {steps}, "
                              f"{architecture} takes {where}")
    return (loss_at,)


def _build(rule: ParamRule, loss_steps, input_steps, window) -> tuple[tuple[Term, ...], int, int]:
    """The kept terms, the number dropped by the window, the number that are zero."""
    if rule.path == "output":
        return tuple(Term(t, t, ((f"L_{t}", f"y_{t}"), (f"y_{t}", rule.symbol)))
                     for t in loss_steps), 0, 0
    last = max(loss_steps)
    recur = [None] + [(f"s_{i}", f"s_{i - 1}") for i in range(1, last + 1)]
    terms, dropped, zero = [], 0, 0
    for t in loss_steps:
        head = ((f"L_{t}", f"y_{t}"), (f"y_{t}", f"s_{t}"))
        if rule.path == "initial":
            if window is None or t < window:
                terms.append(Term(t, 0, head + tuple(recur[t:0:-1])))
            else:
                dropped += 1
            continue
        for k in range(t, 0, -1):
            if rule.needs_input and k not in input_steps:
                zero += 1
            elif window is not None and t - k >= window:
                dropped += 1
            else:
                terms.append(Term(t, k, head + tuple(recur[t:k:-1]) + ((f"s_{k}", rule.symbol),)))
    return tuple(terms), dropped, zero


__all__ = ["PARAMS", "Derivation", "DerivationError", "ModelError", "ParamRule", "Term",
           "derive", "parse_param"]
