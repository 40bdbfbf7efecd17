"""The Rich views at 80 columns: summarised arrays, gradcheck table, vanish bars."""

import io

import numpy as np
from rich.console import Console

from rnnsym.render.numeric import _log_bar, array_table, axes_text, number, shape_text


def render(renderable) -> str:
    console = Console(file=io.StringIO(), width=80, color_system=None)
    console.print(renderable)
    return console.file.getvalue()


def test_numbers_and_shapes():
    assert number(0.123456) == "0.1235" and number(1.5e-7) == "1.5e-07"
    assert number(float("inf")) == "inf"
    assert shape_text((4, 3)) == "4×3"
    assert axes_text("U", "column") == "d×n" and axes_text("U", "row") == "n×d"
    assert axes_text("V", "row") == "d×k" and axes_text("s0", "row", batched_s0=True) == "B×d"


def test_small_array_shows_every_entry_numbered_from_one():
    text = render(array_table("states", np.array([[0.5, -0.25], [1.0, 2.0]])))
    lines = [line.split() for line in text.splitlines() if line.strip()]
    assert lines[0] == ["states"]
    assert lines[1] == ["t", "1", "2"]
    assert lines[3] == ["1", "0.5", "-0.25"] and lines[4] == ["2", "1", "2"]


def test_big_array_is_summarised_within_80_columns():
    big = np.arange(40 * 20, dtype=float).reshape(40, 20) / 7
    text = render(array_table("∂L/∂W", big, "i"))
    assert max(map(len, text.splitlines())) <= 80
    assert "11 of 40 rows, 4 of 20 columns shown; --json has every entry" in text
    assert "⋮" in text and "…" in text
    rows = [line.split() for line in text.splitlines() if line.strip()]
    assert [row[0] for row in rows[3:14]] == [*map(str, range(1, 11)), "⋮"]
    assert rows[14][0] == "40"  # the last row is shown after the ellipsis


def test_batch_rows_are_labelled_by_sequence_and_step():
    text = render(array_table("states", np.zeros((2, 2, 1)), "bt"))
    labels = [line.split()[0] for line in text.splitlines() if "," in line]
    assert labels == ["b,t", "1,1", "1,2", "2,1", "2,2"]


def test_log_bar_places_measured_and_bound():
    bar = _log_bar(1e-2, 1.0, low=-4.0, high=0.0)
    assert bar.index("│") == len(bar) - 1
    assert bar.count("█") == round(2 / 4 * (len(bar) - 1)) + 1
    assert _log_bar(0.0, float("inf"), -4.0, 0.0).endswith("→")
