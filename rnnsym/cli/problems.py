"""`rnnsym problems`: list, show, key and validate the problem bank."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rnnsym.cli._common import EXIT_BAD_INPUT, EXIT_USAGE, emit_json, fail

app = typer.Typer(help="The problem bank: list, show, key, validate.", no_args_is_help=True)

Seed = Annotated[int | None, typer.Option(help="the variant's seed")]
Json = Annotated[bool, typer.Option("--json", help="print JSON")]


def _problem(problem_id: str):
    from rnnsym.problems import ProblemError, load_bank

    try:
        bank = load_bank()
    except ProblemError as error:
        fail(str(error), EXIT_BAD_INPUT)
    if problem_id not in bank:
        fail(f"no problem {problem_id!r}; choose one of: {', '.join(bank)}", EXIT_USAGE)
    return bank[problem_id]


@app.command("list")
def list_(json: Json = False) -> None:
    """List the problems of the bank."""
    from rnnsym.problems import load_bank

    rows = [{"id": p.id, "title": p.title, "kind": p.kind, "answer": p.answer}
            for p in load_bank().values()]
    if json:
        emit_json({"problems": rows})
        return
    for row in rows:
        typer.echo(f"{row['id']:<16} {row['answer']:<9} {row['title']}")


@app.command()
def show(problem_id: str, seed: Seed = None, json: Json = False) -> None:
    """Show a problem's statement for a variant."""
    problem = _problem(problem_id)
    data = {"id": problem.id, "title": problem.title, "statement": problem.text(seed),
            "variant": problem.variant(seed), "points": problem.points,
            "hints": list(problem.hints)}
    if json:
        emit_json(data)
        return
    import textwrap

    typer.echo(f"{problem.title}\n\n{textwrap.fill(data['statement'], 80)}")


@app.command()
def key(problem_id: str, seed: Seed = None, json: Json = False) -> None:
    """Show a problem's key, computed by its solver."""
    problem = _problem(problem_id)
    value = problem.key(seed)
    shown = str(value.tolist() if hasattr(value, "tolist") else value)  # NumPy: as a list
    if json:
        emit_json({"id": problem.id, "variant": problem.variant(seed), "key": shown})
        return
    typer.echo(shown)


@app.command()
def validate(directory: Path, json: Json = False) -> None:
    """Validate a directory of problem files and compute every key."""
    from rnnsym.problems import ProblemError, load_bank

    try:
        bank = load_bank(directory)
        for problem in bank.values():
            problem.key()
    except (ProblemError, ValueError) as error:
        fail(str(error), EXIT_BAD_INPUT)
    if json:
        emit_json({"valid": True, "problems": list(bank)})
        return
    typer.echo(f"{len(bank)} problems, all valid")
