"""The partial-derivative atom ∂a/∂b of the chain rule, and its printers.

A chain-rule term is a product of Partial factors. The atom is non-commutative, so a product
keeps its order and two different factors never cancel like fractions would: SymPy treats
∂L₄/∂y₄ · ∂y₄/∂s₄ as two factors, not as a quotient to simplify. Derivations and the answer
reader build the same objects, so that comparing a student's sum with the key is comparing
SymPy expressions term by term.

Example:
    >>> term = partial("L_4", "y_4") * partial("y_4", "s_4") * partial("s_4", "W")
    >>> str(term)
    'dL_4/dy_4*dy_4/ds_4*ds_4/dW'
    >>> from sympy import latex
    >>> latex(partial("L_4", "y_4"))
    '\\\\frac{\\\\partial L_{4}}{\\\\partial y_{4}}'
    >>> to_unicode(term)
    '∂L₄/∂y₄ ∂y₄/∂s₄ ∂s₄/∂W'
"""

from __future__ import annotations

from collections.abc import Iterable

from sympy import Expr, Mul, Symbol
from sympy.printing.pretty.stringpict import prettyForm

# The name rules live in the SymPy-free typeset module, so that long derivations can be
# printed without SymPy in exactly the way these atoms print.
from rnnsym.typeset import plain_name, unicode_name

__all__ = ["Partial", "chain", "factors", "name", "partial", "plain_name", "to_unicode",
           "unicode_name"]


def name(symbol_name: str) -> Symbol:
    """The symbol for a quantity of the network: "L_4", "y_4", "s_0", "W".

    Names use SymPy's subscript convention (`L_4` prints as L_{4} in LaTeX).
    """
    return Symbol(symbol_name)


class Partial(Expr):
    """∂numerator/∂denominator: one non-commutative factor of a chain-rule product.

    The two arguments are Symbols. The atom stays unevaluated: it is notation, not a
    derivative SymPy should compute. Its printers give `dL_4/dy_4` (str), `∂L₄/∂y₄`
    (pretty and Unicode) and `\\frac{\\partial L_{4}}{\\partial y_{4}}` (LaTeX).

    Example:
        >>> p = Partial(Symbol("s_2"), Symbol("s_1"))
        >>> p.numerator, p.denominator
        (s_2, s_1)
        >>> p * Partial(Symbol("s_1"), Symbol("W")) == Partial(Symbol("s_1"), Symbol("W")) * p
        False
    """

    is_commutative = False

    def __new__(cls, numerator: Symbol, denominator: Symbol):
        if not isinstance(numerator, Symbol) or not isinstance(denominator, Symbol):
            raise TypeError("Partial takes two Symbols")
        return Expr.__new__(cls, numerator, denominator)

    @property
    def numerator(self) -> Symbol:
        return self.args[0]

    @property
    def denominator(self) -> Symbol:
        return self.args[1]

    @property
    def pair(self) -> tuple[str, str]:
        """(numerator, denominator) as plain names, e.g. ("L4", "y4")."""
        return plain_name(self.numerator), plain_name(self.denominator)

    def _sympystr(self, printer) -> str:
        return f"d{printer._print(self.numerator)}/d{printer._print(self.denominator)}"

    def _latex(self, printer) -> str:
        return (
            rf"\frac{{\partial {printer._print(self.numerator)}}}"
            rf"{{\partial {printer._print(self.denominator)}}}"
        )

    def _pretty(self, printer) -> prettyForm:
        return prettyForm(self.unicode())

    def unicode(self) -> str:
        """`∂L₄/∂y₄`."""
        return f"∂{unicode_name(self.numerator)}/∂{unicode_name(self.denominator)}"


def partial(numerator: str, denominator: str) -> Partial:
    """Partial(Symbol(numerator), Symbol(denominator)).

    Example:
        >>> partial("s_2", "s_1").pair
        ('s2', 's1')
    """
    return Partial(name(numerator), name(denominator))


def chain(pairs: Iterable[tuple[str, str]]) -> Expr:
    """The product of the factors ∂num/∂den, in the order given.

    Example:
        >>> chain([("L_2", "y_2"), ("y_2", "V")])
        dL_2/dy_2*dy_2/dV
    """
    return Mul(*(partial(num, den) for num, den in pairs))


def factors(term: Expr) -> tuple[Partial, ...]:
    """The Partial factors of one chain-rule product, in order."""
    if isinstance(term, Partial):
        return (term,)
    if isinstance(term, Mul):
        found = tuple(f for f in term.args if isinstance(f, Partial))
        if len(found) == len(term.args):
            return found
    raise ValueError(f"not a product of partial derivatives: {term}")


def to_unicode(term: Expr) -> str:
    """One chain-rule product as the notes write it: factors side by side, in order."""
    return " ".join(f.unicode() for f in factors(term))
