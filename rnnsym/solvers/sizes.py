"""A safe reader for layer sizes written as expressions of one unknown: "n/2", "2n", "n+3".

The text comes from a command line or an exercise file, so it is hostile: this module has its
own tokenizer and a recursive-descent grammar over integers, one identifier, + − * / ^ **,
parentheses and implicit multiplication ("2n", "3(n+1)"). It computes with polynomials whose
coefficients are exact Fractions, checks degree and size after every operation, and only at
the end builds SymPy objects (Integer, Rational, Symbol, Add, Mul, Pow) directly — no text is
ever handed to sympify, parse_expr or eval.

    expr   := term (("+" | "-") term)*
    term   := unary (("*" | "/") unary | implicit)*      implicit: an identifier or "(" follows
    unary  := ("+" | "-") unary | power
    power  := atom (("^" | "**") unary)?                 exponent: a whole number 0..4

A size may be at most quadratic in the unknown, so that the parameter count (a product of two
sizes) has degree at most 4 and its equation solves quickly and in radicals where it can.
    atom   := NUMBER | IDENT | "(" expr ")"

Example:
    >>> parse_size("n/2")
    n/2
    >>> parse_size("2(n + 3)")
    2*n + 6
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass
from fractions import Fraction

from rnnsym.solvers.base import SolveError

MAX_LENGTH = 80  # characters of one size expression
MAX_DIGITS = 12  # of one integer literal
MAX_DEGREE = 2  # of the polynomial a size may be (so an equation has degree ≤ 4)
MAX_EXPONENT = 4
MAX_DEPTH = 20  # nested parentheses and unary signs
MAX_MAGNITUDE = 10**18  # bound on every numerator and denominator along the way

# Unicode a student may paste from notes, read as its ASCII operator.
_ALIASES = {"−": "-", "–": "-", "·": "*", "×": "*", "÷": "/", "⋅": "*"}
_TOKEN = re.compile(r"\s*(?:(\d+)|([A-Za-z][A-Za-z0-9_]*)|(\*\*|[-+*/^()]))")
# Decimals and exponent notation are refused outright: "1e5" must not read as 1·e5.
_NOT_WHOLE = re.compile(r"\d*\.\d|\d\.|\d[eE][-+]?\d")


class SizeError(SolveError):
    """A size expression cannot be read; the message quotes it and says why."""


@dataclass(frozen=True)
class Poly:
    """A polynomial in at most one unknown: coeffs[i] multiplies name**i."""

    coeffs: tuple[Fraction, ...]
    name: str | None = None

    @property
    def degree(self) -> int:
        return len(self.coeffs) - 1

    def constant(self) -> Fraction | None:
        """The value if this polynomial has no unknown term, else None."""
        return self.coeffs[0] if self.degree == 0 else None


def _trim(coeffs: list[Fraction]) -> tuple[Fraction, ...]:
    while len(coeffs) > 1 and coeffs[-1] == 0:
        coeffs.pop()
    return tuple(coeffs)


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = self._tokenize(text)
        self.pos = 0
        self.depth = 0
        self.name: str | None = None

    # --- tokens -----------------------------------------------------------------------

    def fail(self, why: str):
        raise SizeError(f"cannot read {self.text!r}: {why}")

    def _tokenize(self, text: str) -> list[tuple[str, str]]:
        text = "".join(_ALIASES.get(ch, ch) for ch in text)
        if _NOT_WHOLE.search(text):
            self.fail("write whole numbers only (no decimals or exponent notation)")
        tokens, pos = [], 0
        while pos < len(text):
            match = _TOKEN.match(text, pos)
            if match is None:
                if text[pos:].strip() == "":
                    break
                bad = text[pos:].lstrip()[0]
                self.fail(f"unexpected character {bad!r}")
            number, ident, op = match.groups()
            kind = "num" if number else "id" if ident else "op"
            tokens.append((kind, number or ident or op))
            pos = match.end()
        return tokens

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, *ops: str) -> str | None:
        token = self.peek()
        if token and token[0] == "op" and token[1] in ops:
            self.pos += 1
            return token[1]
        return None

    # --- arithmetic, each checked -------------------------------------------------------

    def checked(self, coeffs: list[Fraction]) -> Poly:
        coeffs = _trim(coeffs)
        if len(coeffs) - 1 > MAX_DEGREE:
            self.fail(f"a size may be a polynomial of degree at most {MAX_DEGREE}")
        for c in coeffs:
            if abs(c.numerator) > MAX_MAGNITUDE or c.denominator > MAX_MAGNITUDE:
                self.fail("a number in it is too large")
        return Poly(coeffs, self.name if len(coeffs) > 1 else None)

    def add(self, p: Poly, q: Poly, sign: int) -> Poly:
        size = max(len(p.coeffs), len(q.coeffs))
        pad = lambda c: list(c) + [Fraction(0)] * (size - len(c))  # noqa: E731
        pairs = zip(pad(p.coeffs), pad(q.coeffs), strict=True)
        return self.checked([a + sign * b for a, b in pairs])

    def mul(self, p: Poly, q: Poly) -> Poly:
        if p.degree + q.degree > MAX_DEGREE:
            self.fail(f"a size may be a polynomial of degree at most {MAX_DEGREE}")
        out = [Fraction(0)] * (p.degree + q.degree + 1)
        for i, a in enumerate(p.coeffs):
            for j, b in enumerate(q.coeffs):
                out[i + j] += a * b
        return self.checked(out)

    def div(self, p: Poly, q: Poly) -> Poly:
        divisor = q.constant()
        if divisor is None:
            self.fail("divide only by a number, not by an expression of the unknown")
        if divisor == 0:
            self.fail("division by zero")
        return self.checked([a / divisor for a in p.coeffs])

    def power(self, base: Poly, exponent: Poly) -> Poly:
        e = exponent.constant()
        if e is None or e.denominator != 1 or not 0 <= e <= MAX_EXPONENT:
            self.fail(f"an exponent must be a whole number from 0 to {MAX_EXPONENT}")
        out = Poly((Fraction(1),))
        for _ in range(int(e)):
            out = self.mul(out, base)
        return out

    # --- grammar ------------------------------------------------------------------------

    def parse(self) -> Poly:
        if not self.tokens:
            self.fail("it is empty")
        value = self.expr()
        if self.peek() is not None:
            self.fail(f"unexpected {self.peek()[1]!r}")
        return value

    def expr(self) -> Poly:
        value = self.term()
        while op := self.take("+", "-"):
            value = self.add(value, self.term(), 1 if op == "+" else -1)
        return value

    def term(self) -> Poly:
        value = self.unary()
        while True:
            if op := self.take("*", "/"):
                right = self.unary()
                value = self.mul(value, right) if op == "*" else self.div(value, right)
            elif (tok := self.peek()) and (tok[0] == "id" or tok == ("op", "(")):
                value = self.mul(value, self.unary())  # implicit: "2n", "3(n+1)"
            else:
                return value

    def unary(self) -> Poly:
        if op := self.take("+", "-"):
            with self.nested():
                value = self.unary()
            return value if op == "+" else self.checked([-c for c in value.coeffs])
        return self.power_expr()

    def power_expr(self) -> Poly:
        base = self.atom()
        if self.take("^", "**"):
            return self.power(base, self.unary())
        return base

    def atom(self) -> Poly:
        token = self.peek()
        if token is None:
            self.fail("it ends too early")
        self.pos += 1
        kind, value = token
        if kind == "num":
            if len(value) > MAX_DIGITS:
                self.fail(f"numbers may have at most {MAX_DIGITS} digits")
            return Poly((Fraction(int(value)),))
        if kind == "id":
            return self.identifier(value)
        if value == "(":
            with self.nested():
                inner = self.expr()
            if not self.take(")"):
                self.fail("a '(' is never closed")
            return inner
        self.fail(f"unexpected {value!r}")

    def identifier(self, name: str) -> Poly:
        if len(name) > 8:
            self.fail("an unknown's name may have at most 8 characters")
        if self.name is not None and name != self.name:
            self.fail(f"two unknowns ({self.name} and {name}); use one")
        self.name = name
        return Poly((Fraction(0), Fraction(1)), name)

    @contextmanager
    def nested(self):
        # Bounded recursion: "((((…" or "----…" cannot exhaust the stack.
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.fail("it is nested too deeply")
        try:
            yield
        finally:
            self.depth -= 1


def parse_poly(text: str) -> Poly:
    """Read a size expression into an exact polynomial (no SymPy involved).

    Example:
        >>> parse_poly("n/2 + 1").coeffs
        (Fraction(1, 1), Fraction(1, 2))
    """
    if not isinstance(text, str):
        raise SizeError(f"a size must be text, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise SizeError(f"a size expression may have at most {MAX_LENGTH} characters")
    return _Parser(text).parse()


def to_sympy(poly: Poly):
    """Build the SymPy expression of a polynomial from its exact coefficients."""
    import sympy

    x = sympy.Symbol(poly.name) if poly.name else None
    terms = []
    for power, c in enumerate(poly.coeffs):
        coeff = sympy.Rational(c.numerator, c.denominator)
        terms.append(coeff if power == 0 else sympy.Mul(coeff, sympy.Pow(x, power)))
    return sympy.Add(*terms)


def parse_size(text: str):
    """Read a layer size such as "14", "n/2", "2n" or "n+3" into a SymPy expression.

    Raises:
        SizeError: the text is not such an expression (a second unknown, a division by zero,
            a character outside the grammar, too long or too large).

    Example:
        >>> parse_size("3n^2/4 + n")
        3*n**2/4 + n
    """
    return to_sympy(parse_poly(text))
