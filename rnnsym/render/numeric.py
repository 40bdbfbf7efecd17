"""Rich views of `run`, `gradcheck` and `vanish`, readable at 80 columns.

Arrays larger than a screen are summarised (first rows and columns, an ellipsis, the last
row); the command's --json output has every entry. Entries are numbered from 1, as the
notes number steps and units.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from rnnsym.model import CONVENTIONS

MAX_ROWS = 12
MAX_CELLS = 5  # numeric columns per table; more are cut with "…"
BAR_WIDTH = 24

# Each parameter's axes in the column convention; the row convention transposes matrices.
AXES = {"U": ("d", "n"), "W": ("d", "d"), "V": ("k", "d"), "b": ("d",), "c": ("k",),
        "s0": ("d",)}


def number(value: float, digits: int = 4) -> str:
    """A float in `digits` significant digits (nan and infinities spelled out)."""
    return f"{value:.{digits}g}" if math.isfinite(value) else str(value)


def shape_text(shape: tuple[int, ...]) -> str:
    """(4, 3) as "4×3"."""
    return "×".join(str(n) for n in shape)


def axes_text(name: str, convention: str, batched_s0: bool = False) -> str:
    """The letters of a parameter's shape in a convention: "d×n" for U in column."""
    axes = AXES[name]
    if CONVENTIONS[convention].transposed and len(axes) == 2:
        axes = axes[::-1]
    return "×".join(("B", *axes) if batched_s0 else axes)


def _rows_of(array: np.ndarray, index_names: str) -> tuple[np.ndarray, list[str], str]:
    """A 1-, 2- or 3-D array as 2-D rows with 1-based labels ("b,t" for a batch)."""
    if array.ndim == 1:
        return array[None], [""], ""
    if array.ndim == 2:
        return array, [str(i + 1) for i in range(array.shape[0])], index_names[-1]
    labels = [f"{b + 1},{t + 1}" for b in range(array.shape[0]) for t in range(array.shape[1])]
    return array.reshape(-1, array.shape[-1]), labels, ",".join(index_names)


def _kept(count: int, limit: int) -> list[int | None]:
    """The indices to show of `count`, None standing for the ones left out."""
    if count <= limit:
        return list(range(count))
    return [*range(limit - 2), None, count - 1]


def array_table(title: str, array: np.ndarray, index_names: str = "t",
                extra: dict[str, list[str]] | None = None) -> Group:
    """A table of an array: one row per vector (per step, per unit), summarised if big.

    Args:
        index_names: the names of the row indices, "t" or "bt" (sequence, step).
        extra: more columns, by header, one string per row of the full array.
    """
    rows, labels, header = _rows_of(np.asarray(array, dtype=float), index_names)
    extra = extra or {}
    limit = MAX_CELLS - min(len(extra), 2)
    cols = _kept(rows.shape[1], limit)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column(header, justify="right", style="dim")
    for j in cols:
        table.add_column("…" if j is None else str(j + 1), justify="right")
    for name in extra:
        table.add_column(name, justify="right")
    for i in _kept(rows.shape[0], MAX_ROWS):
        if i is None:
            table.add_row("⋮", *["⋮"] * (len(cols) + len(extra)))
            continue
        cells = ["…" if j is None else number(rows[i, j]) for j in cols]
        table.add_row(labels[i], *cells, *(values[i] for values in extra.values()))
    parts = [Text(title, style="bold"), table]
    if rows.shape[0] > MAX_ROWS or rows.shape[1] > limit:
        parts.append(Text(f"{min(rows.shape[0], MAX_ROWS - 1)} of {rows.shape[0]} rows, "
                          f"{min(rows.shape[1], limit - 1)} of {rows.shape[1]} columns shown; "
                          "--json has every entry", style="dim"))
    return Group(*parts)


# --- run --------------------------------------------------------------------------------


def describe(model, steps: int, batch: int, batched: bool, has_output: bool = True) -> Text:
    """Lines naming the sizes and choices, and the convention's formula."""
    runs = f"B = {batch} sequences" if batched else "one sequence"
    formula = CONVENTIONS[model.convention].formula
    if not has_output:  # the recurrence alone: output and loss do not apply
        return Text(f"n = {model.n}, d = {model.d}; T = {steps}, {runs}\n{model.activation}, "
                    f"{model.architecture}, recurrence only (no V, c); {model.convention} "
                    f"convention\n{formula.split(',')[0]}")
    return Text(f"n = {model.n}, d = {model.d}, k = {model.k}; T = {steps}, {runs}\n"
                f"{model.activation}, {model.output}, {model.loss}, {model.architecture}; "
                f"{model.convention} convention\n{formula}")


def _active_steps(inst) -> np.ndarray:
    """(B·T,) booleans: the steps, flattened as the tables list them, that take a loss."""
    return np.broadcast_to(inst.data.mask > 0, (inst.batch, inst.steps)).reshape(-1)


def _targets_column(inst) -> dict[str, list[str]]:
    """The target of each step with a loss: its class, or a short target vector."""
    if not inst.has_loss or (inst.model.loss != "cross_entropy" and inst.model.k > 2):
        return {}
    targets = inst.data.targets.reshape(-1, inst.model.k)
    if inst.model.loss == "cross_entropy":
        texts = [str(int(t.argmax())) for t in targets]
        header = "class"
    else:
        texts = [", ".join(number(v, 3) for v in t) for t in targets]
        header = "target"
    return {header: [t if on else "–" for t, on in zip(texts, _active_steps(inst),
                                                        strict=True)]}


def run_view(inst, result) -> Group:
    """States, outputs with targets and step losses, the loss, then every gradient."""
    model = inst.model
    index = "bt" if inst.batched else "t"
    parts = [describe(model, inst.steps, inst.batch, inst.batched, inst.has_output),
             array_table("states s_t (columns: hidden units)", result.states, index)]
    if result.outputs is not None:
        extra = _targets_column(inst)
        if result.step_losses is not None:
            losses = np.asarray(result.step_losses).reshape(-1)
            extra["L_t"] = [number(v) if on else "–"
                            for v, on in zip(losses, _active_steps(inst), strict=True)]
        parts.append(array_table(f"outputs y_t ({model.output}; columns: outputs)",
                                 result.outputs, index, extra))
    if result.loss is None:
        parts.append(Text("no targets: no loss and no gradients (add V, c and targets)"))
        return Group(*parts)
    parts.append(Text(f"loss L = {number(result.loss, 8)}  (the sum of L_t over steps"
                      f"{' and sequences' if inst.batched else ''})", style="bold"))
    parts.extend(_gradient_parts(inst, result))
    return Group(*parts)


def _gradient_parts(inst, result) -> list:
    notes = []
    if result.truncate is not None:
        notes.append(f"truncated BPTT, K = {result.truncate}: only the terms with t − k < "
                     f"{result.truncate}")
    if result.clip is not None:
        c = result.clip
        notes.append(f"norm clipping of the weights' gradient at {number(c.norm_before)} → "
                     f"{number(c.norm_after)} ({'clipped' if c.clipped else 'not clipped'}"
                     "; s0's gradient is not clipped)")
    summary = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for header in ("θ", "shape", "‖∂L/∂θ‖", "largest |entry|"):
        summary.add_column(header, justify="left" if header == "θ" else "right")
    tables = []
    for name, grad in result.grads.items():
        shape = grad.shape
        letters = axes_text(name, inst.model.convention, name == "s0" and len(shape) == 2)
        summary.add_row(name, f"{shape_text(shape)} ({letters})",
                        number(float(np.linalg.norm(grad))), number(float(np.abs(grad).max())))
        tables.append(array_table(f"∂L/∂{name}  ({letters})", grad, "i"))
    return [Text(n) for n in notes] + [Text("gradients ∂L/∂θ", style="bold"), summary,
                                        *tables]


# --- gradcheck ----------------------------------------------------------------------------


def gradcheck_view(report, source: str, model, steps: int, batch: int, formula: str) -> Group:
    """Per parameter: the worst relative error, both numbers at that entry, PASS or FAIL."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for header in ("θ", "shape", "max rel. err", "at", "BPTT", "numeric", ""):
        table.add_column(header, justify="left" if header in ("θ", "at") else "right")
    for c in report.checks:
        result = Text("PASS", style="green") if c.passed else Text("FAIL", style="bold red")
        at = "[" + ",".join(str(i + 1) for i in c.worst_index) + "]"
        table.add_row(c.name, shape_text(c.shape), f"{c.max_rel_error:.1e}", at,
                      number(c.analytic, 8), number(c.numeric, 8), result)
    verdict = (Text("PASS", style="bold green") if report.passed
               else Text("FAIL", style="bold red"))
    failed = [c.name for c in report.checks if not c.passed]
    verdict.append(
        f": every gradient agrees with finite differences to {report.tolerance:g}"
        if report.passed else f": {', '.join(failed)} disagree beyond {report.tolerance:g}",
        style="")
    header = Text(f"Gradient check of BPTT ({source})\n")
    header.append_text(describe(model, steps, batch, batch > 1))
    if not report.passed:
        verdict.append("\n(a wrong gradient, or a loss too curved or flat for float64: "
                       "try --step, --tol)", style="")
    notes = Text("relative error = |a − n| / max(1e-8, |a| + |n|) at the worst entry "
                 f"(from 1)\n{report.stencil} central differences, h = {report.step:g}:"
                 f"\n  {formula}", style="dim")
    return Group(header, table, verdict, notes)


# --- vanish -------------------------------------------------------------------------------


def _log_bar(value: float, bound: float, low: float, high: float) -> str:
    """A bar of the measured norm on a log scale, with "│" at the bound."""
    span = max(high - low, 1e-12)
    place = lambda v: round((math.log10(v) - low) / span * (BAR_WIDTH - 1))  # noqa: E731
    cells = [" "] * BAR_WIDTH
    if value > 0:
        cells[: place(value) + 1] = "█" * (place(value) + 1)
    if math.isfinite(bound) and bound > 0:
        cells[min(place(bound), BAR_WIDTH - 1)] = "│"
    elif bound > 0:
        cells[-1] = "→"
    return "".join(cells)


def _shown_lags(count: int, limit: int = 31) -> list[int]:
    if count <= limit:
        return list(range(count))
    return sorted({round(i) for i in np.linspace(0, count - 1, limit)})


def vanish_view(report, verdict, activation: str, steps: int, d: int) -> Group:
    """The measured norm per lag beside the bound, a log-scale bar, and the verdict."""
    values = [v for v in (*report.norms, *report.bounds) if v > 0 and math.isfinite(v)]
    low, high = math.log10(min(values)), math.log10(max(values))
    gamma = Fraction(report.gamma).limit_denominator(100)
    header = Text(f"‖∂s_T/∂s_{{T−lag}}‖ measured, beside the bound (γλ)^lag\n{activation} "
                  f"(γ = {gamma}), d = {d}, T = {steps}, λ = ‖W‖₂ = {report.lam:g}, so "
                  f"γλ = {report.rate:.4g}")
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("lag", justify="right")
    table.add_column("measured", justify="right")
    table.add_column("bound", justify="right")
    table.add_column(f"1e{math.floor(low)} … log scale … 1e{math.ceil(high)}", no_wrap=True)
    shown = _shown_lags(len(report.lags))
    for lag in shown:
        norm, bound = float(report.norms[lag]), float(report.bounds[lag])
        table.add_row(str(lag), number(norm, 3), number(bound, 3),
                      _log_bar(norm, bound, low, high))
    table.caption = "█ measured, │ bound" + (
        f"; {len(shown)} of {len(report.lags)} lags shown, --json has all"
        if len(shown) < len(report.lags) else "")
    styles = {"vanishing": "bold yellow", "exploding": "bold red", "undetermined": "bold"}
    line = Text(verdict.verdict.upper(), style=styles[verdict.verdict])
    line.append(f": {verdict.reason}.", style="")
    return Group(header, table, line)
