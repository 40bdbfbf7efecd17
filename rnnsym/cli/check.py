"""`rnnsym check PROBLEM ANSWER` and `rnnsym check --answers FILE`: judge answers.

One answer: exit 0 correct, 1 incorrect or partial, 2 unreadable, 3 usage error.
A sheet (--answers): exit 3 if it names a problem the bank does not have (that row says
so), else 2 if the sheet or any of its answers cannot be read, else 1 if any answer is
incorrect or partial, else 0. An empty sheet is unreadable (2).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NoReturn

import typer

from rnnsym.cli._common import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, EXIT_USAGE, emit_json, fail
from rnnsym.cli._variant import Bank, Secret, Seed, Student, describe, exclusive

# Exit code of each verdict: a table, as the house rules ask.
EXIT_CODES = {"correct": EXIT_OK, "incorrect": EXIT_FAILED, "partial": EXIT_FAILED,
              "invalid": EXIT_BAD_INPUT}


def check(problem: Annotated[str | None, typer.Argument(help="the problem's id")] = None,
          answer: Annotated[str | None, typer.Argument(help="the answer, as text")] = None,
          seed: Seed = None, student: Student = None, secret: Secret = None,
          answers: Annotated[Path | None, typer.Option(
              "--answers", help="a student's answer sheet (.toml or .json) to check whole")
          ] = None,
          bank: Bank = None,
          json: Annotated[bool, typer.Option("--json", help="print JSON")] = False) -> None:
    """Check an answer, or a student's whole sheet with --answers.

    One answer: exit 0 correct, 1 incorrect or partial, 2 unreadable, 3 usage error. A
    sheet: 3 if it names an unknown problem, else 2 if it or one of its answers cannot be
    read, else 1 if an answer is incorrect or partial, else 0.
    """
    if answers is not None:
        if problem is not None or answer is not None:
            fail("give PROBLEM ANSWER or --answers FILE, not both", EXIT_USAGE)
        if seed is not None or student is not None:
            fail("--answers checks the sheet's student's variants; drop --seed/--student",
                 EXIT_USAGE)
        _check_sheet(answers, bank, secret, json)  # exits with the sheet's code
    if problem is None or answer is None:
        fail("give a PROBLEM and an ANSWER (or --answers FILE)", EXIT_USAGE)
    exclusive(seed, student)
    from rnnsym.checking import check as run_check

    result = _guarded(run_check, problem, answer, seed=seed, bank=bank, student=student,
                      secret=secret)
    if json:
        emit_json(result.as_dict())
    else:
        from rich.console import Console

        from rnnsym.render.check import render_check

        render_check(result, Console(), describe(seed, student, secret))
    raise typer.Exit(EXIT_CODES.get(result.verdict, EXIT_FAILED))


def _guarded(run, *args, **kwargs):
    """run(*args, **kwargs); an unknown problem or bad bank directory is a usage error, and
    a problem whose key the bank cannot compute or judge is one line and exit 2."""
    from rnnsym.problems import ProblemError

    try:
        return run(*args, **kwargs)
    except ProblemError as error:
        fail(str(error), EXIT_USAGE)
    except (ValueError, TypeError) as error:  # a solver's SolveError, or values it cannot take
        fail(f"the bank cannot check this problem: {error} "
             "(`rnnsym problems validate` finds such problems)", EXIT_BAD_INPUT)


def sheet_exit_code(result) -> int:
    """The exit code of a checked sheet (see the module docstring): the first rule that
    holds, in order of precedence."""
    verdicts = {r.verdict for r in result.results}
    rules = ((bool(result.unknown), EXIT_USAGE), ("invalid" in verdicts, EXIT_BAD_INPUT),
             (bool(verdicts - {"correct"}), EXIT_FAILED))
    return next((code for holds, code in rules if holds), EXIT_OK)


def _check_sheet(path: Path, bank: Path | None, secret: str | None, json: bool) -> NoReturn:
    from rnnsym.checking import check_sheet
    from rnnsym.sheets import SheetError, read_sheet

    try:
        sheet = read_sheet(path)
    except SheetError as error:
        fail(str(error), EXIT_BAD_INPUT)
    if not sheet.answers:
        fail(f"{path.name}: the sheet has no answers", EXIT_BAD_INPUT)
    result = _guarded(check_sheet, sheet, bank, secret=secret)
    if json:
        emit_json(result.as_dict())
    else:
        from rich.console import Console

        from rnnsym.render.check import render_sheet

        render_sheet(result, Console(), describe(None, sheet.student, secret))
    raise typer.Exit(sheet_exit_code(result))
