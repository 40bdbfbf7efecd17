"""Gradescope autograder results (results.json) from graded rows, written so none is lost.

One test per problem, in problem order: its score and max_score, "passed" only when the
answer is correct, and an output that tells the student what they typed, how rnnsym read it
and the feedback, in the unit's terms. Timeouts and errors inside rnnsym say plainly that
they are not the student's fault. Outputs are plain text (Gradescope's "text" format), so
that nothing a student typed can turn into HTML or Markdown on the results page.

`safe_write_results` is the autograder's last line of defence: whatever the grading does,
even raise, a valid results.json is written, with the error in its output.

Example:
    >>> row = {"student": "ada", "problem": "gamma", "variant": {}, "answer": "1/4",
    ...        "parsed": "1/4", "status": "correct", "score": 1.0, "max_score": 1.0,
    ...        "feedback": [], "error": None}
    >>> data = gradescope_results([row])
    >>> data["score"], data["tests"][0]["status"], data["tests"][0]["name"]
    (1.0, 'passed', 'gamma')
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from rnnsym.grading.engine import UNGRADED  # rnnsym's fault: no judgement of the answer
from rnnsym.grading.outputs import atomic_write

VISIBILITIES = ("hidden", "after_due_date", "after_published", "visible")

# What a student reads first for each status: whether the test passes, and the opening line.
# Timeouts and errors are rnnsym's business, not the student's, and say so.
STATUS_LINES: Mapping[str, tuple[str, str]] = {
    "correct": ("passed", "Correct."),
    "partial": ("failed", "Partly correct."),
    "incorrect": ("failed", "Not correct."),
    "invalid": ("failed", "rnnsym could not read this answer, so it earned no marks."),
    "missing": ("failed", "No answer was given to this problem."),
    "timeout": ("failed", "Checking this answer took longer than the time limit, so it was "
                          "not graded. This is not your fault: the course staff will grade "
                          "it by hand."),
    "error": ("failed", "rnnsym failed while checking this answer, so it was not graded. "
                        "This is not your fault: the course staff will grade it by hand."),
}
MAX_ECHO = 2000  # characters of an answer shown back: a pasted essay must not bloat the file

# When a whole submission could not be graded: whose fault it was decides what to say.
SUBMISSION_ERRORS: Mapping[str, str] = {
    "rnnsym": "rnnsym could not finish grading this submission ({error}). This is not your "
              "fault: the course staff will grade it by hand.",
    "submission": "Your submission could not be read ({error}). Upload one answer sheet, "
                  "answers.toml or answers.json, and submit again.",
}


def _cut(text: str) -> str:
    return text if len(text) <= MAX_ECHO else text[:MAX_ECHO] + f"… ({len(text)} characters)"


def _points(value: float) -> float:
    # Sums of point values such as 0.1 + 0.2 should read 0.3 on the gradebook.
    return round(float(value), 6)


def problem_output(row: Mapping) -> str:
    """What the student sees under one problem: verdict, their answer, how it was read.

    Example:
        >>> print(problem_output({"status": "incorrect", "answer": "1", "parsed": "1",
        ...     "score": 0, "max_score": 1, "error": None, "feedback": [
        ...     {"category": "gamma_tanh", "message": "γ = 1 is tanh's."}]}))
        Not correct. 0 / 1 points.
        Your answer: 1
        Read as: 1
        - γ = 1 is tanh's.
    """
    status, override = row["status"], row.get("override")
    points = f"{row['score']:g} / {row['max_score']:g} points."
    lines = [f"Graded by the course staff: {points}" if override else
             f"{STATUS_LINES[status][1]} {points}"]
    if override and override.get("reason"):
        lines.append(f"Reason: {override['reason']}")
    if row.get("answer") not in (None, ""):
        lines.append(f"Your answer: {_cut(row['answer'])}")
    if row.get("parsed") is not None:
        lines.append(f"Read as: {_cut(row['parsed'])}")
    lines.extend(f"- {item['message']}" for item in row.get("feedback") or ())
    if status in UNGRADED and row.get("error") and not override:
        lines.append(f"(rnnsym's message for the course staff: {row['error']})")
    return "\n".join(lines)


def _status(row: Mapping) -> str:
    if row.get("override"):  # a grader's score stands, whatever rnnsym said
        return "passed" if row["score"] >= row["max_score"] else "failed"
    return STATUS_LINES[row["status"]][0]


def _test(row: Mapping, number: int, titles: Mapping[str, str]) -> dict:
    title = titles.get(row["problem"])
    return {"name": f"{row['problem']}: {title}" if title else row["problem"],
            "number": str(number), "score": _points(row["score"]),
            "max_score": _points(row["max_score"]), "status": _status(row),
            "output": problem_output(row), "output_format": "text"}


def _overview(rows: list[Mapping], error: str | None, error_kind: str) -> str:
    if error is not None:
        head = SUBMISSION_ERRORS[error_kind].format(error=error)
        return head + (" The problems graded before it are listed below." if rows else "")
    if not rows:
        return "No answers to grade were found in this submission."
    counts = {status: sum(row["status"] == status for row in rows) for status in STATUS_LINES}
    parts = ", ".join(f"{n} {status}" for status, n in counts.items() if n)
    return f"{len(rows)} problems: {parts}."


def gradescope_results(rows: Iterable[Mapping], *, error: str | None = None,
                       error_kind: str = "rnnsym", titles: Mapping[str, str] | None = None,
                       visibility: str = "visible") -> dict:
    """One student's results.json: a test per problem, the total score and an overview.

    Args:
        rows: the student's detail rows (one per problem, see rnnsym.grading); any order.
        error: set when rnnsym itself failed: the results are still valid, scored as far as
            grading got (0 with no rows), and the overview says what happened.
        error_kind: whose fault the error is (a key of SUBMISSION_ERRORS): "rnnsym" (the
            default: not the student's) or "submission" (no readable answer sheet was
            uploaded: the student is asked to submit again).
        titles: problem id → title, shown beside the id in each test's name.
        visibility: when students see the tests (one of VISIBILITIES).

    Example:
        >>> gradescope_results([], error="the bank could not be read")["score"]
        0.0
    """
    if visibility not in VISIBILITIES:
        raise ValueError(f"visibility should be one of {', '.join(VISIBILITIES)}")
    if error_kind not in SUBMISSION_ERRORS:
        raise ValueError(f"error_kind should be one of {', '.join(SUBMISSION_ERRORS)}")
    rows = sorted(rows, key=lambda row: row["problem"])
    tests = [_test(row, n, titles or {}) for n, row in enumerate(rows, start=1)]
    return {"score": _points(sum(test["score"] for test in tests)),
            "output": _overview(rows, error, error_kind), "output_format": "text",
            "test_output_format": "text", "visibility": visibility,
            "stdout_visibility": "hidden", "tests": tests}


def write_results(path: str | Path, data: Mapping) -> None:
    """Write results as JSON atomically: a temporary file in the same folder, then a rename.

    A reader (or Gradescope's harness) sees the old file or the new one, never half of one.
    """
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    atomic_write(Path(path), text, durable=True)


def safe_write_results(path: str | Path, grade: Callable[[], Iterable[Mapping]],
                       **options) -> dict:
    """Run `grade` and write its rows as results.json; write a valid file even if it raises.

    `grade` returns (or yields) detail rows; the rows it yielded before failing are kept,
    so a generator that fails half-way still scores what it graded. If even the rows
    cannot be turned into results, the file says so with a score of 0.

    Args:
        options: passed on to gradescope_results (titles, visibility).

    Returns:
        The results that were written.

    Example:
        >>> import tempfile, pathlib
        >>> def broken():
        ...     raise OSError("no submission folder")
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     data = safe_write_results(pathlib.Path(folder) / "results.json", broken)
        >>> data["score"], data["output"].startswith("rnnsym could not finish")
        (0.0, True)
    """
    rows: list[Mapping] = []
    error = None
    try:
        for row in grade():
            rows.append(row)
    except Exception as failure:  # any failure must still give a results.json
        error = f"{type(failure).__name__}: {failure}"
    try:
        data = gradescope_results(rows, error=error, **options)
    except Exception as failure:  # malformed rows: report them, never crash
        reason = error or f"{type(failure).__name__}: {failure}"
        data = gradescope_results([], error=reason)
    write_results(path, data)
    return data
