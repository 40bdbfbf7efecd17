"""Arrays from JSON values: numbers only, rectangular, finite, bounded."""

import numpy as np
import pytest

from rnnsym.instance_arrays import (
    InstanceError,
    as_array,
    expect_shape,
    fmt_shape,
    matrix_in_convention,
)


def test_numbers_become_float64():
    arr = as_array("x", [[1, 2], [3, 4.5]])
    assert arr.dtype == np.float64 and arr.tolist() == [[1.0, 2.0], [3.0, 4.5]]
    assert as_array("x", 2).shape == ()


@pytest.mark.parametrize("value, message", [
    ([[1, 2], [3]], "x: ragged array"),
    ([[1, 2], 3], "x: ragged array"),
    ([1, [True]], "x: ragged array"),
    ([[1, False]], "x: expected numbers only, found true/false"),
    ([1, None], "found null"),
    ([1, {"a": 1}], "found null, an object"),
    ([10**400], "integer too large"),
    ([[[[1.0]]]], "x: expected at most 3 dimensions"),
    ([[]], "x: empty array"),
    ([1.0, float("nan")], "x: entry (1,) is nan"),
    ("1.0", "x: expected an array of numbers, got text"),
    (None, "got null"),
    (True, "got true/false"),
])
def test_refusals(value, message):
    with pytest.raises(InstanceError, match=message.replace("(", r"\(").replace(")", r"\)")):
        as_array("x", value)


def test_shapes_are_written_as_python_writes_them():
    assert fmt_shape((4, 3)) == "(4, 3)" and fmt_shape((4,)) == "(4,)"
    assert fmt_shape(()) == "() (a single number)"
    with pytest.raises(InstanceError, match=r"^b: expected shape \(2,\) or \(1, 2\) \(bias\), "
                                            r"got \(3,\)$"):
        expect_shape("b", np.zeros(3), [(2,), (1, 2)], "bias")


def test_matrix_in_convention_reads_the_free_size():
    assert matrix_in_convention("U", np.zeros((4, 3)).tolist(), ("d", "n"), 4, True)[1] == 3
    assert matrix_in_convention("U", np.zeros((3, 4)).tolist(), ("d", "n"), 4, False)[1] == 3
    assert matrix_in_convention("V", np.zeros((4, 2)).tolist(), ("k", "d"), 4, False)[1] == 2
    with pytest.raises(InstanceError) as caught:
        matrix_in_convention("V", np.zeros((4, 2)).tolist(), ("k", "d"), 4, True)
    assert str(caught.value) == (
        "V: expected shape (k, 4) (k×d in the column convention; d = 4 from W), got (4, 2); "
        'its transpose fits: is the file in the row convention? (set "convention": "row")')


def test_docstring_examples():
    import doctest

    import rnnsym.instance_arrays

    assert doctest.testmod(rnnsym.instance_arrays).failed == 0
