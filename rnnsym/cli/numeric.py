"""`rnnsym run`, `rnnsym gradcheck`, `rnnsym vanish`: the numeric network from the shell.

Exit codes: 0 success; 1 the gradient check failed; 2 the instance file could not be used
(or its numbers overflowed); 3 a bad option value, or options that do not go together.
"""

from __future__ import annotations

import math
from typing import Annotated

import typer
from typer.core import TyperCommand

from rnnsym.cli._common import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_USAGE, emit_json, fail

# Typer exports only BadParameter; its base is the usage error of every parse failure.
_UsageError = typer.BadParameter.__mro__[1]

MAX_RANDOM_SIZE = 200  # n, d, k of a random instance
MAX_RANDOM_STEPS = 1000
MAX_RANDOM_BATCH = 100
# Entries × stencil points × B·T·(d + k): about 20 ms per million measured, so the limit
# keeps a check under a minute.
MAX_CHECK_WORK = 2_000_000_000


class Command(TyperCommand):
    """A command whose parse errors (not a number, unknown option) are one line, exit 3."""

    def parse_args(self, ctx, args):
        try:
            return super().parse_args(ctx, args)
        except _UsageError as err:
            fail(f"{err.format_message()} (see rnnsym {self.name} --help)", EXIT_USAGE)


def _finite(value):
    """A float for JSON: None for nan or an infinity (JSON has neither)."""
    return value if value is None or math.isfinite(value) else None


def _model_json(model, has_output: bool = True) -> dict:
    return {"n": model.n, "d": model.d, "k": model.k if has_output else None,
            "activation": model.activation, "output": model.output, "loss": model.loss,
            "architecture": model.architecture, "convention": model.convention}


def _console():
    from rich.console import Console

    return Console(highlight=False)


def _load(path: str):
    from rnnsym.instance import InstanceError, load_instance

    try:
        return load_instance(path)
    except InstanceError as err:
        fail(str(err), EXIT_BAD_INPUT)


def _positive(value, option: str):
    if value is not None and not (math.isfinite(value) and value > 0):
        fail(f"{option} must be a positive number, got {value!r}", EXIT_USAGE)


# --- run ----------------------------------------------------------------------------------


def run(
    instance: Annotated[str, typer.Argument(help="Instance file (JSON); see the README.",
                                            metavar="INSTANCE.json")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
    truncate: Annotated[int | None, typer.Option(
        "--truncate", help="Truncated BPTT: keep only the terms with t − k < K.",
        metavar="K")] = None,
    clip: Annotated[float | None, typer.Option(
        "--clip", help="Norm-clip the weights' gradient (U, W, V, b, c together).",
        metavar="THRESHOLD")] = None,
) -> None:
    """Run an instance file: states, outputs, loss and every gradient."""
    from rnnsym.numeric import NonFiniteError
    from rnnsym.runner import run_instance

    if truncate is not None and truncate < 1:
        fail(f"--truncate must be a positive integer, got {truncate}", EXIT_USAGE)
    _positive(clip, "--clip")
    inst = _load(instance)
    if (truncate is not None or clip is not None) and not inst.has_loss:
        fail("--truncate and --clip act on gradients, and this instance has no targets",
             EXIT_USAGE)
    try:
        result = run_instance(inst, truncate, clip)
    except NonFiniteError as err:
        fail(f"{instance}: {err}", EXIT_BAD_INPUT)
    if as_json:
        emit_json(_run_json(inst, result))
        return
    from rnnsym.render.numeric import run_view

    _console().print(run_view(inst, result))


def _run_json(inst, result) -> dict:
    clip = result.clip
    return {
        "model": _model_json(inst.model, inst.has_output),
        "steps": inst.steps,
        "batch": inst.batch if inst.batched else None,
        "loss": result.loss,
        "states": result.states,
        "outputs": result.outputs,
        "step_losses": result.step_losses,
        "grads": result.grads,
        "truncate": result.truncate,
        "clip": None if clip is None else {
            "norm_before": clip.norm_before, "norm_after": clip.norm_after,
            "clipped": clip.clipped},
    }


# --- gradcheck ----------------------------------------------------------------------------

_RANDOM_DEFAULTS = {"n": 3, "d": 4, "k": 2, "steps": 5, "batch": 1, "activation": "tanh",
                    "output": "softmax", "loss": "cross_entropy",
                    "architecture": "many-to-many", "convention": "column", "seed": 0}


def _opt(help_text: str, name: str):
    default = _RANDOM_DEFAULTS[name]
    return typer.Option(f"--{name}", help=f"{help_text} [default: {default}]",
                        show_default=False)


def gradcheck(
    instance: Annotated[str | None, typer.Argument(
        help="Instance file (JSON); without it, a random instance from the options.",
        metavar="INSTANCE.json")] = None,
    n: Annotated[int | None, _opt("Input size n.", "n")] = None,
    d: Annotated[int | None, _opt("Hidden size d.", "d")] = None,
    k: Annotated[int | None, _opt("Output size k.", "k")] = None,
    steps: Annotated[int | None, _opt("Steps T (1 for one-to-one).", "steps")] = None,
    batch: Annotated[int | None, _opt("Sequences B.", "batch")] = None,
    activation: Annotated[str | None, _opt("sigmoid or tanh.", "activation")] = None,
    output: Annotated[str | None, _opt("softmax, sigmoid or identity.", "output")] = None,
    loss: Annotated[str | None, _opt("cross_entropy or mse.", "loss")] = None,
    architecture: Annotated[str | None, _opt(
        "many-to-many, many-to-one, one-to-many or one-to-one.", "architecture")] = None,
    convention: Annotated[str | None, _opt("column or row.", "convention")] = None,
    seed: Annotated[int | None, _opt("Seed of the random instance (weights N(0, 1/d)).",
                                     "seed")] = None,
    tol: Annotated[float | None, typer.Option(
        "--tol", help="Largest relative error that passes. [default: 1e-06]",
        show_default=False)] = None,
    stencil: Annotated[str, typer.Option(
        "--stencil", help="2-point, 4-point or 6-point central differences.")] = "6-point",
    step: Annotated[float | None, typer.Option(
        "--step", help="The step h. [default: the stencil's, 0.005 for 6-point]",
        show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
) -> None:
    """Check BPTT's gradients against finite differences."""
    from rnnsym import gradcheck as gc
    from rnnsym.numeric import NonFiniteError

    given = {"n": n, "d": d, "k": k, "steps": steps, "batch": batch, "activation": activation,
             "output": output, "loss": loss, "architecture": architecture,
             "convention": convention, "seed": seed}
    _positive(tol, "--tol")
    _positive(step, "--step")
    if stencil not in gc.STENCILS:
        fail(f"--stencil {stencil!r} is not known; choose one of: {', '.join(gc.STENCILS)}",
             EXIT_USAGE)
    if instance is None:
        inst, source = _random_instance(given), "random"
    else:
        clash = [f"--{name}" for name, value in given.items() if value is not None]
        if clash:
            fail(f"{', '.join(clash)} describe a random instance; they cannot be combined "
                 f"with the instance file {instance}", EXIT_USAGE)
        inst, source = _load(instance), instance
        if not inst.has_loss:
            fail(f"{instance}: gradcheck needs a loss: add V, c and targets", EXIT_BAD_INPUT)
    _check_cost(gc, inst, stencil, EXIT_USAGE if instance is None else EXIT_BAD_INPUT)
    try:
        report = gc.gradcheck(inst.model, inst.params, inst.data, tolerance=tol or gc.TOLERANCE,
                              stencil=stencil, step=step, shared_s0=inst.shared_s0)
    except NonFiniteError as err:
        fail(f"{source}: {err}", EXIT_BAD_INPUT)
    formula = gc.STENCILS[stencil].formula
    if as_json:
        emit_json(_gradcheck_json(report, inst, source, seed, formula))
    else:
        from rnnsym.render.numeric import gradcheck_view

        title = f"random instance, seed {seed or 0}" if instance is None else instance
        _console().print(gradcheck_view(report, title, inst.model, inst.steps, inst.batch,
                                        formula))
    if not report.passed:
        raise typer.Exit(EXIT_FAILED)


def _check_cost(gc, inst, stencil: str, code: int) -> None:
    """Refuse a check that would run for minutes: every entry costs whole forward passes."""
    entries = sum(a.size for a in gc.parameter_arrays(inst.params, inst.data,
                                                      inst.shared_s0).values())
    work = entries * gc.STENCILS[stencil].points * inst.batch * inst.steps * (
        inst.model.d + inst.model.k)
    if work > MAX_CHECK_WORK:
        fail(f"checking {entries:,} entries on B·T = {inst.batch * inst.steps:,} steps "
             "would take minutes; use a smaller network, fewer or shorter sequences", code)


def _random_instance(given: dict):
    import numpy as np

    from rnnsym.instance import random_instance
    from rnnsym.model import Model, ModelError

    chosen = {name: _RANDOM_DEFAULTS[name] if value is None else value
              for name, value in given.items()}
    if given["steps"] is None and chosen["architecture"] == "one-to-one":
        chosen["steps"] = 1
    limits = {"n": MAX_RANDOM_SIZE, "d": MAX_RANDOM_SIZE, "k": MAX_RANDOM_SIZE,
              "steps": MAX_RANDOM_STEPS, "batch": MAX_RANDOM_BATCH}
    for name, limit in limits.items():
        if chosen[name] > limit:
            fail(f"--{name} {chosen[name]} is more than the {limit} a random instance takes",
                 EXIT_USAGE)
    if chosen["seed"] < 0:
        fail(f"--seed must be a non-negative integer, got {chosen['seed']}", EXIT_USAGE)
    try:
        model = Model(**{key: chosen[key] for key in ("n", "d", "k", "activation", "output",
                                                       "loss", "architecture", "convention")})
        # Weights N(0, 1/d) keep ‖W‖₂ near 2 whatever d: larger ones make a long sequence
        # chaotic, and finite differences then measure nothing.
        return random_instance(model, chosen["steps"], chosen["batch"],
                               np.random.default_rng(chosen["seed"]), scale=model.d ** -0.5)
    except ModelError as err:
        fail(str(err), EXIT_USAGE)


def _gradcheck_json(report, inst, source: str, seed, formula: str) -> dict:
    instance_is_random = source == "random"
    return {
        "passed": report.passed,
        "tolerance": report.tolerance,
        "stencil": report.stencil,
        "formula": formula,
        "step": report.step,
        "relative_error": "|a - n| / max(1e-8, |a| + |n|)",
        "params": {c.name: {"shape": c.shape, "max_rel_error": _finite(c.max_rel_error),
                            "worst_index": c.worst_index, "analytic": _finite(c.analytic),
                            "numeric": _finite(c.numeric), "passed": c.passed}
                   for c in report.checks},
        "instance": {"source": source, "seed": (seed or 0) if instance_is_random else None,
                     "steps": inst.steps, "batch": inst.batch, **_model_json(inst.model)},
    }


# --- vanish -------------------------------------------------------------------------------


def vanish(
    activation: Annotated[str, typer.Option(help="sigmoid (γ = 1/4) or tanh (γ = 1).")
                          ] = "sigmoid",
    norm: Annotated[float, typer.Option(help="λ = ‖W‖₂, the spectral norm of W.")] = 3.0,
    steps: Annotated[int, typer.Option(help="Steps T.")] = 30,
    seed: Annotated[int, typer.Option(help="Seed of W, U and the inputs.")] = 0,
    d: Annotated[int, typer.Option(help="Hidden size d (and input size).")] = 8,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
) -> None:
    """Measure ‖∂s_t/∂s_k‖ beside the bound (γλ)^(t−k)."""
    from rnnsym.model import ModelError
    from rnnsym.numeric import NonFiniteError
    from rnnsym.vanish import experiment, judge

    if seed < 0:
        fail(f"--seed must be a non-negative integer, got {seed}", EXIT_USAGE)
    try:
        report = experiment(activation, norm, steps, d, seed)
    except (ModelError, ValueError) as err:
        fail(str(err), EXIT_USAGE)
    except NonFiniteError as err:
        fail(str(err), EXIT_BAD_INPUT)
    verdict = judge(report)
    if as_json:
        emit_json({
            "activation": activation, "d": d, "steps": steps, "seed": seed,
            "gamma": report.gamma, "lambda": report.lam, "rate": report.rate,
            "lags": report.lags, "norms": [_finite(float(v)) for v in report.norms],
            "bounds": [_finite(float(v)) for v in report.bounds],
            "measured_rate": _finite(verdict.measured_rate),
            "verdict": verdict.verdict, "reason": verdict.reason,
        })
        return
    from rnnsym.render.numeric import vanish_view

    _console().print(vanish_view(report, verdict, activation, steps, d))
