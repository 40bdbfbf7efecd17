"""Reading an answer that is a product of matrices, such as diag(σ'(a_i)) W, in its order.

The common reader treats W as a number, so `W diag(σ'(a_i))` and `diag(σ'(a_i)) W` would read
the same. Here the weight matrices W, U and V are non-commutative symbols, as diag(v) and
the partial-derivative atoms already are, so a product keeps the order it was written in;
`W^T` (also `Wᵀ`, `W^⊤`, `W^\\top`) is the transpose, pushed down to the symbols so that
`(diag(v) W)^T` reads as `Wᵀ diag(v)`. The grammar and the limits are the common reader's.

Example:
    >>> read_product("W diag(σ'(a_i))") == read_product("diag(σ'(a_i)) W")
    False
    >>> read_product("(diag(s_i) W)^T")
    W^T*diag(s_i)
"""

from __future__ import annotations

from sympy import Add, Basic, Function, Mul, Pow, Symbol, sstr
from sympy.printing.pretty.stringpict import prettyForm

from rnnsym.answers import tree
from rnnsym.answers.build import Builder, computing
from rnnsym.answers.functions import diag
from rnnsym.answers.grammar import read
from rnnsym.answers.limits import DEFAULT_LIMITS, AnswerError, Limits
from rnnsym.answers.powers import check_power

MATRICES = frozenset({"W", "U", "V"})
_TRANSPOSE_MARK = tree.Name("T", None)  # ᵀ, ⊤ and \top all reach the grammar as ^T
MAX_MATRIX_POWER = 3  # W² or W⁻¹ is a wrong answer worth judging; W^100 is not


class transposed(Function):  # noqa: N801 — SymPy names functions in lower case
    """Xᵀ for a matrix symbol X (or a partial-derivative atom); does not commute.

    Example:
        >>> from sympy import latex
        >>> w = Symbol("W", commutative=False)
        >>> str(transposed(w)), latex(transposed(w))
        ('W^T', 'W^{\\\\top}')
    """

    nargs = 1
    is_commutative = False

    @classmethod
    def eval(cls, arg):
        return None

    def _sympystr(self, printer) -> str:
        return f"{_wrapped(printer._print(self.args[0]), self.args[0])}^T"

    def _latex(self, printer, exp=None) -> str:
        text = rf"{_wrapped(printer._print(self.args[0]), self.args[0])}^{{\top}}"
        return text if exp is None else rf"\left({text}\right)^{{{exp}}}"

    def _pretty(self, printer) -> prettyForm:
        return prettyForm(f"{_wrapped(sstr(self.args[0]), self.args[0])}ᵀ")


def _wrapped(text: str, arg) -> str:
    return text if arg.is_Symbol else f"({text})"


def transpose(expr: Basic) -> Basic:
    """The transpose of a product, sum or power of matrices, pushed down to the symbols.

    diag(v) and numbers are their own transposes; a product reverses its order.

    Example:
        >>> w, u = Symbol("W", commutative=False), Symbol("U", commutative=False)
        >>> transpose(w * diag(Symbol("x")) * u)
        U^T*diag(x)*W^T
    """
    if expr.is_commutative or isinstance(expr, diag):
        return expr
    if isinstance(expr, transposed):
        return expr.args[0]
    if isinstance(expr, Add):
        return Add(*(transpose(term) for term in expr.args))
    if isinstance(expr, Mul):
        scalars, factors = expr.args_cnc()
        return Mul(*scalars, *(transpose(factor) for factor in reversed(factors)))
    if isinstance(expr, Pow):
        return Pow(transpose(expr.base), expr.exp)
    return transposed(expr)


class ProductBuilder(Builder):
    """The common builder, with W, U, V as matrices and ^T as the transpose."""

    def build(self, node):
        own = _OWN_RULES.get(type(node))
        return own(self, node) if own else super().build(node)

    def matrix_name(self, node: tree.Name):
        if node.base in MATRICES and node.sub is None:
            return Symbol(node.base, commutative=False)
        return Builder.name(self, node)

    def matrix_power(self, node: tree.Power):
        base = self.build(node.base)  # once: building it again at each level is exponential
        if not base.is_commutative and node.exp == _TRANSPOSE_MARK:
            return transpose(base)
        exponent = self.build(node.exp)
        if base.is_commutative:
            check_power(base, exponent, self.limits)
            return base**exponent
        if not (exponent.is_Integer and 0 < abs(exponent) <= MAX_MATRIX_POWER):
            raise AnswerError("matrix_power", f"a matrix can be raised only to a whole "
                              f"power from −{MAX_MATRIX_POWER} to {MAX_MATRIX_POWER}, or "
                              f"transposed (W^T); the answer has ({base})^{exponent}")
        return base**exponent


_OWN_RULES = {tree.Name: ProductBuilder.matrix_name, tree.Power: ProductBuilder.matrix_power}


def read_product(text: str, limits: Limits = DEFAULT_LIMITS) -> Basic:
    """The SymPy form of an answer in which W, U and V are matrices (see the module doc).

    Raises:
        AnswerError: the answer cannot be read or exceeds a limit; the message says why.
    """
    node = read(text, limits)
    with computing():
        return ProductBuilder({}, limits).build(node)


def count_terms(expr: Basic, cap: int = 10**9) -> int:
    """How many terms multiplying out expr would give (at most cap), without doing it.

    Function arguments are not looked into: the answer's products are multiplied out only
    at the top (expand with deep=False).
    """
    if isinstance(expr, Add):
        return min(sum(count_terms(term, cap) for term in expr.args), cap)
    if isinstance(expr, Mul):
        total = 1
        for factor in expr.args:
            total = min(total * count_terms(factor, cap), cap)
        return total
    if isinstance(expr, Pow) and expr.exp.is_Integer and expr.exp > 0:
        base = count_terms(expr.base, cap)
        return 1 if base == 1 else cap if expr.exp > 64 else min(base ** int(expr.exp), cap)
    return 1
