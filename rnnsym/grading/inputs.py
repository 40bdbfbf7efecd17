"""Read a class's submissions: a CSV (long or wide), a directory of sheets, or one sheet.

- CSV, long form: columns student, problem, answer (header names in any case; other
  columns are ignored). CSV, wide form: a student column and one column per problem id.
- A directory: every *.toml / *.json answer sheet in it is one student's (sheets.read_sheet).
  A sheet that cannot be read does not stop the run: its student (the file's stem) is
  recorded in `unreadable` with the reason, and every problem gets an invalid row.
- One sheet file: one student (the format of `rnnsym check --answers`).
- A Gradescope submission folder (a directory with submission_metadata.json beside it):
  one student (see grading.submission).

Files are UTF-8 (a byte-order mark is allowed). An empty cell is no answer (missing). When
one (student, problem) is given twice, the last one counts and the pair is reported.

Example:
    >>> subs = read_csv_text("student,params-161\\nada,14\\n", "class.csv")
    >>> subs.answers, subs.form
    ({'ada': {'params-161': '14'}}, 'wide')
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from rnnsym.sheets import FORMATS, SheetError, read_sheet, read_utf8

MAX_BYTES = 256 << 20  # a submissions file larger than 256 MiB is refused unread
LONG_COLUMNS = ("student", "problem", "answer")


class InputError(ValueError):
    """The submissions cannot be read at all; the message names the file and the reason."""


@dataclass(frozen=True)
class Submissions:
    """A class's answers, as typed.

    Attributes:
        answers: student → {problem id → answer}; None for an empty cell.
        form: "long" or "wide" (CSV), "sheets" (a directory), "sheet" (one file) or
            "submission" (a Gradescope submission folder).
        duplicates: (student, problem) pairs given more than once (the last one counts).
        unreadable: student → why their sheet could not be read.
        skipped: lines of the input that were left out, with the reason.
    """

    answers: dict[str, dict[str, str | None]]
    form: str
    duplicates: tuple[tuple[str, str], ...] = ()
    unreadable: dict[str, str] = field(default_factory=dict)
    skipped: tuple[str, ...] = ()

    def problem_ids(self) -> list[str]:
        """Every problem id that appears anywhere, sorted."""
        return sorted({p for answers in self.answers.values() for p in answers})


class _Collector:
    """Gathers answers cell by cell, remembering duplicates; the last one counts."""

    def __init__(self):
        self.answers: dict[str, dict[str, str | None]] = {}
        self.duplicates: list[tuple[str, str]] = []
        self.skipped: list[str] = []

    def student(self, student: str) -> dict:
        return self.answers.setdefault(student, {})

    def add(self, student: str, problem: str, answer: str | None) -> None:
        answers = self.student(student)
        if problem in answers and (student, problem) not in self.duplicates:
            self.duplicates.append((student, problem))
        answers[problem] = answer if answer and answer.strip() else None


def read_text(path: Path) -> str:
    """A file's text, decoded as UTF-8 (with or without a byte-order mark).

    Raises:
        InputError: the file cannot be read, is too large or is not UTF-8.
    """
    return read_utf8(path, InputError, MAX_BYTES,
                     "; save it as UTF-8 (e.g. 'CSV UTF-8' in a spreadsheet)")


def _header(row: list[str]) -> dict[str, int]:
    # The first column of each name counts: a later copy would silently win otherwise.
    columns: dict[str, int] = {}
    for i, name in enumerate(row):
        columns.setdefault(name.strip().lower(), i)
    return columns


def read_csv_text(text: str, name: str) -> Submissions:
    """Read a CSV of answers (long or wide form) from its text; `name` names it in errors.

    Raises:
        InputError: no header, or no student column (or, in long form, no answer column).
    """
    try:
        lines = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise InputError(f"{name}: not a readable CSV file ({error})") from None
    if not lines:
        raise InputError(f"{name}: empty; expected a header row with a 'student' column")
    columns = _header(lines[0])
    if "student" not in columns:
        raise InputError(f"{name}: no 'student' column (the header has: "
                         f"{', '.join(c.strip() for c in lines[0]) or 'nothing'})")
    long = "problem" in columns or "answer" in columns
    for column in LONG_COLUMNS if long else ():
        if column not in columns:
            raise InputError(f"{name}: no '{column}' column; a long CSV has student, "
                             "problem and answer")
    collect = _Collector()
    wide = {i: cell.strip() for i, cell in enumerate(lines[0])
            if i != columns["student"] and cell.strip()}
    for number, row in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cell = dict(enumerate(row)).get
        student = (cell(columns["student"]) or "").strip()
        if not student:
            collect.skipped.append(f"{name} line {number}: no student id")
        elif long and not (cell(columns["problem"]) or "").strip():
            collect.skipped.append(f"{name} line {number}: no problem id")
        elif long:
            collect.add(student, cell(columns["problem"]).strip(), cell(columns["answer"]))
        else:
            collect.student(student)
            for i, problem in wide.items():
                collect.add(student, problem, cell(i))
    return Submissions(collect.answers, "long" if long else "wide",
                       tuple(collect.duplicates), {}, tuple(collect.skipped))


def read_sheets(paths: list[Path], form: str) -> Submissions:
    """Read answer sheets, one student each; an unreadable sheet is recorded, not raised."""
    collect = _Collector()
    unreadable: dict[str, str] = {}
    for path in paths:
        try:
            sheet = read_sheet(path)
        except SheetError as error:
            unreadable[path.stem] = str(error)
            collect.student(path.stem)
            continue
        collect.student(sheet.student)
        for problem, answer in sheet.answers.items():
            collect.add(sheet.student, problem, answer)
    return Submissions(collect.answers, form, tuple(collect.duplicates), unreadable,
                       tuple(collect.skipped))


def read_submissions(path: str | Path) -> Submissions:
    """Read submissions from a CSV file, a sheet file or a directory of sheets.

    Raises:
        InputError: the path does not exist, or its form or text cannot be read.
    """
    path = Path(path)
    if path.is_dir() and (path.parent / "submission_metadata.json").is_file():
        from rnnsym.grading.submission import read_submission

        return read_submission(path)  # a Gradescope submission folder: one student
    if path.is_dir():
        sheets = sorted(p for p in path.iterdir()
                        if p.suffix in FORMATS and p.is_file() and not p.name.startswith("."))
        if not sheets:
            raise InputError(f"{path.name}: no answer sheets (*.toml, *.json) in this "
                             "directory")
        return read_sheets(sheets, "sheets")
    if not path.exists():
        raise InputError(f"{path.name}: no such file or directory")
    if path.suffix.lower() == ".csv":
        return read_csv_text(read_text(path), path.name)
    if path.suffix in FORMATS:
        try:
            read_sheet(path)  # one student's file: unreadable means nothing to grade
        except SheetError as error:
            raise InputError(str(error)) from None
        return read_sheets([path], "sheet")
    raise InputError(f"{path.name}: expected a .csv file, an answer sheet (.toml, .json) "
                     "or a directory of sheets")
