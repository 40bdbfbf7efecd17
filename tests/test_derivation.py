"""Derivations against closed forms, against the paths of the unrolled graph, and against SymPy.

The path oracle is independent of the derivation code: the multivariate chain rule sums one
product per path from L_t to θ in the unrolled computation graph, so enumerating the paths
of that graph by depth-first search gives the terms the derivation must have.
"""

import re
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy import Add, latex, sstr

from rnnsym import derive as public_derive
from rnnsym.derivation import PARAMS, DerivationError, Term, derive, parse_param
from rnnsym.model import ModelError

ARCHS = ["many-to-many", "many-to-one", "one-to-many"]


# --- the path oracle ----------------------------------------------------------------------


def _graph(steps, inputs):
    """Edges of the unrolled network, from each quantity to what it was computed from."""
    edges = {}
    for t in range(1, steps + 1):
        edges[f"L_{t}"] = [f"y_{t}"]
        edges[f"y_{t}"] = [f"s_{t}", "V", "c"]
        edges[f"s_{t}"] = [f"s_{t - 1}", "W", "b"] + (["U"] if t in inputs else [])
    return edges


def _paths(edges, node, target):
    if node == target:
        yield ()
        return
    for nxt in edges.get(node, ()):
        for rest in _paths(edges, nxt, target):
            yield ((node, nxt),) + rest


def oracle(param, steps, losses, inputs, window=None):
    """{(t, k): factors} of every chain-rule path, with k the last state before θ."""
    symbol = PARAMS[param].symbol
    edges = _graph(steps, inputs)
    found = {}
    for t in losses:
        for path in _paths(edges, f"L_{t}", symbol):
            states = [int(n[2:]) for n, _ in path if n.startswith("s_")]
            k = t if param in ("V", "c") else 0 if param == "s0" else states[-1]
            if window is None or t - k < window:
                found[(t, k)] = path
    return found


def _losses(arch, steps):
    return [steps] if arch == "many-to-one" else list(range(1, steps + 1))


def _inputs(arch, steps):
    return {1} if arch == "one-to-many" else set(range(1, steps + 1))


@settings(derandomize=True, max_examples=150, deadline=None)
@given(st.sampled_from(list(PARAMS)), st.integers(1, 7), st.sampled_from(ARCHS),
       st.one_of(st.none(), st.integers(1, 8)))
def test_terms_are_the_paths_of_the_unrolled_graph(param, steps, arch, window):
    d = derive(param, steps, architecture=arch, truncate=window)
    expected = oracle(param, steps, _losses(arch, steps), _inputs(arch, steps), window)
    assert {(term.t, term.k): term.factors for term in d.terms} == expected
    assert len(d.terms) == len(expected)


@settings(derandomize=True, max_examples=60, deadline=None)
@given(st.sampled_from(list(PARAMS)), st.integers(1, 7), st.sampled_from(ARCHS),
       st.one_of(st.none(), st.integers(1, 8)))
def test_counts_add_up(param, steps, arch, window):
    full = derive(param, steps, architecture=arch)
    cut = derive(param, steps, architecture=arch, truncate=window)
    all_paths = len(oracle(param, steps, _losses(arch, steps), set(range(1, steps + 1))))
    assert full.count + full.zero_terms == all_paths
    assert cut.count + cut.dropped + cut.zero_terms == all_paths
    assert cut.zero_terms == full.zero_terms


# --- closed forms -------------------------------------------------------------------------


@pytest.mark.parametrize("steps", [1, 2, 4, 7, 25])
@pytest.mark.parametrize("param", ["W", "U", "b"])
def test_recurrent_count_is_triangular(param, steps):
    assert derive(param, steps).count == steps * (steps + 1) // 2


@pytest.mark.parametrize("param", ["V", "c", "s0"])
def test_one_term_per_loss_for_output_and_initial_state(param):
    assert derive(param, 9).count == 9
    assert derive(param, 9, architecture="many-to-one").count == 1


@pytest.mark.parametrize("steps, window", [(4, 1), (4, 2), (4, 4), (10, 3), (25, 7)])
def test_truncated_count_closed_form(steps, window):
    d = derive("W", steps, truncate=window)
    assert d.count == window * steps - window * (window - 1) // 2
    assert d.dropped == steps * (steps + 1) // 2 - d.count


def test_a_window_longer_than_the_sequence_drops_nothing():
    assert derive("W", 4, truncate=9).count == 10
    assert derive("W", 4, truncate=9).dropped == 0


@pytest.mark.parametrize("t", [1, 3, 6])
def test_loss_at_t_has_t_terms(t):
    d = derive("W", 6, loss_at=t)
    assert d.count == t and d.loss_steps == (t,)
    assert derive("V", 6, loss_at=t).count == 1


def test_initial_state_under_truncation_keeps_the_losses_within_reach():
    # t − 0 < K: only L_1 … L_{K−1} reach s_0.
    assert derive("s0", 6, truncate=3).count == 2
    assert derive("s0", 6, truncate=1).count == 0
    assert derive("s0", 6, truncate=1).expr == 0


def test_one_to_many_input_weights_have_only_k_equal_1():
    d = derive("U", 5, architecture="one-to-many")
    assert [term.k for term in d.terms] == [1] * 5
    assert d.zero_terms == 10  # 15 paths, of which the 10 with k > 1 meet x_k = 0
    assert derive("W", 5, architecture="one-to-many").count == 15


def test_many_to_one_and_one_to_one():
    d = derive("W", 4, architecture="many-to-one")
    assert d.loss_steps == (4,) and d.count == 4
    for param in PARAMS:
        assert derive(param, 1, architecture="one-to-one").count == 1
    with pytest.raises(ModelError):
        derive("W", 2, architecture="one-to-one")


# --- the notes' example, order and structure -----------------------------------------------


def test_the_t_equals_2_terms_as_the_notes_write_them():
    d = derive("W", steps=4)
    assert [term for term in d.terms if term.t == 2] == [
        Term(2, 2, (("L_2", "y_2"), ("y_2", "s_2"), ("s_2", "W"))),
        Term(2, 1, (("L_2", "y_2"), ("y_2", "s_2"), ("s_2", "s_1"), ("s_1", "W"))),
    ]


def test_terms_are_grouped_by_t_with_k_descending():
    d = derive("b", 5)
    assert [(term.t, term.k) for term in d.terms] == [
        (t, k) for t in range(1, 6) for k in range(t, 0, -1)]
    assert [t for t, _ in d.groups()] == [1, 2, 3, 4, 5]


def test_factors_chain_and_never_repeat():
    for param in PARAMS:
        for term in derive(param, 6).terms:
            pairs = term.factors
            assert all(a[1] == b[0] for a, b in zip(pairs, pairs[1:], strict=False))
            assert len(set(pairs)) == len(pairs)


@pytest.mark.parametrize("text, param", [("W", "W"), ("dW", "W"), ("dL/dW", "W"),
                                         ("∂L/∂U", "U"), ("ds0", "s0"), ("s_0", "s0"),
                                         ("dc", "c"), ("db", "b")])
def test_parameter_names_as_typed(text, param):
    assert parse_param(text) == param


@pytest.mark.parametrize("text", ["w", "dw", "X", "", "dL/dw"])
def test_unknown_parameters_are_refused(text):
    with pytest.raises(DerivationError, match="unknown parameter"):
        parse_param(text)


@pytest.mark.parametrize("kwargs, message", [
    ({"steps": 0}, "positive integer"),
    ({"steps": 4, "loss_at": 9}, "no loss L_9"),
    ({"steps": 4, "truncate": 0}, "positive integer"),
    ({"steps": 4, "loss_at": 2, "architecture": "many-to-one"}, "L_4 only"),
])
def test_bad_options_say_why(kwargs, message):
    with pytest.raises(DerivationError, match=message):
        derive("W", **kwargs)


def test_the_public_function_is_the_same():
    assert public_derive("W", steps=3).terms == derive("W", 3).terms


# --- SymPy agrees with the plain-data printers -------------------------------------------


@pytest.mark.parametrize("param", list(PARAMS))
def test_latex_and_str_of_each_term_equal_sympys(param):
    from rnnsym.documents import latex_terms
    from rnnsym.typeset import typeset_term

    d = derive(param, 5, truncate=4)
    for (_, group), line in zip(d.groups(), latex_terms(d), strict=True):
        assert line == " + ".join(latex(d.term_expr(term)) for term in group)
        for term in group:
            assert typeset_term(term.factors, "str") == sstr(d.term_expr(term))


def test_the_sympy_sum_has_exactly_the_terms():
    d = derive("W", 4)
    assert isinstance(d.expr, Add)
    assert set(d.expr.args) == {d.term_expr(term) for term in d.terms}
    assert d.expr is d.expr  # built once


def test_printing_needs_no_sympy():
    script = (
        "import sys, rnnsym\n"
        "d = rnnsym.derive('W', steps=60)\n"
        "d.as_dict(); d.to_latex(); d.to_text('text'); d.to_text('unicode'); d.to_markdown()\n"
        "assert 'sympy' not in sys.modules and 'numpy' not in sys.modules, 'imported'\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


# --- LaTeX reads back to the same terms ----------------------------------------------------

_FACTOR = re.compile(r"\\frac\{\\partial ([A-Za-z]+(?:_\{\d+\})?)\}"
                     r"\{\\partial ([A-Za-z]+(?:_\{\d+\})?)\}")


def _name(tex):
    return tex.replace("_{", "_").replace("}", "")


def read_latex_block(block):
    """A strict reader of the `aligned` block: the general line, then groups of terms."""
    lines = block.split("\n")
    assert lines[0] == r"\begin{aligned}" and lines[-1] == r"\end{aligned}"
    rows = "\n".join(lines[1:-1]).split(" \\\\\n")
    general, groups = rows[0], rows[1:]
    assert re.fullmatch(r"\\frac\{\\partial L(_\{\d+\})?\}\{\\partial [A-Za-z_{}0-9]+\} &= .+",
                        general)
    terms = []
    for i, row in enumerate(groups):
        lead = "&= " if i == 0 else "&\\quad + "
        assert row.startswith(lead), row
        terms += [_read_term(text) for text in row[len(lead):].split(" + ")]
    return terms


def _read_term(text):
    pairs, pos = [], 0
    while True:
        match = _FACTOR.match(text, pos)
        assert match, f"not a factor at {text[pos:pos + 40]!r}"
        pairs.append((_name(match.group(1)), _name(match.group(2))))
        pos = match.end()
        if pos == len(text):
            return tuple(pairs)
        assert text[pos] == " ", text[pos:]
        pos += 1


def _balanced(text):
    depth = 0
    for ch in text:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


@pytest.mark.parametrize("param, options", [
    ("W", {}), ("U", {"architecture": "one-to-many"}), ("b", {"truncate": 2}),
    ("V", {}), ("c", {"loss_at": 3}), ("s0", {}), ("W", {"architecture": "many-to-one"}),
])
def test_latex_reads_back_to_the_same_terms(param, options):
    d = derive(param, 5, **options)
    block = d.to_latex()
    assert _balanced(block)
    assert read_latex_block(block) == [term.factors for term in d.terms]


def test_latex_of_the_general_formula_is_balanced():
    for param in PARAMS:
        for options in ({}, {"truncate": 2}, {"loss_at": 3}, {"architecture": "many-to-one"}):
            assert _balanced(derive(param, 4, **options).general.typeset("latex"))


def test_jupyter_shows_latex():
    assert derive("V", 2)._repr_latex_().startswith("$$\n\\begin{aligned}")
