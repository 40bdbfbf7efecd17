"""Shapes in both conventions, checked by multiplying matrices of those shapes."""

import numpy as np
import pytest

from rnnsym.solvers import SolveError
from rnnsym.solvers.dims import solve


def test_column_shapes():
    assert solve(3, 4, 2).key == {"x_i": (3, 1), "s_i": (4, 1), "y_i": (2, 1), "U": (4, 3),
                                  "W": (4, 4), "V": (2, 4), "b": (4, 1), "c": (2, 1)}


def test_row_shapes_are_the_notes_list():
    key = solve(3, 4, 2, convention="row").key
    assert (key["U"], key["W"], key["V"]) == ((3, 4), (4, 4), (4, 2))
    assert key["x_i"] == (1, 3)


@pytest.mark.parametrize("convention", ["column", "row"])
def test_the_shapes_multiply(convention):
    key = solve(3, 4, 2, convention=convention).key
    z = {name: np.zeros(shape) for name, shape in key.items()}
    if convention == "column":
        a = z["U"] @ z["x_i"] + z["W"] @ z["s_i"] + z["b"]
        o = z["V"] @ a + z["c"]
    else:
        a = z["x_i"] @ z["U"] + z["s_i"] @ z["W"] + z["b"]
        o = a @ z["V"] + z["c"]
    assert a.shape == key["s_i"] and o.shape == key["y_i"]


def test_letters_where_sizes_are_not_given():
    assert solve().key["U"] == ("d", "n")
    assert solve(d=5, convention="row").key["V"] == (5, "k")


@pytest.mark.parametrize("bad", [0, -2, 2.5, True])
def test_bad_sizes(bad):
    with pytest.raises(SolveError, match="positive whole number"):
        solve(bad, 4, 2)
