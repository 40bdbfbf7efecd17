import io

from rich.console import Console

from rnnsym.answers import Echo, Feedback
from rnnsym.checking import CheckResult, SheetResult
from rnnsym.render.check import render_check, render_sheet


def _text(render, *args) -> str:
    console = Console(file=io.StringIO(), width=80, color_system=None)
    render(*args, console)
    text = console.file.getvalue()
    assert max(len(line) for line in text.splitlines()) <= 80
    return text


RESULT = CheckResult(problem="clip", variant={"gradient": "[3, 4]", "threshold": 1},
                     verdict="incorrect", score=0.0, max_score=1,
                     parsed=Echo("[a, b]", "[a, b]", r"\left[a, b\right]"),
                     feedback=(Feedback("wrong_entries", "entries [1] and [2] are wrong"),))


def test_check_shows_variant_verdict_and_text_as_typed():
    text = _text(lambda r, c: render_check(r, c, "seed 3"), RESULT)
    # Square brackets are text, not Rich markup: "[a, b]" and "[1]" print as they are.
    assert "seed 3: gradient = [3, 4], threshold = 1" in text
    assert "[a, b]" in text and "entries [1] and [2] are wrong" in text
    assert "incorrect" in text and "0 / 1" in text


def test_sheet_rows_and_total():
    right = CheckResult("gamma", {}, "correct", 1.0, 1, None, ())
    sheet = SheetResult("ada", (right, RESULT), (), 1.0, 2)
    text = _text(lambda r, c: render_sheet(r, c, "student ada (course secret)"), sheet)
    lines = text.splitlines()
    assert "Answers of ada" in lines[0]
    cells = [[cell.strip() for cell in line.split("│")[1:-1]] for line in lines
             if line.startswith("│")]
    assert ["gamma", "correct", "1 / 1", ""] in cells
    assert ["total", "", "1 / 2", ""] in cells
    assert "wrong_entries: entries [1] and [2]" in text
    assert "variants of student ada (course secret)" in text


def test_a_students_control_characters_never_reach_the_terminal():
    right = CheckResult("gamma", {}, "correct", 1.0, 1, None, ())
    sheet = SheetResult("eve\u202e\x1b[2J", (right,), (), 1.0, 1)
    text = _text(lambda r, c: render_sheet(r, c, "student eve\u202e\x1b[2J (no secret)"), sheet)
    assert "\u202e" not in text and "\x1b" not in text
    assert "Answers of eve\\u202e\\x1b[2J" in text
