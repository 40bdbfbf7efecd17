"""The options that choose a problem's variant, shared by `check` and `problems`.

--seed S picks variant S; --student ID the student's own variant, keyed by the course
secret (--secret, or the RNNSYM_SECRET environment variable; the option wins). Neither:
the base values. --seed and --student together are a usage error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rnnsym.cli._common import EXIT_USAGE, fail
from rnnsym.problems import SECRET_ENV  # light: NumPy and SymPy load only with a solver

Seed = Annotated[int | None, typer.Option(help="the variant's seed")]
Student = Annotated[str | None, typer.Option(
    help="a student's id: check or show the student's own variant")]
Secret = Annotated[str | None, typer.Option(
    envvar=SECRET_ENV, show_envvar=True,
    help="the course secret that keys students' variants (prefer the environment "
         "variable: an option shows in the process list)")]
Bank = Annotated[Path | None, typer.Option(help="a directory of problems (default: shipped)")]


def exclusive(seed: int | None, student: str | None) -> None:
    """A usage error (exit 3) when both --seed and --student are given."""
    if seed is not None and student is not None:
        fail("give --seed or --student, not both", EXIT_USAGE)


def seed_of(problem_id: str, seed: int | None, student: str | None,
            secret: str | None) -> int | None:
    """The seed of the variant the options choose (None: the base values)."""
    if student is None:
        return seed
    from rnnsym.problems import student_seed

    return student_seed(problem_id, student, secret)


def describe(seed: int | None, student: str | None, secret: str | None) -> str:
    """Which variant, in words: "base values", "seed 3", "student ada (course secret)"."""
    if student is not None:
        keyed = "course secret" if secret else "no course secret: a practice variant"
        return f"student {student} ({keyed})"
    return "base values" if seed is None else f"seed {seed}"
