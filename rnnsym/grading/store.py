"""The output directory of a run: what it already holds, and writing into it as grading goes.

Example:
    >>> store = Store(Path("grades"))
    >>> store.details.name, store.student_file("ada").name
    ('details.jsonl', 'ada.md')
"""

from __future__ import annotations

from pathlib import Path

from rnnsym.grading import outputs
from rnnsym.grading.feedback import student_feedback
from rnnsym.grading.gradescope import gradescope_results, write_results
from rnnsym.grading.overrides import Override, overrides_csv, read_overrides


class Store:
    """An output directory (see grading.outputs for its files).

    Args:
        out: the directory.
        gradescope: also write gradescope/STUDENT/results.json for each student.
    """

    def __init__(self, out: Path, *, gradescope: bool = False):
        self.out = Path(out)
        self.gradescope = gradescope
        self.details = self.out / "details.jsonl"
        self.timings = self.out / "timings.jsonl"
        self.overrides = self.out / "overrides.csv"

    def student_file(self, student: str) -> Path:
        return self.out / "feedback" / f"{outputs.safe_name(student)}.md"

    def previous(self) -> tuple[dict, dict]:
        """(detail rows, timing rows) already in the directory, by (student, problem)."""
        return outputs.load_jsonl(self.details), outputs.load_jsonl(self.timings)

    def start(self, *, keep: bool) -> None:
        """Begin a run; a full run (keep=False) starts the appended files afresh."""
        self.out.mkdir(parents=True, exist_ok=True)
        if not keep:
            for path in (self.details, self.timings):
                outputs.atomic_write(path, "")

    def merge_overrides(self, path: Path | None) -> dict[tuple[str, str], Override]:
        """The stored overrides, updated with those of `path` (which win) and saved."""
        rules = read_overrides(self.overrides) if self.overrides.exists() else {}
        if path is not None:
            rules |= read_overrides(path)
            outputs.atomic_write(self.overrides, overrides_csv(rules))
        return rules

    def student_done(self, student: str, new: list[dict], timings: list[dict],
                     rows: list[dict], titles: dict[str, str]) -> None:
        """Save one finished student: append the new rows, write their pages."""
        outputs.append_jsonl(self.details, new)
        outputs.append_jsonl(self.timings, timings)
        self.write_pages(student, rows, titles)

    def write_pages(self, student: str, rows: list[dict], titles: dict[str, str]) -> None:
        outputs.atomic_write(self.student_file(student),
                             student_feedback(student, rows, titles))
        if self.gradescope:
            path = self.out / "gradescope" / outputs.safe_name(student) / "results.json"
            write_results(path, gradescope_results(rows, titles=titles))

    def finish(self, rows: list[dict], timings: list[dict], problems: list[str],
               titles: dict[str, str]) -> None:
        """Rewrite every file whole and sorted: the same bytes for the same grading."""
        outputs.atomic_write(self.details, outputs.jsonl_text(rows))
        outputs.atomic_write(self.timings, outputs.jsonl_text(timings))
        outputs.atomic_write(self.out / "grades.csv", outputs.grades_csv(rows, problems))
        outputs.atomic_write(self.out / "items.csv", outputs.items_csv(rows))
        by_student: dict[str, list[dict]] = {}
        for row in rows:
            by_student.setdefault(row["student"], []).append(row)
        for student, student_rows in by_student.items():
            self.write_pages(student, student_rows, titles)
