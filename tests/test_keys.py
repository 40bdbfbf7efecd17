from fractions import Fraction

import numpy as np
import pytest
import sympy

from rnnsym.keys import key_json, key_text, key_value
from rnnsym.notation import partial


@pytest.mark.parametrize(("answer", "key", "text"), [
    ("integer", sympy.Integer(14), "14"),
    ("number", Fraction(1, 4), "1/4"),
    ("number", sympy.Rational(1, 4), "1/4"),
    ("number", 0.25, "0.25"),
    ("matrix", [sympy.Rational(3, 5), sympy.Rational(4, 5)], "[3/5, 4/5]"),
    ("matrix", sympy.Matrix([[1, 2], [3, 4]]), "[[1, 2], [3, 4]]"),
    ("matrix", np.array([0.5, 1.0]), "[0.5, 1.0]"),
    ("shape", (sympy.Integer(14), 7), "(14, 7)"),
    ("choice", "many-to-one", "many-to-one"),
    ("chain", partial("L_1", "y_1") * partial("y_1", "s_1"), "dL_1/dy_1*dy_1/ds_1"),
])
def test_key_text(answer, key, text):
    assert key_text(answer, key) == text


def test_general_keys_use_the_solvers_formula():
    from types import SimpleNamespace

    solution = SimpleNamespace(formula_latex=r"\sum_{k=1}^{t} x_k")
    assert key_text("general", lambda t: t, solution) == r"\sum_{k=1}^{t} x_k"
    assert key_text("general", lambda t: t) is None
    assert key_text("essay", "text") is None


@pytest.mark.parametrize(("key", "exact", "value"), [
    (sympy.Integer(14), 14, 14),
    (Fraction(1, 4), "1/4", 0.25),
    (sympy.Rational(-3, 5), "-3/5", -0.6),
    (sympy.Float(0.5), 0.5, 0.5),
    (np.int64(3), 3, 3),
    ([sympy.Rational(3, 5), 1], ["3/5", 1], [0.6, 1]),
    (sympy.Matrix([[1, sympy.Rational(1, 2)]]), [[1, "1/2"]], [[1, 0.5]]),
    ((14, 7), [14, 7], [14, 7]),
    ("vanishing", "vanishing", None),
    (sympy.sqrt(2), "sqrt(2)", None),
    (True, True, None),
])
def test_key_json_and_value(key, exact, value):
    assert key_json(key) == exact
    assert key_value(key) == value
    assert type(key_json(key)) is type(exact)
