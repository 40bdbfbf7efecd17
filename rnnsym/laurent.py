"""Exact differences of expressions that are Laurent polynomials in their symbols.

`sympy.expand` decides whether a polynomial expression is zero, but it rewrites every
node of a large expression tree as it goes. Converting each node once into a sparse
polynomial of sympy.polys (a dict of monomials) and subtracting there is an order of
magnitude faster and just as exact. Symbols that may appear with negative powers (a
softmax output y_c under −log y_c, say) get an inverse generator, and each monomial is
reduced by y·y⁻¹ = 1 at the end — the canonical form of a Laurent polynomial.

Example:
    >>> from sympy import symbols
    >>> x, y = symbols("x y")
    >>> compare = LaurentDifference([x, y], invertible=[y])
    >>> compare((x + y)**2 / y, x**2 / y + 2*x + y)
    0
    >>> compare(x**2, x*y)
    x**2 - x*y
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sympy import Dummy, Expr, Symbol
from sympy.core.sympify import _sympify
from sympy.polys.domains import QQ
from sympy.polys.rings import PolyElement, ring


class NotLaurent(ValueError):
    """The expression is not a Laurent polynomial in the given symbols."""


class LaurentDifference:
    """a − b, exactly and expanded, for expressions in `symbols` with rational coefficients.

    One instance converts many expressions and remembers every node it has converted, so
    that subtrees shared between them (the same chain-rule factor in many entries of a
    gradient) are converted once.

    Raises:
        NotLaurent: from a call, when an expression holds something other than sums,
            products, rational numbers and integer powers of the symbols (negative powers
            only of `invertible` ones).
    """

    def __init__(self, symbols: Iterable[Symbol], invertible: Iterable[Symbol] = ()):
        invertible = list(dict.fromkeys(invertible))
        symbols = list(dict.fromkeys([*symbols, *invertible]))
        inverses = [Dummy(f"1/{s}") for s in invertible]
        self._ring, *gens = ring(symbols + inverses, QQ)
        self._gens = dict(zip(symbols, gens[: len(symbols)], strict=True))
        self._inverses = dict(zip(invertible, gens[len(symbols):], strict=True))
        self._back = {inv: 1 / s for s, inv in zip(invertible, inverses, strict=True)}
        position = {s: i for i, s in enumerate(symbols)}
        self._pairs = [(position[s], len(symbols) + i) for i, s in enumerate(invertible)]
        self._memo: dict[Expr, PolyElement] = {}

    def __call__(self, a: Expr, b: Expr) -> Expr:
        a, b = _sympify(a), _sympify(b)  # Python numbers from code, never text
        difference = self._reduced(self._convert(a) - self._convert(b))
        return difference.as_expr().xreplace(self._back)

    def _convert(self, expr: Expr) -> PolyElement:
        done = self._memo.get(expr)
        if done is not None:
            return done
        R = self._ring
        if expr.is_Symbol and expr in self._gens:
            out = self._gens[expr]
        elif expr.is_Rational:
            out = R.ground_new(QQ.from_sympy(expr))
        elif expr.is_Add:
            out = R.add(*map(self._convert, expr.args))
        elif expr.is_Mul:
            out = R.mul(*map(self._convert, expr.args))
        elif expr.is_Pow and expr.exp.is_Integer and expr.exp >= 0:
            out = self._convert(expr.base) ** int(expr.exp)
        elif expr.is_Pow and expr.exp.is_Integer and expr.base in self._inverses:
            out = self._inverses[expr.base] ** int(-expr.exp)
        else:
            raise NotLaurent(f"not a Laurent polynomial in the given symbols: {expr}")
        self._memo[expr] = out
        return out

    def _reduced(self, poly: PolyElement) -> PolyElement:
        """Cancel y·y⁻¹ in every monomial and collect the terms that become alike."""
        terms = defaultdict(lambda: QQ.zero)
        for monomial, coefficient in poly.items():
            powers = list(monomial)
            for i, j in self._pairs:
                common = min(powers[i], powers[j])
                powers[i] -= common
                powers[j] -= common
            terms[tuple(powers)] += coefficient
        return self._ring.from_dict({m: c for m, c in terms.items() if c})
