"""The size-expression reader: what it accepts, what it refuses, and that it never evaluates."""

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from rnnsym.solvers.sizes import SizeError, parse_size

n = sympy.Symbol("n")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14", sympy.Integer(14)),
        ("n", n),
        ("n/2", n / 2),
        ("2n", 2 * n),
        ("2*n", 2 * n),
        ("n+3", n + 3),
        ("n + 3", n + 3),
        ("2(n + 3)", 2 * n + 6),
        ("(n+1)(n-1)", n**2 - 1),
        ("3n^2/4 + n", sympy.Rational(3, 4) * n**2 + n),
        ("n**2", n**2),
        ("-(n - 1)", 1 - n),
        ("n·2", 2 * n),
        ("n − 1", n - 1),
        ("((n))", n),
        ("x/3", sympy.Symbol("x") / 3),
    ],
)
def test_reads_layer_sizes(text, expected):
    assert sympy.expand(parse_size(text) - expected) == 0


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("n/0", "division by zero"),
        ("n/(3-3)", "division by zero"),
        ("n/m", "two unknowns"),
        ("n/n", "divide only by a number"),
        ("2^n", "exponent"),
        ("n^5", "exponent"),
        ("n(n+1)(n+2)(n+3)(n+4)", "degree"),
        ("n^3", "degree at most 2"),
        ("(n^2)^2", "degree at most 2"),
        ("1234567890123", "digits"),
        ("", "empty"),
        ("(n", "never closed"),
        ("n)", "unexpected"),
        ("2.5", "whole numbers"),
        ("1e5", "whole numbers"),
        ("__import__('os')", "unexpected character"),
        ("n; 1", "unexpected character"),
        ("-" * 40 + "n", "nested too deeply"),
        ("n" + "+n" * 50, "at most 80 characters"),
        ("999999999999^4^4", "exponent"),
        ("abcdefghij", "at most 8 characters"),
    ],
)
def test_refuses_with_the_reason(text, why):
    with pytest.raises(SizeError, match=why):
        parse_size(text)


def test_refuses_non_text():
    with pytest.raises(SizeError):
        parse_size(14)  # type: ignore[arg-type]


def test_the_dangerous_names_are_plain_symbols():
    # sympify("E") would be Euler's number and sympify("I") the imaginary unit.
    assert parse_size("E") == sympy.Symbol("E")
    assert parse_size("2I") == 2 * sympy.Symbol("I")


@settings(derandomize=True, max_examples=60, deadline=None)
@given(st.integers(-999, 999), st.integers(-999, 999), st.integers(-999, 999),
       st.integers(1, 99))
def test_polynomials_read_as_sympy_builds_them(a, b, c, q):
    text = f"({a})n^2 + ({b})n/{q} + ({c})"
    built = sympy.Integer(a) * n**2 + sympy.Rational(b, q) * n + c
    assert sympy.expand(parse_size(text) - built) == 0
