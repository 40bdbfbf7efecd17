"""Arrays from hostile JSON: numbers only, rectangular, finite, of a bounded size.

Each check raises an InstanceError of one line that starts with the key it is about, so a
user can find the mistake in the file.

Example:
    >>> as_array("b", [1, 2.5]).tolist()
    [1.0, 2.5]
    >>> try:
    ...     as_array("b", [1, "2"])
    ... except InstanceError as err:
    ...     print(err)
    b: expected numbers only, found text
"""

from __future__ import annotations

import numpy as np

MAX_ENTRIES = 1_000_000  # per array: far beyond a hand-checked example, far below memory
MAX_DIMS = 3

# What a NumPy dtype kind other than a number means in JSON terms.
_NOT_NUMBERS = {
    "b": "true/false",
    "U": "text",
    "S": "text",
    "O": "null, an object, or an integer too large for float64",
}


class InstanceError(ValueError):
    """An instance file or object is malformed; the one-line message names the key."""


def fmt_shape(shape: tuple) -> str:
    """(4, 3) as "(4, 3)", (4,) as "(4,)", () as "() (a single number)"."""
    if not shape:
        return "() (a single number)"
    inner = ", ".join(str(n) for n in shape)
    return f"({inner},)" if len(shape) == 1 else f"({inner})"


def as_array(key: str, value) -> np.ndarray:
    """A float64 array from a JSON number or nested lists, or an InstanceError."""
    if isinstance(value, bool | str | dict) or value is None:
        kinds = {bool: "true/false", str: "text", dict: "an object"}
        raise InstanceError(f"{key}: expected an array of numbers, got "
                            f"{kinds.get(type(value), 'null')}")
    try:
        arr = np.array(value)
    except (ValueError, OverflowError, RecursionError):
        raise InstanceError(f"{key}: ragged array; every row must have the same length "
                            "(and hold numbers, not lists)") from None
    # NumPy turns true/false among numbers into 1/0; JSON's booleans are not numbers.
    kind = "b" if arr.dtype.kind in "iuf" and _has_bool(value) else arr.dtype.kind
    if kind not in "iuf":
        found = _NOT_NUMBERS.get(kind, "something other than a number")
        raise InstanceError(f"{key}: expected numbers only, found {found}")
    if arr.size > MAX_ENTRIES:
        raise InstanceError(f"{key}: {arr.size:,} entries is more than the {MAX_ENTRIES:,} "
                            "an instance array may hold")
    if arr.ndim > MAX_DIMS:
        raise InstanceError(f"{key}: expected at most {MAX_DIMS} dimensions, got shape "
                            f"{fmt_shape(arr.shape)}")
    if 0 in arr.shape:
        raise InstanceError(f"{key}: empty array (shape {fmt_shape(arr.shape)})")
    arr = arr.astype(np.float64)
    bad = np.argwhere(~np.isfinite(arr))
    if bad.size:
        at = tuple(int(i) for i in bad[0])
        raise InstanceError(f"{key}: entry {at} is {arr[at]}, not a finite number")
    return arr


def _has_bool(value) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, bool):
            return True
    return False


def expect_shape(key: str, arr: np.ndarray, shapes: list[tuple], meaning: str) -> None:
    """Raise an InstanceError unless arr has one of `shapes`."""
    if arr.shape not in [tuple(s) for s in shapes]:
        expected = " or ".join(fmt_shape(s) for s in shapes)
        raise InstanceError(f"{key}: expected shape {expected} ({meaning}), got "
                            f"{fmt_shape(arr.shape)}")


def matrix_in_convention(key: str, value, column_axes: tuple[str, str], d: int, column: bool,
                         other_size: int | None = None, other_from: str | None = None):
    """A weight matrix one of whose axes is d; returns it and the size of its other axis.

    Args:
        column_axes: the axes' letters in the column convention, ("d", "n") for U.
        other_size, other_from: the other axis's size if known elsewhere (n from x), for
            the message.

    Example:
        >>> matrix_in_convention("V", [[1.0, 2.0]], ("k", "d"), 2, True)[1]
        1
    """
    axes = column_axes if column else column_axes[::-1]
    d_axis = axes.index("d")
    arr = as_array(key, value)
    if arr.ndim == 2 and arr.shape[d_axis] == d:
        return arr, arr.shape[1 - d_axis]
    other = axes[1 - d_axis]
    size = other_size if other_size is not None else other
    expected = tuple(d if a == "d" else size for a in axes)
    known = f"d = {d} from W" + (f", {other} = {other_size} from {other_from}"
                                 if other_size is not None else "")
    name, flipped = ("column", "row") if column else ("row", "column")
    hint = ""
    if arr.ndim == 2 and arr.shape[1 - d_axis] == d:
        hint = (f"; its transpose fits: is the file in the {flipped} convention? "
                f'(set "convention": "{flipped}")')
    raise InstanceError(f"{key}: expected shape {fmt_shape(expected)} ({axes[0]}×{axes[1]} in "
                        f"the {name} convention; {known}), got {fmt_shape(arr.shape)}{hint}")
