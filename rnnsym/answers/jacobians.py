"""Judging the one-step Jacobian ∂s_i/∂s_(i−1) written as a product: diag(σ'(a_i)) W.

The answer is read with W, U and V as matrices that do not commute (answers.products),
multiplied out into terms (answers.factors), and compared with the key's shape: one term,
diag(v) first and then W (column convention) or Wᵀ (row convention), with v the
activation's derivative σ'(a_i) however it is written — σ'(a_i), s_i(1 − s_i) or
σ(a_i)(1 − σ(a_i)) for the sigmoid, 1 − s_i² or 1 − tanh²(a_i) for tanh (answers.diagonals).
Each way of falling short is a category in the unit's terms: the factors in the wrong
order, W where Wᵀ belongs (or the whole Jacobian transposed), σ'(a_i) left out, σ in
place of σ', the other activation's derivative, σ'(a_i) W without diag, U or V in place of
W, or the chain rule ∂s_i/∂a_i ∂a_i/∂s_(i−1) left unworked.

σ'(a_i) W, without diag, is not accepted: a vector times a matrix is not defined, and the
reading a student may have in mind is ambiguous — NumPy's `prime * W` broadcasts over the
columns and gives W diag(σ'(a_i)), the wrong order. `⊙` is not read at all.

Example:
    >>> key = JacobianKey("sigmoid", "column")
    >>> judge_jacobian("diag(s_i(1 - s_i)) W", key).verdict
    'correct'
    >>> judge_jacobian("W diag(σ'(a_i))", key).feedback[0].category
    'order'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sympy import Abs, Basic, Eq, Expr, Symbol, exp, log, tanh
from sympy.matrices import MatrixBase

from rnnsym.answers.diagonals import VECTORS, rewrite, same_entrywise
from rnnsym.answers.factors import Term, terms
from rnnsym.answers.functions import diag, sigma, sigma_prime
from rnnsym.answers.jacobian_feedback import remarks, shown
from rnnsym.answers.limits import DEFAULT_LIMITS, AnswerError, Limits
from rnnsym.answers.products import MATRICES, read_product
from rnnsym.answers.verdict import (
    INCORRECT,
    Feedback,
    Mistake,
    Verdict,
    echo,
    find_mistake,
    graded,
    guarded,
    with_known,
)
from rnnsym.model import ACTIVATIONS, CONVENTIONS, choose
from rnnsym.notation import Partial
from rnnsym.solvers.jacobian import FORMULAS

_LEFT = Partial(Symbol("s_i"), Symbol("s_i-1"))
_ENTRYWISE = (sigma, sigma_prime, tanh, exp, log, Abs)  # functions of a vector, entry by entry


@dataclass(frozen=True)
class JacobianKey:
    """The key of a symbolic Jacobian problem: which σ, and which convention.

    Attributes:
        activation: a key of model.ACTIVATIONS ("sigmoid", "tanh").
        convention: a key of model.CONVENTIONS ("column": diag(σ'(a_i)) W; "row":
            diag(σ'(a_i)) Wᵀ). Entry (j, l) is ∂s_(i,j)/∂s_(i−1,l) in either.
    """

    activation: str = "sigmoid"
    convention: str = "column"

    def __post_init__(self) -> None:
        choose(ACTIVATIONS, self.activation, "activation")
        choose(CONVENTIONS, self.convention, "convention")

    def __str__(self) -> str:
        return FORMULAS[self.convention][0]  # as a student types it: diag(σ'(a_i)) W

    @property
    def matrix(self) -> str:
        """The factor ∂a_i/∂s_(i−1): "W" or "Wᵀ"."""
        return "Wᵀ" if CONVENTIONS[self.convention].transposed else "W"


def judge_jacobian(answer: str, key: JacobianKey, *, mistakes: Iterable[Mistake] = (),
                   limits: Limits = DEFAULT_LIMITS) -> Verdict:
    """Judge ∂s_i/∂s_(i−1) written as a product of matrices (see the module doc).

    Args:
        answer: the student's text, e.g. "diag(σ'(a_i)) W"; "∂s_i/∂s_(i−1) = …" is allowed.
        key: the activation and convention of the problem.
        mistakes: known wrong answers (as text) and what to say about them.
        limits: the bounds on the answer.

    Example:
        >>> judge_jacobian("diag(1 - s_i^2) W^T", JacobianKey("tanh", "row")).verdict
        'correct'
    """
    return guarded(_judge, answer, key, tuple(mistakes), limits)


def _judge(answer: str, key: JacobianKey, mistakes, limits) -> Verdict:
    whole = read_product(answer, limits)
    value = _right_side(whole)
    parsed = echo(whole)
    found = read_terms(value, limits)
    feedback = remarks(found, key)
    if not feedback:
        return graded(1.0, parsed)
    same = lambda a, b: same_terms(a, b, key.activation)  # noqa: E731
    mistake = find_mistake(found, mistakes, lambda text: read_terms(
        _right_side(read_product(text, limits)), limits), same)
    known = (Feedback(mistake.category, mistake.message),) if mistake else ()
    return Verdict(INCORRECT, 0.0, parsed, with_known(known, feedback))


def _right_side(value: Basic) -> Basic:
    if isinstance(value, Eq):
        if value.lhs != _LEFT:
            raise AnswerError("syntax", "the left side of = must be ∂s_i/∂s_(i−1), as in "
                              "∂s_i/∂s_(i−1) = …")
        value = value.rhs
    if not isinstance(value, Expr) or isinstance(value, MatrixBase):
        raise AnswerError("not_a_product", "the answer should be a product of matrices "
                          "written with diag(…), σ' and W, not numbers or a list; it was "
                          f"read as {shown(value)}")
    return value


def read_terms(value: Basic, limits: Limits = DEFAULT_LIMITS) -> list[Term]:
    """The terms of an answer read by read_product, after its names are checked.

    Raises:
        AnswerError: a name that is neither a weight matrix nor a vector of the step, or
            a weight matrix inside an entrywise function.
    """
    if not value.has(Partial):
        _check_names(value)
    return terms(value, limits)


def _check_names(value: Basic) -> None:
    allowed = VECTORS | {Symbol(m, commutative=False) for m in MATRICES}
    unknown = sorted(str(s) for s in value.free_symbols - allowed)
    if unknown:
        raise AnswerError(
            "unknown_symbol", f"the answer uses {', '.join(unknown)}; write it with W and "
            f"a_i or s_i (s_i = σ(a_i), a_i = U x_i + W s_(i−1) + b)")
    for function in value.atoms(*_ENTRYWISE, diag):
        if any(not arg.is_commutative for arg in function.args):
            raise AnswerError(
                "matrix_in_function", f"{shown(function)} applies a function to a matrix; σ' and "
                f"diag take vectors: write σ'(a_i), with a_i = U x_i + W s_(i−1) + b")


def same_terms(a: list[Term], b: list[Term], activation: str) -> bool:
    """Whether two multiplied-out answers are the same product (for known mistakes)."""
    if len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        if x.kinds != y.kinds or x.matrices != y.matrices:
            return False
        if not same_entrywise(rewrite(x.diagonal, activation), rewrite(y.diagonal, activation)):
            return False
    return True

