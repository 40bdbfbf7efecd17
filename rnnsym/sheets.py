"""Answer sheets: one student's answers to several problems, in TOML or JSON.

The same format serves `rnnsym check --answers FILE` and `rnnsym grade DIR`:

    student = "ada"            # optional; the file's stem when absent
    [answers]
    params-161 = "n = 14"
    gamma = "1/4"

(JSON: {"student": "ada", "answers": {"params-161": "n = 14"}}.) A number or boolean is read
as its text, so `params-161 = 14` works; any other value is refused. A sheet is data from a
student: its size is bounded and nothing in it is evaluated here.

Example:
    >>> read_sheet_text('[answers]\\nparams-161 = 14', "ada.toml").answers
    {'params-161': '14'}
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 1 << 20  # a sheet larger than 1 MiB is refused unread
MAX_ANSWERS = 1000
FORMATS = (".toml", ".json")


class SheetError(ValueError):
    """An answer sheet cannot be read; the message names the file and what is wrong."""


@dataclass(frozen=True)
class Sheet:
    """One student's answers.

    Attributes:
        student: the student's id (from the sheet, else the file's stem).
        answers: problem id → the answer as typed.
    """

    student: str
    answers: dict[str, str]


def _text(value) -> str | None:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (str, int, float)):
        return str(value)
    return None


def read_sheet_text(text: str, name: str) -> Sheet:
    """Read a sheet from its text; `name` (a file name) gives the format and default id.

    Raises:
        SheetError: not TOML/JSON, no [answers] table, or an answer that is not text.
    """
    path = Path(name)
    if path.suffix not in FORMATS:
        raise SheetError(f"{path.name}: an answer sheet should end in .toml or .json")
    try:
        data = tomllib.loads(text) if path.suffix == ".toml" else json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError, RecursionError) as error:
        kind = path.suffix[1:].upper()
        raise SheetError(f"{path.name}: not a readable {kind} file ({error})") from None
    if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
        raise SheetError(f"{path.name}: key 'answers' should be a table of "
                         "problem = answer")
    student = data.get("student", path.stem)
    if not isinstance(student, (str, int)) or not str(student).strip():
        raise SheetError(f"{path.name}: key 'student' should be a non-empty string")
    if len(data["answers"]) > MAX_ANSWERS:
        raise SheetError(f"{path.name}: more than {MAX_ANSWERS} answers")
    answers = {}
    for problem, value in data["answers"].items():
        answers[problem] = _text(value)
        if answers[problem] is None:
            raise SheetError(f"{path.name}: answer {problem!r} should be text or a number, "
                             f"not {type(value).__name__}")
    return Sheet(str(student).strip(), answers)


def read_utf8(path: Path, error: type[ValueError] = SheetError, max_bytes: int = MAX_BYTES,
              advice: str = "") -> str:
    """A student's file as text: UTF-8 with or without a byte-order mark, at most max_bytes
    (a larger file is refused unread). Each failure raises `error` naming the file.
    """
    try:
        with path.open("rb") as file:
            raw = file.read(max_bytes + 1)
    except OSError as failure:
        raise error(f"{path.name}: cannot be read ({failure.strerror or failure})") from None
    if len(raw) > max_bytes:
        raise error(f"{path.name}: larger than {max_bytes >> 20} MiB")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as failure:
        raise error(f"{path.name}: not UTF-8 text (byte {failure.start}){advice}") from None


def read_sheet(path: str | Path) -> Sheet:
    """Read a sheet file (UTF-8, at most MAX_BYTES).

    Raises:
        SheetError: unreadable, too large, not UTF-8, or malformed.
    """
    path = Path(path)
    return read_sheet_text(read_utf8(path), path.name)
