"""The remarks on a one-step Jacobian answer, in the unit's terms (see answers.jacobians).

Each remark is a row of REMARKS: its category (what a grader counts) and its message, filled
with the problem's activation and convention. The answer's shape (which factors, in which
order) and what its diagonal holds are judged apart, so `W diag(σ(a_i))` is told both that
the order is wrong and that σ is not σ'.

Example:
    >>> from rnnsym.answers.products import read_product
    >>> from rnnsym.answers.factors import terms
    >>> from rnnsym.answers.jacobians import JacobianKey
    >>> [f.category for f in remarks(terms(read_product("W diag(σ(a_i))")), JacobianKey())]
    ['order', 'sigma_not_prime']
"""

from __future__ import annotations

from sympy import pretty, sstr

from rnnsym.answers.diagonals import VECTORS, reading
from rnnsym.answers.factors import Term
from rnnsym.answers.verdict import Feedback
from rnnsym.model import ACTIVATIONS

# name → (category, message); {M} is W or Wᵀ, {prime} σ' through the state, and so on.
REMARKS = {
    "zero": ("zero", "the answer is 0; ∂s_i/∂s_(i−1) = ∂s_i/∂a_i · ∂a_i/∂s_(i−1) is a "
             "product of two matrices"),
    "unevaluated": ("unevaluated", "that is the chain rule, not yet worked out: "
                    "∂s_i/∂a_i = diag(σ'(a_i)) and ∂a_i/∂s_(i−1) = {M}"),
    "extra_terms": ("extra_terms", "∂s_i/∂s_(i−1) is one product, ∂s_i/∂a_i · "
                    "∂a_i/∂s_(i−1); the answer adds {count} different products"),
    "not_a_product": ("not_a_product", "the answer has a factor that is not diag(…), W or "
                      "Wᵀ: {what}"),
    "structure": ("structure", "∂s_i/∂s_(i−1) = ∂s_i/∂a_i · ∂a_i/∂s_(i−1) has one "
                  "diagonal factor, diag(σ'(a_i)), on the left of {M}"),
    "wrong_matrix": ("wrong_matrix", "a_i depends on s_(i−1) through W alone ({pre}), so "
                     "∂a_i/∂s_(i−1) = {M}, once; the answer has {names}"),
    "missing_w": ("missing_w", "the factor ∂a_i/∂s_(i−1) = {M} is missing ({pre})"),
    "order": ("order", "the factors are in the wrong order: diag(σ'(a_i)) {M} scales the "
              "rows of {M} (row j by σ'(a_(i,j)), the slope of unit j), while "
              "{M} diag(σ'(a_i)) scales its columns"),
    "transposed_convention": ("transposed", "{why_matrix}"),
    "transposed_whole": ("transposed", "that is the transpose of ∂s_i/∂s_(i−1): entry "
                         "(j, l) is ∂s_(i,j)/∂s_(i−1,l) = σ'(a_(i,j)) {entry}, so "
                         "diag(σ'(a_i)) comes first: diag(σ'(a_i)) {M}"),
    "missing_diag": ("missing_diag", "{got} is a vector, and a vector times {M} is not a "
                     "matrix product: the slopes go on a diagonal, diag(σ'(a_i)) {M}, which "
                     "scales row j of {M} by σ'(a_(i,j)) (NumPy's σ'(a) * W would scale "
                     "the columns instead)"),
    "missing_sigma_prime": ("missing_sigma_prime", "∂s_i/∂a_i = diag(σ'(a_i)) is missing: "
                            "s_i = σ(a_i), so row j of {M} is scaled by σ'(a_(i,j)), "
                            "with σ'(a_i) = {prime}"),
    "sigma_not_prime": ("sigma_not_prime", "that scales by σ(a_i) itself; ∂s_i/∂a_i needs "
                        "its slope σ'(a_i) = {prime}"),
    "gamma_not_prime": ("gamma_not_prime", "γ = {gamma} is the largest value σ' takes (the "
                        "constant of the bound); ∂s_i/∂a_i needs σ'(a_i) = {prime} at this "
                        "step"),
    "wrong_activation_prime": ("wrong_activation_prime", "that is the derivative of "
                               "{others}; for σ = {activation}, σ'(a_i) = {prime}"),
    "other": ("wrong_derivative", "the diagonal must hold σ'(a_i) = {prime} "
              "(σ = {activation}); the answer's holds {got}"),
}

# By convention: how a_i depends on s_(i−1), entry (j, l) of ∂a_i/∂s_(i−1), and why the
# other orientation of W is wrong.
CONVENTION_TEXT = {
    "column": {"pre": "a_i = U x_i + W s_(i−1) + b", "entry": "W_jl",
               "why_matrix": "Wᵀ belongs to the row convention; here a_i = U x_i + W s_(i−1)"
                             " + b, so ∂a_(i,j)/∂s_(i−1,l) = W_jl: ∂a_i/∂s_(i−1) = W"},
    "row": {"pre": "a_i = x_i U + s_(i−1) W + b", "entry": "W_lj",
            "why_matrix": "in the row convention a_i = x_i U + s_(i−1) W + b, so "
                          "∂a_(i,j)/∂s_(i−1,l) = W_lj: ∂a_i/∂s_(i−1) = Wᵀ, not W"},
}


def shown(value) -> str:
    """A value on one line: SymPy's Unicode form (σ'(aᵢ)) when it fits, else its text."""
    text = pretty(value, use_unicode=True, wrap_line=False)
    return sstr(value) if "\n" in text else text


def _context(key, **extra) -> dict:
    act = ACTIVATIONS[key.activation]
    return {"M": key.matrix, "activation": key.activation, "gamma": str(act.gamma),
            "prime": act.prime_text.replace("s", "s_i"),
            "others": " or ".join(n for n in ACTIVATIONS if n != key.activation),
            **CONVENTION_TEXT[key.convention], **extra}


def _remark(name: str, key, **extra) -> Feedback:
    category, message = REMARKS[name]
    return Feedback(category, message.format(**_context(key, **extra)))


def remarks(found: list[Term], key) -> tuple[Feedback, ...]:
    """What is wrong with a multiplied-out answer; () when it is the key."""
    if not found:
        return (_remark("zero", key),)
    if any("partial" in term.kinds for term in found):
        return (_remark("unevaluated", key),)
    if len(found) > 1:
        return (_remark("extra_terms", key, count=len(found)),)
    term = found[0]
    others = [shown(f.arg) for f in term.factors if f.kind == "other"]
    if others:
        return (_remark("not_a_product", key, what=", ".join(others)),)
    return _shape(term, key) + _diagonal(term, key)


def _shape(term: Term, key) -> tuple[Feedback, ...]:
    matrices, kinds = term.matrices, term.kinds
    if not matrices:
        return (_remark("missing_w", key),)
    if len(matrices) > 1 or matrices[0] not in ("W", "Wᵀ"):
        return (_remark("wrong_matrix", key, names=" ".join(matrices)),)
    if kinds.count("diag") > 1:
        return (_remark("structure", key),)
    right = matrices[0] == key.matrix
    if kinds == ("matrix", "diag"):
        return (_remark("order" if right else "transposed_whole", key),)
    return () if right else (_remark("transposed_convention", key),)


def _diagonal(term: Term, key) -> tuple[Feedback, ...]:
    value = term.diagonal
    found = reading(value, key.activation)
    if "diag" not in term.kinds and value.free_symbols & VECTORS:
        extra = () if found == "prime" else (_remark(found, key, got=shown(value)),)
        return (_remark("missing_diag", key, got=shown(value)), *extra)
    if "diag" not in term.kinds and found not in ("gamma_not_prime", "prime"):
        return (_remark("missing_sigma_prime", key),)
    return () if found == "prime" else (_remark(found, key, got=shown(value)),)
