"""The logistic function σ(x) = 1/(1 + e^{−x}) as a SymPy function that stays unevaluated.

Written out with exp, every derivative of a sigmoid network is a tangle of exponentials that
SymPy can only compare by heavy simplification. As an atom whose derivative is σ(1 − σ),
the derivative of a network is a polynomial in the same σ(·) atoms, and `expand` settles
whether two of them are equal — the same way sympy.tanh (derivative 1 − tanh²) behaves.
The class follows the functions of sympy/codegen/cfunctions.py.

Example:
    >>> from sympy import Symbol
    >>> x = Symbol("x")
    >>> sigmoid(x).diff(x)
    (1 - sigmoid(x))*sigmoid(x)
"""

from __future__ import annotations

from sympy import S, exp
from sympy.core.function import ArgumentIndexError, Function


class sigmoid(Function):  # noqa: N801 -- lower case, like sympy.tanh and sympy.exp
    """The logistic function σ(x) = 1/(1 + e^{−x}).

    It evaluates only at 0 (to 1/2) and otherwise stays an atom; `rewrite(exp)` gives the
    explicit form and `evalf` works through it. LaTeX prints it as σ.

    Example:
        >>> from sympy import Symbol, exp, latex, simplify
        >>> x = Symbol("x")
        >>> sigmoid(x).rewrite(exp)
        1/(1 + exp(-x))
        >>> sigmoid(0), sigmoid(2).evalf(5)
        (1/2, 0.88080)
        >>> simplify(sigmoid(x).diff(x).rewrite(exp) - (1 / (1 + exp(-x))).diff(x))
        0
        >>> latex(sigmoid(x))
        '\\\\sigma\\\\left(x\\\\right)'
    """

    nargs = 1

    def fdiff(self, argindex=1):
        """σ'(x) = σ(x)(1 − σ(x)), in terms of the atom itself."""
        if argindex != 1:
            raise ArgumentIndexError(self, argindex)
        return self * (1 - self)

    @classmethod
    def eval(cls, arg):
        # A plain identity test: asking `arg.is_zero` of a nested network expression would
        # start an assumptions query at every construction.
        if arg is S.Zero:
            return S.Half
        return None

    def _eval_rewrite_as_exp(self, arg, **kwargs):
        return 1 / (1 + exp(-arg))

    def _eval_evalf(self, prec):
        return self.rewrite(exp)._eval_evalf(prec)

    def _eval_is_real(self):
        return self.args[0].is_real

    def _numpycode(self, printer):
        # The tanh form: 1/(1 + e^{−x}) overflows e^{−x} for x ≪ 0; this one never does.
        tanh = printer._module_format(printer._module + ".tanh")
        return f"0.5*(1 + {tanh}(0.5*({printer._print(self.args[0])})))"

    def _latex(self, printer, exp=None):
        power = "" if exp is None else f"^{{{exp}}}"
        return rf"\sigma{power}\left({printer._print(self.args[0])}\right)"
