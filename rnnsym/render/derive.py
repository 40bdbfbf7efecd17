"""Rich rendering of derivations for the terminal, in Unicode (∂L₄/∂y₄) or ASCII (dL4/dy4).

Long sums wrap between terms, a term too long for a line wraps between its factors, and no
factor is ever split: the layout is done here, at the console's width, rather than left to
Rich's word wrapping (which would break the line at any space).

Example:
    >>> import io
    >>> from rich.console import Console
    >>> from rnnsym.derivation import derive
    >>> console = Console(file=io.StringIO(), width=80)
    >>> console.print(derivation_view(derive("W", steps=2)))
    >>> print(console.file.getvalue().splitlines()[7])
    t = 2:  ∂L₂/∂y₂ ∂y₂/∂s₂ ∂s₂/∂W + ∂L₂/∂y₂ ∂y₂/∂s₂ ∂s₂/∂s₁ ∂s₁/∂W
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from rnnsym import documents, expanded
from rnnsym.typeset import STYLES, prose, typeset_factor

CONTINUATION = "    "  # further indent of a term continued on the next line


def layout_sum(label: str, terms: list[list[str]], width: int, times: str = " ",
               plus: str = " + ") -> list[str]:
    """Lines of `label` followed by a sum of products, each line at most `width` cells.

    A line breaks before a " + " when the next term does not fit; a term longer than a
    line breaks between its factors. Only a single factor wider than the line overflows.

    Example:
        >>> layout_sum("x = ", [["a", "b"], ["c", "d"]], width=10)
        ['x = a b', '    + c d']
    """
    pad = " " * cell_len(label)
    lines, line = [], label
    for i, chunks in enumerate(terms):
        text = times.join(chunks)
        joiner = plus if i else ""
        if cell_len(line) + cell_len(joiner) + cell_len(text) <= width:
            line += joiner + text
            continue
        if i:
            lines.append(line)
            line = pad + plus.lstrip()
            if cell_len(line) + cell_len(text) <= width:
                line += text
                continue
        for j, chunk in enumerate(chunks):
            piece = chunk if j == 0 else times + chunk
            if j and cell_len(line) + cell_len(piece) > width:
                lines.append(line)
                line = pad + CONTINUATION + chunk
            else:
                line += piece
    lines.append(line)
    return lines


class ChainSum:
    """A labelled sum of chain-rule products, laid out at the console's width."""

    def __init__(self, label: str, terms: list[list[str]], style_name: str = "unicode"):
        self.label, self.terms = label, terms
        self.times, self.plus = STYLES[style_name].times, STYLES[style_name].plus

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in layout_sum(self.label, self.terms, options.max_width, self.times, self.plus):
            yield Segment(line)
            yield Segment.line()


def derivation_view(derivation, style_name: str = "unicode", expansion=None) -> Group:
    """Title, general formula, (expansion,) one sum per loss step t, (bounds,) counts.

    `expansion` (rnnsym.jacobians.Expansion, or None) turns on the --expand view.
    """
    expand = expansion is not None
    parts: list = [Text(documents.title(derivation, style_name), style="bold"),
                   Text(documents.options_line(derivation, style_name)),
                   Text(documents.model_line(derivation, style_name)), Text()]
    general = derivation.general
    lhs = typeset_factor(general.lhs, style_name) + " = "
    parts += [ChainSum(lhs, [general.chunks(style_name)], style_name), Text()]
    if expand:
        parts += [Text(line) for line in
                  expanded.expansion_lines(expansion, style_name)] + [Text()]
    for t, group in documents.term_groups(derivation, style_name, expand):
        parts.append(ChainSum(f"t = {t}:  ", group, style_name))
    if expand and expanded.bounds(derivation, style_name):
        parts += [Text()] + [Text(line) for line in expanded.bounds(derivation, style_name)]
    parts += [Text()] + [Text(line) for line in documents.summary(derivation, style_name)]
    return Group(*parts)


def explicit_view(explicit, dims: tuple[int, int, int], style_name: str = "unicode") -> Group:
    """The explicit view: the gradient entry by entry, then the named subexpressions.

    Each expression wraps in its own column (a hanging indent), at the spaces around its
    + and − signs.
    """
    n, d, k = dims
    rows, cols = explicit.matrix.shape
    title = Text(prose(f"Explicit view, n = {n}, d = {d}, k = {k}: ∂L/∂{explicit.param} is a "
                       f"{rows}×{cols} matrix", style_name), style="bold")
    entries = _grid([(f"[{p + 1},{q + 1}] =", explicit.matrix[p, q])
                     for p in range(rows) for q in range(cols)])
    parts = [title, entries]
    if explicit.subexpressions:
        parts += [Text("where"), _grid([(f"{sym} =", expr)
                                        for sym, expr in explicit.subexpressions])]
    return Group(*parts)


def _grid(rows) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, justify="right")
    grid.add_column(overflow="fold")
    for label, expr in rows:
        grid.add_row("  " + label, Text(str(expr)))
    return grid


def verification_view(check, dims: tuple[int, int, int], style_name: str = "unicode") -> Group:
    """The two differences of --verify and the verdict, each on a line of its own."""
    n, d, k = dims
    exact = "not run" if check.symbolic_difference is None else check.symbolic_difference
    lines = [
        f"Verification, n = {n}, d = {d}, k = {k}:",
        f"  BPTT sum − direct differentiation (SymPy, exact): max |difference| = {exact}",
        f"  BPTT sum − numeric network (random points): max |difference| = "
        f"{float(check.numeric_difference):.3g}",
    ]
    verdict = Text(f"  tolerance {check.tolerance:g}: {'passed' if check.passed else 'FAILED'} "
                   f"in {check.seconds:.2f} s", style="bold green" if check.passed else "bold red")
    return Group(*(Text(prose(line, style_name)) for line in lines), verdict)
