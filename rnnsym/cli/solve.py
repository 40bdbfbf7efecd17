"""`rnnsym solve KIND`: one command per exercise kind of the unit.

Each command reads its options, calls the kind's pure `solve` from rnnsym.solvers, and prints
either the worked solution (Rich) or one JSON object (`--json`). Exit codes: 0 solved,
2 the problem's values cannot be used (one line on stderr), 3 a usage error (unknown kind,
bad or missing option).
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Annotated

import typer

from rnnsym.cli._common import EXIT_BAD_INPUT, EXIT_USAGE, UsageGroup, emit_json, fail
from rnnsym.model import ACTIVATIONS, ARCHITECTURES, CONVENTIONS, LOSSES, OUTPUTS, ModelError
from rnnsym.solvers import KINDS, SolveError, solver
from rnnsym.solvers.counting import BIASES, CELLS, PRESETS
from rnnsym.solvers.terms import PARAMS

app = typer.Typer(cls=UsageGroup, help="Solve an exercise of the RNN unit, step by step.",
                  invoke_without_command=True, no_args_is_help=False, rich_markup_mode=None)


def _choice(name: str, table: Mapping) -> type[enum.Enum]:
    """A str Enum of a table's keys, so that the options' choices are the tables' rows."""
    return enum.Enum(name, {key: key for key in table}, type=str)


Cell = _choice("Cell", CELLS)
BiasKind = _choice("BiasKind", BIASES)
Preset = _choice("Preset", PRESETS)
Activation = _choice("Activation", ACTIVATIONS)
Convention = _choice("Convention", CONVENTIONS)
ArchitectureKind = _choice("ArchitectureKind", ARCHITECTURES)
OutputKind = _choice("OutputKind", OUTPUTS)
LossKind = _choice("LossKind", LOSSES)
Param = _choice("Param", PARAMS)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print one JSON object instead.")]


def _value(choice):
    return None if choice is None else choice.value


def _show(kind: str, call: Callable, as_json: bool, note: str | None = None) -> None:
    """Solve, then print the result; a problem that cannot be solved exits 2 with one line."""
    try:
        result = call()
    except (SolveError, ModelError) as err:
        fail(str(err), EXIT_BAD_INPUT)
    if as_json:
        emit_json({"kind": kind, **result.as_dict()})
        return
    from rich.console import Console

    from rnnsym.render.solve import render

    Console().print(render(kind, result, note))


@app.callback()
def kinds(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """List the exercise kinds when no kind is given."""
    if ctx.invoked_subcommand is not None:
        return
    if as_json:
        emit_json({"kinds": {k.name: k.summary for k in KINDS.values()}})
        return
    from rich.console import Console

    from rnnsym.render.solve import kinds_table

    console = Console()
    console.print("Exercise kinds (rnnsym solve KIND --help for each):")
    console.print(kinds_table(KINDS))


# --- params -------------------------------------------------------------------------------

SizeOpt = "A layer size: a number, or an expression of one unknown such as n, n/2, 2n, n+3."


@app.command()
def params(
    input: Annotated[str | None, typer.Option(help=SizeOpt)] = None,
    hidden: Annotated[str | None, typer.Option(help=SizeOpt)] = None,
    output: Annotated[str | None, typer.Option(
        help=SizeOpt + " 0: no output layer (the recurrent layer alone).")] = None,
    total: Annotated[str | None, typer.Option(
        help="The total number of parameters, to solve for the unknown; leave out to count."
    )] = None,
    unknown: Annotated[str | None, typer.Option(
        help="The unknown's name, checked against the sizes (found by itself otherwise)."
    )] = None,
    cell: Annotated[Cell, typer.Option(help="Cell type: gate multiple 1, 4, 3.")] = "rnn",
    bias: Annotated[BiasKind | None, typer.Option(
        help="Biases: none (the notes), single (Keras), double (PyTorch's b_ih and b_hh), "
             "reset_after (Keras GRU). Default: the convention's.")] = None,
    layers: Annotated[int, typer.Option(help="Stacked recurrent layers.")] = 1,
    bidirectional: Annotated[bool, typer.Option(help="Two directions per layer.")] = False,
    convention: Annotated[Preset, typer.Option(
        help="Count as the notes, Keras's model.summary or PyTorch do.")] = "notes",
    as_json: JsonFlag = False,
) -> None:
    """Count parameters, or find a layer size from the total (the notes' exercise)."""
    from rnnsym.solvers.params import NOTES_EXERCISE

    sizes = {"input": input, "hidden": hidden, "output": output}
    note = None
    if all(v is None for v in sizes.values()):
        sizes = {k: NOTES_EXERCISE[k] for k in sizes}
        if total is None:
            total = str(NOTES_EXERCISE["total"])
            note = ("This is the course notes' exercise (input n, hidden n/2, output 2, "
                    "161 weights). Pass --input, --hidden, --output and --total for your own.")
    missing = [f"--{k}" for k, v in sizes.items() if v is None]
    if missing:
        fail(f"give all three sizes; missing {', '.join(missing)}", EXIT_USAGE)
    _show("params", lambda: solver("params")(
        sizes["input"], sizes["hidden"], sizes["output"], total, cell=_value(cell),
        bias=_value(bias), layers=layers, bidirectional=bidirectional,
        convention=_value(convention), unknown=unknown), as_json, note)


# --- dims, terms --------------------------------------------------------------------------


@app.command()
def dims(
    n: Annotated[int | None, typer.Option("--input", "-n", help="Input size n.")] = None,
    d: Annotated[int | None, typer.Option("--hidden", "-d", help="Hidden size d.")] = None,
    k: Annotated[int | None, typer.Option("--output", "-k", help="Output size k.")] = None,
    convention: Annotated[Convention, typer.Option(
        help="column: a = U x + W s + b; row: a = x U + s W + b.")] = "column",
    as_json: JsonFlag = False,
) -> None:
    """Shapes of x_i, s_i, y_i, U, W, V, b, c (letters for sizes not given)."""
    _show("dims", lambda: solver("dims")(n, d, k, _value(convention)), as_json)


@app.command()
def terms(
    steps: Annotated[int, typer.Option("--steps", "-T", help="Sequence length T.")],
    window: Annotated[int | None, typer.Option(
        "--window", "-K", help="Truncation window K (keep t − k < K).")] = None,
    architecture: Annotated[ArchitectureKind, typer.Option(
        help="Where inputs enter and losses are taken.")] = "many-to-many",
    param: Annotated[list[Param] | None, typer.Option(
        help="Only this parameter (repeatable); default all.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """How many chain-rule terms ∂L/∂θ has for T steps, with the closed form."""
    chosen = tuple(p.value for p in param) if param else tuple(PARAMS)
    _show("terms", lambda: solver("terms")(steps, window, _value(architecture), chosen),
          as_json)


# --- jacobian, bound, clip ----------------------------------------------------------------

MatrixW = "W as a JSON matrix, e.g. '[[0.5, 0.1], [0, 0.9]]'."


@app.command()
def jacobian(
    activation: Annotated[Activation, typer.Option(help="σ.")] = "tanh",
    W: Annotated[str | None, typer.Option("--W", "-W", help=MatrixW)] = None,
    a: Annotated[str | None, typer.Option(
        "--a", "-a", help="The pre-activation a_i as a JSON vector, e.g. '[0, 1]'.")] = None,
    convention: Annotated[Convention, typer.Option(help="How W is stored.")] = "column",
    as_json: JsonFlag = False,
) -> None:
    """∂s_i/∂s_(i−1) = diag(σ'(a_i)) W, and its value for a given W and a_i."""
    _show("jacobian", lambda: solver("jacobian")(_value(activation), W, a, _value(convention)),
          as_json)


@app.command()
def bound(
    activation: Annotated[Activation, typer.Option(help="σ (γ = 1/4 or 1).")] = "tanh",
    lam: Annotated[str | None, typer.Option(
        "--lambda", "--lam", help="λ = ‖W‖₂, e.g. 0.9 or 3/2.")] = None,
    W: Annotated[str | None, typer.Option("--W", "-W", help=MatrixW)] = None,
    lag: Annotated[int | None, typer.Option(help="t − k, to evaluate (γλ)^(t−k).")] = None,
    as_json: JsonFlag = False,
) -> None:
    """γ, the bound (γλ)^(t−k) and the verdict: vanishing or undetermined, with the reason."""
    _show("bound", lambda: solver("bound")(_value(activation), lam, W, lag), as_json)


@app.command()
def clip(
    gradient: Annotated[str | None, typer.Argument(
        help="The gradient: a JSON vector '[3, 4]' or matrix '[[1, 2], [3, 4]]'.")] = None,
    threshold: Annotated[str | None, typer.Option(
        "--threshold", "-t", help="τ, e.g. 1 or 0.5.")] = None,
    elementwise: Annotated[bool, typer.Option(
        help="Elementwise clipping to [−τ, τ] (min-char-rnn) instead of norm clipping.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Clip a gradient by its norm (or elementwise), with the norm before and after."""
    note = None
    if gradient is None and threshold is None:
        gradient, threshold = "[3, 4]", "1"
        note = "This is the notes' example g = (3, 4), τ = 1. Pass GRADIENT and -t for your own."
    elif gradient is None or threshold is None:
        fail("give both the gradient and --threshold", EXIT_USAGE)
    _show("clip", lambda: solver("clip")(gradient, threshold, elementwise), as_json, note)


# --- forward ------------------------------------------------------------------------------

FORWARD_KEYS = ("U", "W", "V", "b", "c", "s0", "x", "targets")
MAX_FILE = 1_000_000


def _instance(path: Path | None) -> dict:
    """The arrays of a JSON instance file (keys U, W, V, b, c, s0, x, targets)."""
    if path is None:
        return {}
    try:
        if path.stat().st_size > MAX_FILE:
            fail(f"{path}: larger than {MAX_FILE} bytes")
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        fail(f"{path}: cannot read it ({err.strerror})")
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as err:
        fail(f"{path}: not a JSON object ({err})")
    if not isinstance(data, dict):
        fail(f"{path}: expected a JSON object with keys {', '.join(FORWARD_KEYS)}")
    unknown = sorted(set(data) - set(FORWARD_KEYS))
    if unknown:
        fail(f"{path}: unknown key {unknown[0]!r}; allowed: {', '.join(FORWARD_KEYS)}")
    return data


def _json_opt(what: str) -> typer.Option:
    return typer.Option(f"--{what.split()[0]}", help=what.split(" ", 1)[1])


@app.command()
def forward(
    U: Annotated[str | None, _json_opt("U JSON matrix, d × n (column) or n × d (row).")] = None,
    W: Annotated[str | None, _json_opt("W JSON matrix, d × d.")] = None,
    V: Annotated[str | None, _json_opt("V JSON matrix, k × d (column) or d × k (row).")] = None,
    x: Annotated[str | None, _json_opt("x JSON matrix, one input row per step.")] = None,
    b: Annotated[str | None, _json_opt("b JSON vector of length d (default zeros).")] = None,
    c: Annotated[str | None, _json_opt("c JSON vector of length k (default zeros).")] = None,
    s0: Annotated[str | None, _json_opt("s0 JSON vector of length d (default zeros).")] = None,
    targets: Annotated[str | None, typer.Option(
        help="One per loss step: class indices from 0 (cross-entropy) or vectors (mse).")
    ] = None,
    file: Annotated[Path | None, typer.Option(
        help="A JSON file with any of the keys U, W, V, b, c, s0, x, targets.")] = None,
    activation: Annotated[Activation, typer.Option(help="σ.")] = "tanh",
    output: Annotated[OutputKind, typer.Option(help="The output function O.")] = "softmax",
    loss: Annotated[LossKind, typer.Option(help="The per-step loss.")] = "cross_entropy",
    convention: Annotated[Convention, typer.Option(help="column or row.")] = "column",
    architecture: Annotated[ArchitectureKind, typer.Option(
        help="Where losses are taken (one-to-many: x may be one row).")] = "many-to-many",
    steps: Annotated[int | None, typer.Option(
        "--steps", "-T", help="T, when x has fewer rows (one-to-many).")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Forward steps by hand: a_t, s_t, o_t, y_t and L_t for small given weights."""
    from rnnsym.solvers.forward import EXAMPLE

    given = {"U": U, "W": W, "V": V, "x": x, "b": b, "c": c, "s0": s0, "targets": targets}
    values = {**_instance(file), **{k: v for k, v in given.items() if v is not None}}
    note = None
    if not values:
        values = dict(EXAMPLE)
        note = ("This is a built-in example (n = d = k = 2, T = 2). Pass --U, --W, --V, --x "
                "and --targets (or --file) for your own.")
    missing = [f"--{k}" for k in ("U", "W", "V", "x") if values.get(k) is None]
    if missing:
        fail(f"missing {', '.join(missing)} (or give them in --file)", EXIT_USAGE)
    options = dict(activation=_value(activation), output=_value(output), loss=_value(loss),
                   convention=_value(convention), architecture=_value(architecture),
                   steps=steps)
    _show("forward", lambda: solver("forward")(**values, **options), as_json, note)


# --- bptt -------------------------------------------------------------------------------


@app.command()
def bptt(
    param: Annotated[Param, typer.Option(help="θ: the parameter to differentiate by.")] = "W",
    t: Annotated[int, typer.Option("--t", "-t", help="The step of the loss L_t.")] = 4,
    as_json: JsonFlag = False,
) -> None:
    """∂L_t/∂θ as a sum of chain-rule products, one per path through time."""
    _show("bptt", lambda: solver("bptt")(_value(param), t), as_json)


# --- architecture -------------------------------------------------------------------------


@app.command()
def architecture(
    task: Annotated[list[str] | None, typer.Argument(
        help="The task, in words: 'image captioning', 'translate English to French', …")
    ] = None,
    list_tasks: Annotated[bool, typer.Option("--list", help="List the known tasks.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Which architecture a task needs (one-to-one, one-to-many, many-to-one, many-to-many)."""
    from rnnsym.solvers.architecture import TASKS

    if list_tasks:
        if as_json:
            emit_json({"tasks": {t.name: t.architecture for t in TASKS}})
        else:
            for t in TASKS:
                typer.echo(f"{t.name:<28} {t.architecture}")
        return
    if not task:
        fail("describe the task, e.g. rnnsym solve architecture image captioning "
             "(--list shows the known tasks)", EXIT_USAGE)
    _show("architecture", lambda: solver("architecture")(" ".join(task)), as_json)
