"""`rnnsym problems`: list, show, key and validate the problem bank."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rnnsym.cli._common import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_USAGE, emit_json, fail
from rnnsym.cli._variant import Bank, Secret, Seed, Student, describe, exclusive, seed_of

app = typer.Typer(help="The problem bank: list, show, key, validate.", no_args_is_help=True)

Json = Annotated[bool, typer.Option("--json", help="print JSON")]


def _bank(directory: Path | None) -> dict:
    from rnnsym.problems import ProblemError, load_bank

    try:
        return load_bank(directory)
    except ProblemError as error:
        fail(str(error), EXIT_BAD_INPUT)


def _problem(problem_id: str, directory: Path | None):
    bank = _bank(directory)
    if problem_id not in bank:
        fail(f"no problem {problem_id!r}; choose one of: {', '.join(bank)}", EXIT_USAGE)
    return bank[problem_id]


def _console():
    from rich.console import Console

    return Console()


@app.command("list")
def list_(bank: Bank = None, json: Json = False) -> None:
    """List the problems of the bank."""
    problems = sorted(_bank(bank).values(), key=lambda p: p.id)
    if json:
        emit_json({"problems": [{"id": p.id, "title": p.title, "kind": p.kind,
                                 "answer": p.answer, "points": p.points} for p in problems]})
        return
    from rnnsym.render.problems import render_list

    render_list(problems, _console())


@app.command()
def show(problem_id: str, seed: Seed = None, student: Student = None, secret: Secret = None,
         bank: Bank = None,
         hints: Annotated[bool, typer.Option("--hints", help="print the hints")] = False,
         json: Json = False) -> None:
    """Show a problem's statement for a variant (a student's own with --student)."""
    exclusive(seed, student)
    problem = _problem(problem_id, bank)
    chosen = seed_of(problem.id, seed, student, secret)
    if json:
        emit_json({"id": problem.id, "title": problem.title, "statement": problem.text(chosen),
                   "variant": problem.variant(chosen), "points": problem.points,
                   "answer": problem.answer, "hints": list(problem.hints)})
        return
    from rnnsym.render.problems import render_show

    render_show(problem, chosen, describe(seed, student, secret), _console(), hints)


@app.command()
def key(problem_id: str, seed: Seed = None, student: Student = None, secret: Secret = None,
        bank: Bank = None, json: Json = False) -> None:
    """Show a problem's key, computed by its solver.

    --json: "key" is exact (integers as numbers, other rationals as "p/q" text, floats as
    numbers, vectors as lists), "value" the same with floats for non-integers (null when the
    key is not numeric), "text" the key as a student would type it.
    """
    from rnnsym.keys import key_json, key_text, key_value

    exclusive(seed, student)
    problem = _problem(problem_id, bank)
    chosen = seed_of(problem.id, seed, student, secret)
    try:
        value, solution = problem.key(chosen), problem.solution(chosen)
    except (ValueError, TypeError) as error:  # a solver's SolveError, or values it cannot take
        fail(f"the key of {problem.id!r} cannot be computed: {error}", EXIT_BAD_INPUT)
    text = key_text(problem.answer, value, solution)
    if json:
        emit_json({"id": problem.id, "variant": problem.variant(chosen),
                   "key": key_json(value), "value": key_value(value),
                   "text": text if text is not None else str(value)})
        return
    from rnnsym.render.problems import render_key

    render_key(problem.id, text if text is not None else str(value),
               describe(seed, student, secret), problem.variant(chosen), _console())


@app.command()
def validate(directory: Path,
             seeds: Annotated[int, typer.Option(
                 min=0, max=10_000, help="self-test the base values and seeds 0 … N−1")] = 20,
             json: Json = False) -> None:
    """Validate a directory of problem files and self-test every problem: on each variant
    the key is judged correct and each [[wrong]] answer gets its category.

    Exit 0 all pass, 1 some self-test fails (one line each), 2 a malformed file.
    """
    from rnnsym.problems import ProblemError, load_bank
    from rnnsym.selftest import has_key_text, seeds_upto, self_test

    try:
        bank = load_bank(directory)
    except ProblemError as error:
        fail(str(error), EXIT_BAD_INPUT)
    tried = seeds_upto(seeds)
    failures = [f for problem in bank.values() for f in self_test(problem, tried)]
    untested = [p.id for p in bank.values() if not has_key_text(p)]
    if json:
        emit_json({"valid": not failures, "problems": list(bank), "seeds": list(tried),
                   "failures": [f.as_dict() for f in failures], "untested_keys": untested})
    else:
        from rnnsym.render.problems import render_validation

        render_validation(len(bank), tried, failures, untested, _console())
    if failures:
        raise typer.Exit(EXIT_FAILED)
