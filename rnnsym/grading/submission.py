"""One Gradescope submission: the folder the autograder finds at /autograder/submission.

The student uploads one answer sheet (the format of `rnnsym check --answers`). Accepted:
`answers.toml` or `answers.json` at the top of the folder; otherwise the one *.toml or
*.json file anywhere in it (hidden files and __MACOSX, which zip tools add, are skipped).
No sheet, or several without an answers.* among them, is refused: the message says which
files were found. The student's id (which picks their variants) is the sheet's `student`
key; without one, the first user's `sid`, else `email`, of Gradescope's
submission_metadata.json beside the folder.

Example:
    >>> find_sheet(Path("no/such/folder"))
    Traceback (most recent call last):
    ...
    rnnsym.grading.inputs.InputError: folder: not a directory
"""

from __future__ import annotations

import json
from pathlib import Path

from rnnsym.grading.inputs import InputError, Submissions, read_sheets
from rnnsym.sheets import FORMATS

PREFERRED = ("answers.toml", "answers.json")
METADATA = "submission_metadata.json"


def _visible(path: Path, folder: Path) -> bool:
    parts = path.relative_to(folder).parts
    return not any(p.startswith(".") or p == "__MACOSX" for p in parts)


def find_sheet(folder: Path) -> Path:
    """The answer sheet of a submission folder.

    Raises:
        InputError: not a folder, no sheet, or several sheets and none named answers.*.
    """
    if not folder.is_dir():
        raise InputError(f"{folder.name}: not a directory")
    for name in PREFERRED:
        if (folder / name).is_file():
            return folder / name
    sheets = sorted(p for p in folder.rglob("*") if p.suffix in FORMATS and p.is_file()
                    and _visible(p, folder))
    if len(sheets) == 1:
        return sheets[0]
    found = ", ".join(str(p.relative_to(folder)) for p in sheets[:5])
    raise InputError(f"{folder.name}: expected one answer sheet (answers.toml or "
                     f"answers.json), found {found or 'none'}")


def metadata_student(metadata: Path) -> str | None:
    """The student id Gradescope gives in submission_metadata.json, or None."""
    try:
        users = json.loads(metadata.read_text(encoding="utf-8")).get("users") or [{}]
    except (OSError, ValueError, AttributeError):
        return None
    user = users[0] if isinstance(users[0], dict) else {}
    for key in ("sid", "email", "name"):
        if isinstance(user.get(key), str | int) and str(user[key]).strip():
            return str(user[key]).strip()
    return None


def read_submission(folder: str | Path, metadata: str | Path | None = None) -> Submissions:
    """Read one Gradescope submission folder (see the module docstring).

    Args:
        metadata: submission_metadata.json; by default the one beside the folder.

    Raises:
        InputError: no usable sheet, or a sheet that cannot be read.
    """
    folder = Path(folder)
    sheet = find_sheet(folder)
    submissions = read_sheets([sheet], "submission")
    if submissions.unreadable:
        raise InputError(next(iter(submissions.unreadable.values())))
    student, answers = next(iter(submissions.answers.items()))
    if student == sheet.stem:  # no `student` key in the sheet: ask Gradescope
        metadata = Path(metadata) if metadata else folder.parent / METADATA
        student = metadata_student(metadata) or student
    return Submissions({student: answers}, "submission")
