"""Rich rendering of the exercise solvers' results: a summary table, the steps, the answer.

Each kind has one summary function in SUMMARIES (result ↦ renderables) and one answer
function in ANSWERS (result ↦ the line a student would underline); `render` puts them
together. Everything fits in 80 columns: tables fold long cells instead of widening.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from rnnsym.solvers.clip import readable
from rnnsym.solvers.fmt import plain, uni


def _table(*columns: str) -> Table:
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    for name in columns:
        table.add_column(name, overflow="fold")
    return table


# --- one summary per kind -----------------------------------------------------------------


def _params(r) -> list[RenderableType]:
    solved = r.at_solution()
    symbolic = bool(r.count.free_symbols) or bool(solved)
    table = _table("", "connects", "count", *(["expanded"] if symbolic else []),
                   *(["value"] if solved or not symbolic else []))
    for t in r.terms:
        row = [t.name, t.what, t.product_text]
        if symbolic:
            row.append(uni(t.count))
        if solved or not symbolic:
            row.append(str(t.count.subs(solved)))
        table.add_row(*row)
    return [table]


def _dims(r) -> list[RenderableType]:
    table = _table("", "shape")
    for name, shape in r.key.items():
        table.add_row(name, " × ".join(map(str, shape)))
    return [Text(f"{r.convention} convention"), table]


def _terms(r) -> list[RenderableType]:
    table = _table("θ", "terms in ∂L/∂θ", "closed form")
    for c in r.counts:
        table.add_row(c.param, str(c.count), uni(c.closed_form))
    return [table]


def _jacobian(r) -> list[RenderableType]:
    return [Text(f"∂s_i/∂s_(i−1) = {r.formula}   ({r.activation}, {r.convention} convention)")]


def _bound(r) -> list[RenderableType]:
    table = _table("γ", "λ = ‖W‖₂", "γλ", *(["(γλ)^lag"] if r.lag is not None else []))
    row = [str(r.gamma), _number(r.lam), _number(r.rate)]
    if r.lag is not None:
        row.append(_number(r.bound))
    table.add_row(*row)
    return [table]


def _clip(r) -> list[RenderableType]:
    table = _table("", "norm")
    table.add_row("before", uni(r.norm_before))
    table.add_row("after", uni(r.norm_after))
    return [Text(f"{r.kind} clipping at τ = {uni(r.threshold)}"), table]


def _forward(r) -> list[RenderableType]:
    m = r.model
    return [Text(f"n = {m.n}, d = {m.d}, k = {m.k}, T = {len(r.a)}; {m.activation}, "
                 f"{m.output}, {m.loss}, {m.architecture}, {m.convention} convention")]


def _architecture(r) -> list[RenderableType]:
    return [Text(f"“{r.description}” → {r.task}")]


def _bptt(r) -> list[RenderableType]:
    return [Text(f"∂L_{r.t}/∂{r.derivation.rule.symbol}, T = {r.t} steps, "
                 f"{r.count} term{'s' if r.count != 1 else ''}")]


def _number(value) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    text = str(plain(value))
    return text if value.denominator == 1 else f"{text} ≈ {float(value):.6g}"


SUMMARIES = {"params": _params, "dims": _dims, "terms": _terms, "jacobian": _jacobian,
             "bound": _bound, "clip": _clip, "forward": _forward, "architecture": _architecture,
             "bptt": _bptt}


# --- one answer line per kind -------------------------------------------------------------


def _params_answer(r) -> str:
    if r.unknown == "total":
        return f"total = {uni(r.count)} parameters"
    if not r.solutions:
        return f"no solution: no {r.unknown} gives exactly {r.total} parameters"
    if len(r.solutions) > 1:
        return "several solutions: " + ", ".join(f"{r.unknown} = {uni(s)}" for s in r.solutions)
    return f"{r.unknown} = {uni(r.solutions[0])}"


def _matrix(rows) -> str:
    return "[" + "; ".join(", ".join(f"{v:.4g}" for v in row) for row in rows).replace(
        "-", "−") + "]"


ANSWERS = {
    "params": _params_answer,
    "dims": lambda r: ", ".join(f"{n}: {' × '.join(map(str, s))}" for n, s in r.key.items()),
    "terms": lambda r: ", ".join(f"{p}: {c}" for p, c in r.key.items()),
    "jacobian": lambda r: (_matrix(r.matrix) if r.matrix is not None else r.formula),
    "bound": lambda r: f"{r.verdict} (γλ = {_number(r.rate)})",
    "clip": lambda r: "g " + ("" if readable(r.key).startswith("≈") else "= ") + readable(r.key),
    "forward": lambda r: (f"L = {r.loss:.6g}" if r.loss is not None
                          else "s_T = (" + ", ".join(f"{v:.4g}" for v in r.s[-1]) + ")"),
    "architecture": lambda r: r.key,
    "bptt": lambda r: " + ".join(" ".join(f.unicode() for f in term)
                                 for term in _factors(r)),
}


def _factors(r):
    from rnnsym.notation import partial

    return [[partial(a, b) for a, b in term.factors] for term in r.derivation.terms]


def render(kind: str, result, note: str | None = None) -> Group:
    """The whole rendering of one result: summary, steps, answer, and an optional note.

    Example:
        >>> import io
        >>> from rich.console import Console
        >>> from rnnsym.solvers import solver
        >>> console = Console(file=io.StringIO(), width=80)
        >>> console.print(render("params", solver("params")(14, 7, 2)))
        >>> "Answer: total = 161 parameters" in console.file.getvalue()
        True
    """
    parts: list[RenderableType] = list(SUMMARIES[kind](result))
    parts.append(Text("\nSteps", style="bold"))
    parts += [Text(step.text) for step in result.steps]
    parts.append(Text.assemble(("\nAnswer: ", "bold"), ANSWERS[kind](result)))
    if note:
        parts.append(Text(f"\n{note}", style="dim"))
    return Group(*parts)


def kinds_table(kinds) -> Table:
    """The exercise kinds, for `rnnsym solve` without a kind."""
    table = _table("kind", "what it solves")
    for kind in kinds.values():
        table.add_row(kind.name, kind.summary)
    return table
