"""From the grammar's tree to SymPy objects, within the limits.

Names get SymPy's subscript convention (`L_4`; `s_k-1` while k has no value); ∂A/∂B
becomes the non-commutative notation.Partial; Σ and Π with number bounds are expanded here,
substituting the index into subscripts (s_{k-1} with k = 3 is s_2). A Π of factors that do
not commute is multiplied from its highest index down, ∂s₄/∂s₃ ∂s₃/∂s₂ ⋯, the order in which
the chain rule multiplies Jacobians. Powers are checked before SymPy computes them.

Example:
    >>> from rnnsym.answers.grammar import read
    >>> build(read("sum(k=1..3, x_k)"))
    x_1 + x_2 + x_3
    >>> build(read("prod(i=2..3, ds_i/ds_{i-1})"))
    ds_3/ds_2*ds_2/ds_1
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from fractions import Fraction
from functools import reduce
from operator import add, mul

from sympy import (
    Add,
    Basic,
    Eq,
    Expr,
    ImmutableMatrix,
    Integer,
    Mul,
    Product,
    Rational,
    Sum,
    Symbol,
    Tuple,
    sstr,
)
from sympy.matrices import MatrixBase

from rnnsym.answers import tree
from rnnsym.answers.functions import FUNCTIONS
from rnnsym.answers.limits import DEFAULT_LIMITS, AnswerError, Limits
from rnnsym.answers.powers import check_power
from rnnsym.notation import Partial

# The errors SymPy raises for things that do not fit together; each becomes an AnswerError.
_COMPUTE_ERRORS = (TypeError, ValueError, ArithmeticError, NotImplementedError, AttributeError)


@contextmanager
def computing() -> Iterator[None]:
    """Turn what SymPy raises while combining an answer's parts into an AnswerError."""
    try:
        yield
    except AnswerError:
        raise
    except ZeroDivisionError:
        raise AnswerError("cannot_compute", "the answer divides by zero") from None
    except _COMPUTE_ERRORS as error:
        raise AnswerError(
            "cannot_compute",
            f"the answer combines parts that do not fit together ({type(error).__name__}: "
            f"{str(error)[:80]})") from None


def build(node, env: Mapping[str, int] | None = None, limits: Limits = DEFAULT_LIMITS) -> Basic:
    """The SymPy object for a tree, with the names in env (e.g. {"t": 4}) set to numbers.

    Raises:
        AnswerError: a limit is exceeded, a bound is not a number, or the parts of the answer
            cannot be combined (a matrix plus a number, a division by a partial derivative).
    """
    return build_with_indices(node, env, limits)[0]


def build_with_indices(node, env: Mapping[str, int] | None = None,
                       limits: Limits = DEFAULT_LIMITS,
                       symbolic: bool = False) -> tuple[Basic, frozenset[str]]:
    """(build(node, env, limits), the subscript letters left without a value).

    With symbolic=True, a Σ or Π whose bounds are letters stays a SymPy Sum or Product, the
    form in which a general-t answer is echoed back.
    """
    builder = Builder(env or {}, limits, symbolic)
    with computing():
        return builder.build(node), frozenset(builder.free_indices)


class Builder:
    """Builds one tree; remembers the subscript names that were left as letters.

    Attributes:
        env: the numbers given to names (the problem's t, and Σ's index while it runs).
        free_indices: letters used in a subscript without a value, such as the t of s_t.
    """

    def __init__(self, env: Mapping[str, int], limits: Limits, symbolic: bool = False):
        self.env = dict(env)
        self.symbolic = symbolic  # keep Σ/Π with letter bounds as SymPy Sum/Product
        self.limits = limits
        self.instances = 0
        self.free_indices: set[str] = set()
        self.in_subscript = False

    def build(self, node):
        return _RULES[type(node)](self, node)

    def num(self, node: tree.Num):
        # Python's own int and Fraction read the digits (the lexer let only digits, ".", "e"
        # and a sign through): a decimal is exact, 0.25 is 1/4.
        value = Fraction(node.text)
        return Rational(value.numerator, value.denominator)

    def name(self, node: tree.Name):
        if node.sub is None:
            if node.base in self.env:
                return Integer(self.env[node.base])
            if self.in_subscript:
                self.free_indices.add(node.base)
            return Symbol(node.base)
        return Symbol(self.symbol_name(node))

    def symbol_name(self, node: tree.Name) -> str:
        if node.sub is None:
            return node.base
        if isinstance(node.sub, str):
            return f"{node.base}_{node.sub}"
        outer, self.in_subscript = self.in_subscript, True
        try:
            value = self.build(node.sub)
        finally:
            self.in_subscript = outer
        if value.is_Integer or value.is_Symbol:
            return f"{node.base}_{value}"
        if value.is_number:
            raise AnswerError("bad_subscript", f"the subscript of {node.base} is {value}, "
                              f"which is not a whole number")
        # s_i-1 rather than s_{i - 1}: SymPy's printers and notation.unicode_name read it.
        return f"{node.base}_{sstr(value).replace(' ', '').replace('*', '')}"

    def diff(self, node: tree.Diff):
        return Partial(Symbol(self.symbol_name(node.num)), Symbol(self.symbol_name(node.den)))

    def neg(self, node: tree.Neg):
        return -self.build(node.arg)

    def add(self, node: tree.Add):
        total = _combine(Add, add, [self.build(term) for term in node.terms])
        if len(total.args) > self.limits.max_terms and total.is_Add:
            raise _too_many_terms(self.limits)
        return total

    def product(self, node: tree.Product):
        factors = []
        for op, item in node.items:
            factor = self.build(item)
            factors.append(_inverse(factor) if op == "/" else factor)
        return _combine(Mul, mul, factors)

    def power(self, node: tree.Power):
        base, exponent = self.build(node.base), self.build(node.exp)
        check_power(base, exponent, self.limits)
        return base**exponent

    def call(self, node: tree.Call):
        function, prime, arity = FUNCTIONS[node.func]
        if node.primes:
            if node.primes > 1 or prime is None:
                raise AnswerError("unknown_function", f"{node.func}{chr(39) * node.primes} is "
                                  f"not understood; only σ', tanh' and exp' are")
            function = prime
        if arity is not None and len(node.args) != arity:
            raise AnswerError("syntax", f"{node.func} takes {arity} argument, "
                              f"not {len(node.args)}")
        return function(*(self.build(arg) for arg in node.args))

    def big(self, node: tree.Big):
        if self.symbolic:
            bounds = self.build(node.lo), self.build(node.hi)
            if not all(bound.is_Integer for bound in bounds):
                kind = Sum if node.kind == "sum" else Product
                inner = self.env.pop(node.var, None)
                body = self.build(node.body)
                if inner is not None:
                    self.env[node.var] = inner
                return kind(body, (Symbol(node.var), *bounds))
        lo, hi = self.bound(node.lo, node), self.bound(node.hi, node)
        count = max(0, hi - lo + 1)
        self.instances += count
        if self.instances > self.limits.max_terms:
            raise _too_many_terms(self.limits)
        saved = dict(self.env)
        parts = []
        for value in range(lo, hi + 1):
            self.env[node.var] = value
            parts.append(self.build(node.body))
        self.env = saved
        if node.kind == "sum":
            return _combine(Add, add, parts) if parts else Integer(0)
        if any(getattr(part, "is_commutative", True) is False for part in parts):
            parts.reverse()
        return _combine(Mul, mul, parts) if parts else Integer(1)

    def bound(self, node, big: tree.Big) -> int:
        value = self.build(node)
        if not value.is_Integer:
            symbol = "Σ" if big.kind == "sum" else "Π"
            raise AnswerError(
                "symbolic_bound",
                f"the bound {value} of {symbol} over {big.var} is not a whole number here; "
                f"write the terms out, or give numbers as bounds")
        return int(value)

    def matrix(self, node: tree.List):
        entries = sum(len(item.items) if isinstance(item, tree.List) else 1
                      for item in node.items)
        if entries > self.limits.max_entries:
            raise AnswerError("too_many_entries", f"the matrix has {entries:,} entries; the "
                              f"limit is {self.limits.max_entries:,}")
        if all(isinstance(item, tree.List) for item in node.items):
            rows = [[self.scalar(x) for x in row.items] for row in node.items]
            if len({len(row) for row in rows}) != 1:
                raise AnswerError("bad_matrix", "the rows of the matrix have different lengths")
            return ImmutableMatrix(rows)
        return ImmutableMatrix([self.scalar(item) for item in node.items])

    def scalar(self, node) -> Expr:
        value = self.build(node)
        if not isinstance(value, Expr) or isinstance(value, MatrixBase):
            raise AnswerError("bad_matrix", "a matrix entry must be a number or an expression, "
                              "not a list or a matrix")
        return value

    def tuple(self, node: tree.Tuple):
        return Tuple(*(self.build(item) for item in node.items))

    def equation(self, node: tree.Equation):
        return Eq(self.build(node.lhs), self.build(node.rhs), evaluate=False)


_RULES = {
    tree.Num: Builder.num, tree.Name: Builder.name, tree.Diff: Builder.diff,
    tree.Neg: Builder.neg, tree.Add: Builder.add, tree.Product: Builder.product,
    tree.Power: Builder.power, tree.Call: Builder.call, tree.Big: Builder.big,
    tree.List: Builder.matrix, tree.Matrix: Builder.matrix, tree.Tuple: Builder.tuple,
    tree.Equation: Builder.equation,
}


def _combine(kind, operator, parts: list):
    """Add(*parts) or Mul(*parts) in one call (SymPy flattens once, not once per part);
    folded with + or * when a part is a matrix, which Add and Mul do not take."""
    if not any(isinstance(part, MatrixBase) for part in parts):
        return kind(*parts)
    return reduce(operator, parts)


def _too_many_terms(limits: Limits) -> AnswerError:
    return AnswerError("too_many_terms",
                       f"the answer expands to more than {limits.max_terms:,} terms")


def _inverse(factor):
    if getattr(factor, "is_commutative", True) is False:
        shown = factor.unicode() if isinstance(factor, Partial) else factor
        raise AnswerError(
            "divide_by_partial",
            f"dividing by {shown} is not defined: a partial derivative here is a Jacobian, "
            f"not a fraction")
    if isinstance(factor, MatrixBase):
        raise AnswerError("cannot_compute", "the answer divides by a matrix")
    if factor == 0:
        raise AnswerError("cannot_compute", "the answer divides by zero")
    return factor**-1
