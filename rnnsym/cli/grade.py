"""`rnnsym grade SUBMISSIONS`: grade a class, write the reports, summarize on stderr."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rnnsym.cli._common import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, EXIT_USAGE, emit_json, fail

SECRET_ENV = "RNNSYM_SECRET"  # as rnnsym.problems.SECRET_ENV (not imported: --help stays fast)
SUBMISSION_DIR = Path("/autograder/submission")
RESULTS_FILE = Path("/autograder/results/results.json")


def _problems(problems: str | None, assignment: Path | None):
    """(problem ids or None, points or None) from --problems or --assignment.

    Raises:
        UnknownProblems: both are given (a usage error).
        InputError: the assignment file cannot be read.
    """
    from rnnsym.grading.assignment import read_assignment
    from rnnsym.grading.plan import UnknownProblems

    if problems and assignment:
        raise UnknownProblems("give --problems or --assignment, not both")
    if assignment:
        chosen = read_assignment(assignment)
        return chosen.problems, chosen.points
    ids = tuple(dict.fromkeys(p.strip() for p in (problems or "").split(",") if p.strip()))
    return ids or None, None


def _render(run, out: Path | None, console, gradescope: bool = False) -> None:
    from rnnsym.render.grade import render_summary

    render_summary(run.summary, console)
    if run.graded != len(run.rows):
        console.print(f"graded {run.graded} now; {len(run.rows) - run.graded} kept from "
                      "the previous run")
    if run.ungraded:
        console.print(f"{run.ungraded} answers could not be graded (timeout or error): "
                      "see details.jsonl")
    if out is not None:
        console.print(f"wrote {out}/: grades.csv, details.jsonl, items.csv, timings.jsonl, "
                      "feedback/" + (", gradescope/" if gradescope else ""))


def _graded(submissions, options, console):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from rnnsym.grading.run import grade_submissions

    if not console.is_terminal:  # a log or a pipe: no bar to redraw
        return grade_submissions(submissions, options)
    with Progress("grading", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True) as bar:
        task = bar.add_task("grading", total=None)
        return grade_submissions(submissions, options,
                                 lambda done, total: bar.update(task, completed=done,
                                                                total=total))


def _autograder(submission: Path, results: Path, make_options) -> int:
    """Grade one Gradescope submission; results.json is written whatever happens (even
    when the options themselves are wrong)."""
    from rnnsym.grading.gradescope import gradescope_results, write_results
    from rnnsym.grading.plan import UnknownProblems
    from rnnsym.grading.run import grade_submissions
    from rnnsym.grading.submission import read_submission

    rows, titles, error, kind, code = [], {}, None, "rnnsym", EXIT_OK
    try:
        options = make_options()
        kind = "submission"  # an unreadable upload: the student is asked to submit again
        submissions = read_submission(submission)
        kind = "rnnsym"
        run = grade_submissions(submissions, options)
        rows, titles = run.rows, run.titles
        code = EXIT_FAILED if run.ungraded else EXIT_OK
    except UnknownProblems as failure:  # the options are wrong: the staff's to fix
        error, code = str(failure), EXIT_USAGE
    except ValueError as failure:  # unreadable submission, bank or assignment: say why
        error, code = str(failure), EXIT_BAD_INPUT
    except Exception as failure:  # noqa: BLE001 — the student must still get a results.json
        error, code = f"{type(failure).__name__}: {failure}", EXIT_FAILED
    try:
        data = gradescope_results(rows, error=error, error_kind=kind, titles=titles)
    except Exception as failure:  # noqa: BLE001 — a valid file even if the report fails
        data = gradescope_results([], error=error or f"{type(failure).__name__}: {failure}")
    try:
        write_results(results, data)
    except OSError as failure:
        fail(f"{results}: cannot be written ({failure.strerror or failure})", EXIT_BAD_INPUT)
    if error:
        fail(error, code)
    return code


def grade(
    submissions: Annotated[Path | None, typer.Argument(
        help="a CSV (long: student,problem,answer; or wide: student + a column per "
             "problem), an answer sheet, or a directory of sheets", show_default=False)] = None,
    bank: Annotated[Path | None, typer.Option(help="a directory of problems")] = None,
    out: Annotated[Path | None, typer.Option(
        help="the output directory [default: grades; none with --autograder]",
        show_default=False)] = None,
    jobs: Annotated[int | None, typer.Option(
        min=1, help="worker processes [default: the CPU count]", show_default=False)] = None,
    timeout: Annotated[float, typer.Option(min=0.1, help="seconds per answer")] = 5.0,
    secret: Annotated[str | None, typer.Option(
        envvar=SECRET_ENV, help="the course secret that keys students' variants",
        show_default=False)] = None,
    problems: Annotated[str | None, typer.Option(
        help="the problems to grade, comma-separated [default: all that appear]",
        show_default=False)] = None,
    assignment: Annotated[Path | None, typer.Option(
        help="an assignment file (problems, points)")] = None,
    resume: Annotated[bool, typer.Option(
        "--resume", help="skip answers already in OUT/details.jsonl")] = False,
    anonymize: Annotated[bool, typer.Option(
        "--anonymize", help="pseudonyms instead of student ids in every output")] = False,
    overrides: Annotated[Path | None, typer.Option(
        help="a CSV of manual scores: student, problem, score, reason")] = None,
    only: Annotated[list[str] | None, typer.Option(
        help="regrade this student only (repeatable)", show_default=False)] = None,
    problem: Annotated[list[str] | None, typer.Option(
        help="regrade this problem only (repeatable)", show_default=False)] = None,
    gradescope: Annotated[bool, typer.Option(
        "--gradescope", help="also write OUT/gradescope/STUDENT/results.json")] = False,
    autograder: Annotated[bool, typer.Option(
        "--autograder", help="inside Gradescope: grade one submission folder "
        "[default: /autograder/submission] into --results")] = False,
    results: Annotated[Path, typer.Option(help="results.json of --autograder")] = RESULTS_FILE,
    json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Grade a class from a CSV, answer sheets or a Gradescope upload.

    Exit 0 all graded, 1 some answers not (timeout, error), 2 unreadable input, 3 usage.
    """
    from rich.console import Console

    from rnnsym.grading.inputs import InputError, read_submissions
    from rnnsym.grading.plan import UnknownProblems
    from rnnsym.grading.run import Options
    from rnnsym.problems import ProblemError

    if submissions is None and not autograder:
        fail("give SUBMISSIONS: a CSV, an answer sheet or a directory of sheets", EXIT_USAGE)
    out = out if out or autograder else Path("grades")

    def make_options() -> Options:
        ids, points = _problems(problems, assignment)
        return Options(bank=bank, out=out, jobs=jobs, timeout=timeout, secret=secret,
                       problems=ids, points=points, resume=resume, anonymize=anonymize,
                       overrides=overrides, only=tuple(only or ()),
                       problem=tuple(problem or ()), gradescope=gradescope)

    if autograder:
        raise typer.Exit(_autograder(submissions or SUBMISSION_DIR, results, make_options))
    console = Console(stderr=True)
    try:
        options = make_options()
        run = _graded(read_submissions(submissions), options, console)
    except KeyboardInterrupt:
        fail(f"interrupted; the students already graded are in {out}/details.jsonl: "
             "run again with --resume to grade the rest", EXIT_FAILED)
    except UnknownProblems as error:
        fail(str(error), EXIT_USAGE)
    except (InputError, ProblemError) as error:
        fail(str(error), EXIT_BAD_INPUT)
    for warning in run.warnings:
        console.print(f"warning: {warning}", markup=False, highlight=False)
    _render(run, options.out, console, options.gradescope)
    if json:
        emit_json({"out": str(options.out), **run.as_dict()})
    raise typer.Exit(EXIT_FAILED if run.ungraded else EXIT_OK)
