"""Write a grading run's files: atomically, sorted, and the same bytes on every re-run.

OUT/grades.csv     one row per student: a column per problem, total, percent (LMS import)
OUT/details.jsonl  one detail row per (student, problem)
OUT/timings.jsonl  seconds per answer (apart, so that the graded data is reproducible)
OUT/items.csv      student, problem, status, score, category of the first feedback
OUT/feedback/STUDENT.md  what each student sees

details.jsonl and timings.jsonl are appended to as each student is done, so an interrupted
run keeps what it graded (read back with load_jsonl, the last line of a pair counting);
the end of a run rewrites every file whole and sorted.

Example:
    >>> safe_name("ada"), safe_name("../etc/passwd")
    ('ada', '_etc_passwd-7fef78f5')
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import tempfile
from pathlib import Path

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")
_FORMULA = ("=", "+", "@", "\t", "\r")  # cells a spreadsheet would run as a formula


def safe_name(student: str) -> str:
    """A file name for a student id: the id itself when it is safe, else a cleaned id with
    a hash of the original (so two odd ids never share a file)."""
    name = _UNSAFE.sub("_", student)[:80]
    if name == student and name.strip(".") and not name.startswith("."):
        return name
    digest = hashlib.sha256(student.encode()).hexdigest()[:8]
    return f"{name.lstrip('.') or '_'}-{digest}"


def atomic_write(path: Path, text: str, *, durable: bool = False) -> None:
    """Write text to path through a temporary file and a rename: all or nothing. `durable`
    also flushes it to disk before the rename (one file that must survive a crash)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as file:
            file.write(text)
            if durable:
                file.flush()
                os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def json_line(row: dict) -> str:
    """One row as a JSON line, keys sorted (the same bytes for the same data)."""
    return json.dumps(row, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"


def append_jsonl(path: Path, rows: list[dict]) -> None:
    """Append rows to a JSON-lines file (closed at once: a killed run keeps them; no fsync
    per student, which would cost more than grading the student)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as file:
        file.write("".join(json_line(row) for row in rows))


def load_jsonl(path: Path) -> dict[tuple[str, str], dict]:
    """Rows of a JSON-lines file by (student, problem); the last line of a pair counts, and
    a line cut short by an interruption is skipped."""
    rows: dict[tuple[str, str], dict] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return rows
    for line in lines:
        try:
            row = json.loads(line)
            rows[str(row["student"]), str(row["problem"])] = row
        except (ValueError, KeyError, TypeError):
            continue
    return rows


def jsonl_text(rows: list[dict]) -> str:
    """Rows as JSON lines, sorted by student and problem."""
    return "".join(json_line(r) for r in sorted(rows, key=lambda r: (r["student"],
                                                                     r["problem"])))


def number(value: float) -> str:
    """A score as text: 2, 0.5, 0.3333 (four decimals at most)."""
    return f"{round(value, 4):.4f}".rstrip("0").rstrip(".")


def _cell(value) -> str:
    text = str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def csv_text(header: list[str], rows: list[list]) -> str:
    """CSV text; a cell that a spreadsheet would run as a formula gets a leading '."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([_cell(c) for c in header])
    writer.writerows([[_cell(c) for c in row] for row in rows])
    return out.getvalue()


def grades_csv(rows: list[dict], problems: list[str]) -> str:
    """One line per student: the score of each problem, total and percent.

    A cell is empty when the answer could not be graded (timeout, error) and no grader's
    override gave it a score; total and percent count the graded cells.
    """
    from rnnsym.grading.engine import UNGRADED

    by_student: dict[str, dict[str, dict]] = {}
    for row in rows:
        by_student.setdefault(row["student"], {})[row["problem"]] = row
    lines = []
    for student in sorted(by_student):
        cells, total, best = [], 0.0, 0.0
        for problem in problems:
            row = by_student[student].get(problem)
            best += row["max_score"] if row else 0.0
            graded = row and (row["status"] not in UNGRADED or "override" in row)
            cells.append(number(row["score"]) if graded else "")
            total += row["score"] if graded else 0.0
        percent = number(100 * total / best) if best else ""
        lines.append([student, *cells, number(total), percent])
    return csv_text(["student", *problems, "total", "percent"], lines)


def items_csv(rows: list[dict]) -> str:
    """One line per (student, problem): status, score and the first feedback's category."""
    lines = [[r["student"], r["problem"], r["status"], number(r["score"]),
              r["feedback"][0]["category"] if r["feedback"] else ""]
             for r in sorted(rows, key=lambda r: (r["student"], r["problem"]))]
    return csv_text(["student", "problem", "status", "score", "category"], lines)
