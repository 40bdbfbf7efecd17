"""Reading a student's answer: the three entry points the judges use.

The text is data: it goes through rnnsym's own normaliser, tokenizer and grammar, and the
tree is built into SymPy objects directly, never through eval, exec, sympify or parse_expr.

Example:
    >>> parse("dL4/dy4 * dy4/ds4 * ds4/dW") == parse("∂L₄/∂y₄ ∂y₄/∂s₄ ∂s₄/∂W")
    True
    >>> parse_shape("14x7")
    (14, 7)
    >>> parse_template("sum(k=1..t, x_k)").at(t=3)
    x_1 + x_2 + x_3
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sympy import Basic, Expr
from sympy.matrices import MatrixBase

from rnnsym.answers.build import build, build_with_indices
from rnnsym.answers.grammar import read, read_shape
from rnnsym.answers.limits import DEFAULT_LIMITS, AnswerError, Limits


def parse(text: str, *, limits: Limits = DEFAULT_LIMITS,
          env: Mapping[str, int] | None = None) -> Basic:
    """The SymPy object an answer denotes: an expression, Matrix, Tuple or Eq.

    Args:
        text: the answer as the student typed it.
        limits: the bounds the answer must keep to.
        env: numbers for names, e.g. {"t": 4} to read s_t as s_4.

    Raises:
        AnswerError: the answer cannot be read; its message says why.
    """
    return build(read(text, limits), env, limits)


def parse_shape(text: str, *, limits: Limits = DEFAULT_LIMITS) -> tuple[Basic, ...]:
    """The dimensions of a shape answer: `(14, 7)`, `14x7`, `14×7`, `[d, n]`, `d x n`.

    Raises:
        AnswerError: the answer cannot be read, or a dimension is not a number or expression.
    """
    dims = tuple(build(dim, None, limits) for dim in read_shape(text, limits))
    for dim in dims:
        if not isinstance(dim, Expr) or isinstance(dim, MatrixBase) or not dim.is_commutative:
            raise AnswerError("bad_shape", f"a dimension must be a number or a name, not {dim}")
    return dims


@dataclass(frozen=True)
class Template:
    """An answer with a symbolic step such as t, to be built once for each value of t.

    Attributes:
        text: the answer as typed.
        tree: its parse tree.
        limits: the bounds it is built within.
    """

    text: str
    tree: object
    limits: Limits = DEFAULT_LIMITS

    def at(self, **env: int) -> Basic:
        """The answer with names set to numbers, e.g. at(t=3)."""
        return build(self.tree, env, self.limits)

    def instantiate(self, env: Mapping[str, int]) -> tuple[Basic, frozenset[str]]:
        """(the answer at env, the subscript letters still without a value)."""
        return build_with_indices(self.tree, env, self.limits)

    def general(self) -> Basic:
        """The answer with letter bounds kept: Σ_{k=1}^{t} as a SymPy Sum, for echoing."""
        return build_with_indices(self.tree, None, self.limits, symbolic=True)[0]


def parse_template(text: str, *, limits: Limits = DEFAULT_LIMITS) -> Template:
    """Read an answer whose bounds or subscripts use a step letter such as t.

    Raises:
        AnswerError: the answer cannot be read (building may fail later, for each t).
    """
    return Template(text, read(text, limits), limits)
