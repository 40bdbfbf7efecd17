"""The functions an answer may apply, as SymPy functions that stay unevaluated.

σ is the notes' generic activation (sigmoid or tanh), so σ and σ' are undefined functions;
only when a number is needed (the random-point check) is σ taken to be the logistic sigmoid.
diag(v) and softmax(o) are vectors and matrices, so they do not commute. FUNCTIONS is the
whitelist of what an answer may call.

Example:
    >>> from sympy import Symbol, latex
    >>> latex(sigma_prime(Symbol("a_4")))
    "\\\\sigma'\\\\left(a_{4}\\\\right)"
    >>> str(diag(Symbol("x")) * diag(Symbol("y")) == diag(Symbol("y")) * diag(Symbol("x")))
    'False'
"""

from __future__ import annotations

from sympy import Abs, Float, Function, ImmutableMatrix, exp, log, sqrt, tanh
from sympy import diag as diag_matrix
from sympy.matrices import MatrixBase
from sympy.printing.pretty.stringpict import prettyForm


class sigma(Function):  # noqa: N801 — SymPy names functions in lower case
    """σ(a), the hidden activation.

    Example:
        >>> from sympy import Symbol
        >>> sigma(Symbol("a")).diff(Symbol("a"))
        sigma'(a)
    """

    nargs = 1

    @classmethod
    def eval(cls, arg):
        return None  # notation: never evaluated symbolically

    def fdiff(self, argindex=1):
        return sigma_prime(self.args[0])

    def _eval_evalf(self, prec):
        value = self.args[0].evalf(prec)
        return (1 / (1 + exp(-value))).evalf(prec) if value.is_number else None


class sigma_prime(Function):  # noqa: N801
    """σ'(a), the activation's derivative; prints as σ'(a)."""

    nargs = 1

    @classmethod
    def eval(cls, arg):
        return None

    def _eval_evalf(self, prec):
        value = sigma(self.args[0])._eval_evalf(prec)
        return None if value is None else Float(value * (1 - value), prec)

    def _sympystr(self, printer) -> str:
        return f"sigma'({printer._print(self.args[0])})"

    def _latex(self, printer, exp=None) -> str:
        text = rf"\sigma'\left({printer._print(self.args[0])}\right)"
        return text if exp is None else rf"\left({text}\right)^{{{exp}}}"

    def _pretty(self, printer) -> prettyForm:
        return prettyForm(f"σ'({printer._print(self.args[0])})")


class diag(Function):  # noqa: N801
    """diag(v): the diagonal matrix of a vector; a matrix, so it does not commute."""

    is_commutative = False

    @classmethod
    def eval(cls, *args):
        return None

    def _eval_evalf(self, prec):
        return None  # a matrix has no numeric value (SymPy would call mpmath's diag)


class softmax(Function):  # noqa: N801
    """softmax(o): a vector, so it does not commute."""

    nargs = 1
    is_commutative = False

    @classmethod
    def eval(cls, arg):
        return None

    def _eval_evalf(self, prec):
        return None  # a vector has no numeric value


def _diag(*args):
    if len(args) == 1 and isinstance(args[0], MatrixBase):
        return ImmutableMatrix(diag_matrix(*args[0]))
    if all(getattr(a, "is_number", False) for a in args):
        return ImmutableMatrix(diag_matrix(*args))
    return diag(*args)


# name → (the function, its derivative written with a prime or None, number of arguments)
FUNCTIONS = {
    "sigma": (sigma, sigma_prime, 1),
    "tanh": (tanh, lambda a: 1 - tanh(a) ** 2, 1),
    "exp": (exp, exp, 1),
    "log": (log, None, 1),
    "sqrt": (sqrt, None, 1),
    "abs": (Abs, None, 1),
    "softmax": (softmax, None, 1),
    "diag": (_diag, None, None),
}
