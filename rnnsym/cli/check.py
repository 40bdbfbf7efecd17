"""`rnnsym check PROBLEM ANSWER`: judge an answer to a problem of the bank."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rnnsym.cli._common import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, EXIT_USAGE, emit_json, fail

# Exit code of each verdict: a table, as the house rules ask.
EXIT_CODES = {"correct": EXIT_OK, "incorrect": EXIT_FAILED, "partial": EXIT_FAILED,
              "invalid": EXIT_BAD_INPUT}


def check(problem: Annotated[str, typer.Argument(help="the problem's id")],
          answer: Annotated[str, typer.Argument(help="the answer, as text")],
          seed: Annotated[int | None, typer.Option(help="the variant's seed")] = None,
          bank: Annotated[Path | None, typer.Option(help="a directory of problems")] = None,
          json: Annotated[bool, typer.Option("--json", help="print JSON")] = False) -> None:
    """Check an answer: exit 0 correct, 1 incorrect or partial, 2 unreadable, 3 usage."""
    from rnnsym.checking import check as run_check
    from rnnsym.problems import ProblemError

    try:
        result = run_check(problem, answer, seed=seed, bank=bank)
    except ProblemError as error:
        fail(str(error), EXIT_USAGE)
    if json:
        emit_json(result.as_dict())
    else:
        from rich.console import Console

        from rnnsym.render.check import render_check

        render_check(result, Console())
    raise typer.Exit(EXIT_CODES.get(result.verdict, EXIT_FAILED))
