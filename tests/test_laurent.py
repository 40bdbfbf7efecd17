"""Exact differences of Laurent polynomials, against sympy.expand."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy import Rational, exp, expand, sqrt, symbols

from rnnsym.laurent import LaurentDifference, NotLaurent

x, y, z = symbols("x y z")


def test_equal_forms_differ_by_exactly_zero():
    compare = LaurentDifference([x, y, z], invertible=[y])
    assert compare((x + y) ** 3 / y, expand((x + y) ** 3 / y)) == 0
    assert compare(x * (1 / y) * (y - y**2 * z), x - x * y * z) == 0
    assert compare(Rational(1, 2) * (x - z) ** 2, (x**2 + z**2) / 2 - x * z) == 0


def test_a_difference_is_returned_expanded():
    compare = LaurentDifference([x, y], invertible=[y])
    assert compare((x + 1) ** 2 / y, x**2 / y) == expand((2 * x + 1) / y)
    assert compare(x * y, 3 * x) == expand(x * y - 3 * x)


@pytest.mark.parametrize("bad", [exp(x), 1 / (x + y), 1 / x, sqrt(x), x ** Rational(1, 2)])
def test_what_is_not_a_laurent_polynomial_is_refused(bad):
    with pytest.raises(NotLaurent):
        LaurentDifference([x, y], invertible=[y])(bad, 0)


def test_symbols_outside_the_ring_are_refused():
    with pytest.raises(NotLaurent):
        LaurentDifference([x])(z, 0)


_leaves = st.sampled_from([x, y, z, 1 / y, Rational(1, 2), -2, 3])


def _trees(leaf):
    return st.one_of(
        st.tuples(leaf, leaf).map(lambda p: p[0] + p[1]),
        st.tuples(leaf, leaf).map(lambda p: p[0] * p[1]),
        st.tuples(leaf, st.integers(0, 3)).map(lambda p: p[0] ** p[1]),
    )


@settings(max_examples=60, derandomize=True, deadline=None)
@given(st.recursive(_leaves, _trees, max_leaves=8), st.recursive(_leaves, _trees, max_leaves=8))
def test_agrees_with_sympy_expand(a, b):
    assert LaurentDifference([x, y, z], invertible=[y])(a, b) == expand(a - b)
