"""The terminal view at 80 columns: sums wrap between terms, never inside a factor."""

import io
import re

import pytest
from rich.cells import cell_len
from rich.console import Console

from rnnsym.derivation import derive
from rnnsym.documents import term_groups
from rnnsym.jacobians import expand
from rnnsym.render.derive import derivation_view, layout_sum


def render(renderable, width=80):
    console = Console(file=io.StringIO(), width=width, highlight=False)
    console.print(renderable)
    return console.file.getvalue().splitlines()


def test_layout_keeps_a_short_sum_on_one_line():
    assert layout_sum("t = 1:  ", [["ab", "cd"], ["ef"]], width=80) == ["t = 1:  ab cd + ef"]


def test_layout_breaks_between_terms_first():
    assert layout_sum("x = ", [["aaaa", "bbbb"], ["cccc", "dddd"]], width=16) == [
        "x = aaaa bbbb", "    + cccc dddd"]


def test_layout_breaks_a_long_term_between_factors():
    lines = layout_sum("x = ", [["aaaa", "bbbb", "cccc", "dddd", "eeee"]], width=16)
    assert lines == ["x = aaaa bbbb", "        cccc", "        dddd", "        eeee"]


def test_only_a_factor_wider_than_the_line_overflows():
    assert layout_sum("x = ", [["a" * 30]], width=10) == ["x = " + "a" * 30]


def _read_groups(lines):
    """The printed groups back as [(t, [[factor, …] per term])], from the tokens."""
    groups, current = [], None
    for line in lines:
        head = re.match(r"t = (\d+):  ", line)
        if head:
            current = (int(head.group(1)), [[]])
            groups.append(current)
            line = line[head.end():]
        elif current is None or not line.startswith(" "):
            current = None
            continue
        for token in line.split():
            if token == "+":
                current[1].append([])
            else:
                current[1][-1].append(token)
    return groups


@pytest.mark.parametrize("param, steps", [("W", 12), ("s0", 15), ("b", 9)])
def test_at_80_columns_no_line_is_too_long_and_no_factor_is_split(param, steps):
    d = derive(param, steps)
    lines = render(derivation_view(d))
    assert max(cell_len(line) for line in lines) <= 80
    assert any(line.startswith("            ") for line in lines)  # a term did wrap
    assert _read_groups(lines) == term_groups(d, "unicode")


def test_ascii_view_is_ascii_and_fits():
    lines = render(derivation_view(derive("W", 10, truncate=4), "text", expand("tanh", d=2)))
    assert all(line.isascii() for line in lines)
    assert max(len(line) for line in lines) <= 80


def test_expanded_view_keeps_each_diag_with_its_matrix():
    lines = render(derivation_view(derive("U", 9), "unicode", expand("sigmoid", d=2)))
    assert max(cell_len(line) for line in lines) <= 80
    for line in lines:
        if line.startswith(("t = ", "    ")):
            tokens = line.split()
            for i, token in enumerate(tokens):
                if token.startswith("diag("):
                    assert tokens[i + 1] == "W"


def test_the_header_and_counts():
    lines = render(derivation_view(derive("W", 4, truncate=2)))
    assert lines[0] == "∂L/∂W over T = 4 steps"
    assert lines[1] == "many-to-many, tanh, column convention, truncated BPTT with K = 2"
    assert lines[-2:] == ["7 terms.", "Truncated BPTT, window K = 2: 3 terms with t − k ≥ K "
                          "dropped."]


class _Explicit:
    param = "W"

    def __init__(self):
        import sympy as sp

        a, b = sp.symbols("a_11 sigmaprime_11")
        long_sum = sum(sp.Symbol(f"W_{i}{j}") * a * b for i in range(1, 4) for j in range(1, 4))
        self.matrix = sp.Matrix([[long_sum, a]])
        self.subexpressions = ((a, sp.Symbol("x_11") + 1), (b, 1 - sp.Symbol("s_11") ** 2))


class _Check:
    def __init__(self, exact, passed):
        self.symbolic_difference, self.numeric_difference = exact, 2e-16
        self.tolerance, self.passed, self.seconds = 1e-10, passed, 1.5


def test_explicit_view_wraps_each_entry_in_its_own_column():
    from rnnsym.render.derive import explicit_view

    lines = render(explicit_view(_Explicit(), (2, 3, 2)))
    assert lines[0] == "Explicit view, n = 2, d = 3, k = 2: ∂L/∂W is a 1×2 matrix"
    assert max(cell_len(line) for line in lines) <= 80
    assert lines[1].startswith("  [1,1] = ")
    assert lines[2].startswith(" " * 10) and lines[2].strip()  # the hanging indent
    assert "where" in lines and any(line.strip() == "a_11 = x_11 + 1" for line in lines)


def test_verification_view():
    from rnnsym.render.derive import verification_view

    lines = render(verification_view(_Check(0, True), (2, 3, 2)))
    assert lines == [
        "Verification, n = 2, d = 3, k = 2:",
        "  BPTT sum − direct differentiation (SymPy, exact): max |difference| = 0",
        "  BPTT sum − numeric network (random points): max |difference| = 2e-16",
        "  tolerance 1e-10: passed in 1.50 s",
    ]
    failed = render(verification_view(_Check(None, False), (1, 2, 2)), 80)
    assert "max |difference| = not run" in failed[1] and "FAILED" in failed[3]
