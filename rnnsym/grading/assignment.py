"""An assignment file: which problems a class answers, and what each is worth.

    title = "Homework 3"                  # optional, informational
    due = "2026-03-01"                    # optional, informational (not enforced)
    problems = ["params-161", "gamma", "clip"]
    [points]                              # optional; the bank's points otherwise
    params-161 = 4

Example:
    >>> read_assignment_text('problems = ["gamma"]\\n[points]\\ngamma = 2', "hw.toml")
    Assignment(problems=('gamma',), points={'gamma': 2.0}, title='')
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from rnnsym.grading.inputs import InputError, read_text

KEYS = {"problems": list, "points": dict, "title": str, "due": object}  # due: a TOML date too


@dataclass(frozen=True)
class Assignment:
    """Attributes: problems (ids, in order), points (id → points, overriding the bank's),
    title."""

    problems: tuple[str, ...]
    points: dict[str, float] = field(default_factory=dict)
    title: str = ""


def read_assignment_text(text: str, name: str) -> Assignment:
    """Read an assignment from TOML text; `name` names the file in errors.

    Raises:
        InputError: not TOML, an unknown key, or a key of the wrong type.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"{name}: not a readable TOML file ({error})") from None
    for key, value in data.items():
        if key not in KEYS:
            raise InputError(f"{name}: unknown key {key!r} (known: {', '.join(KEYS)})")
        if not isinstance(value, KEYS[key]):
            raise InputError(f"{name}: key {key!r} should be a "
                             f"{KEYS[key].__name__}, not {type(value).__name__}")
    problems = data.get("problems")
    if not problems or not all(isinstance(p, str) and p.strip() for p in problems):
        raise InputError(f"{name}: key 'problems' should be a non-empty list of problem ids")
    points = {}
    for problem, value in data.get("points", {}).items():
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise InputError(f"{name}: key 'points.{problem}' should be a number ≥ 0")
        if problem not in problems:
            raise InputError(f"{name}: key 'points.{problem}' names a problem that is "
                             "not in 'problems'")
        points[problem] = float(value)
    return Assignment(tuple(dict.fromkeys(p.strip() for p in problems)), points,
                      data.get("title", ""))


def read_assignment(path: str | Path) -> Assignment:
    """Read an assignment file (UTF-8 TOML). Raises InputError."""
    path = Path(path)
    return read_assignment_text(read_text(path), path.name)
