"""The table of direct dependencies, and multiplying out a chain-rule answer."""

import pytest
from sympy import Symbol

from rnnsym.answers import AnswerError, Limits, parse
from rnnsym.answers.graph import RNN, Graph, node_of
from rnnsym.answers.terms import expanded_terms
from rnnsym.notation import partial


def test_parents_follow_the_model():
    assert set(RNN.parents(("s", 3), 4)) == {("s", 2), ("x", 3), ("U", None), ("W", None),
                                             ("b", None)}
    assert RNN.parents(("s", 0), 4) == ()  # s_0 is given
    assert RNN.parents(("L", 4), 4) == (("y", 4),)
    assert set(RNN.parents(("L", None), 3)) == {("L", 1), ("L", 2), ("L", 3)}


def test_existence_and_paths():
    assert RNN.exists(("s", 0), 4) and not RNN.exists(("y", 0), 4)
    assert not RNN.exists(("s", 5), 4) and not RNN.exists(("h", 1), 4)
    assert RNN.path(("L", 4), ("W", None), 4) == (("L", 4), ("y", 4), ("s", 4), ("W", None))
    assert RNN.path(("s", 2), ("s", 3), 4) is None  # the past does not depend on the future


def test_a_graph_is_data():
    chain = Graph(edges=(("h_t", "h_t-1"), ("h_t", "W")))
    assert chain.parents(("h", 2), 3) == (("h", 1), ("W", None))


def test_node_names():
    assert node_of(Symbol("s_12")) == ("s", 12)
    assert node_of(Symbol("W")) == ("W", None)
    assert node_of(Symbol("s_k")) is None


def test_multiplying_out_keeps_the_order_of_factors():
    a, b, c = partial("L_2", "y_2"), partial("y_2", "s_2"), partial("s_2", "W")
    d = partial("s_2", "s_1")
    assert expanded_terms(a * (b + b * 2) * c) == {(a, b, c): 3}
    assert expanded_terms(a * b * (c + d * partial("s_1", "W"))) == {
        (a, b, c): 1, (a, b, d, partial("s_1", "W")): 1}
    assert expanded_terms(a * b - a * b) == {}
    assert expanded_terms((a * b) ** 2) == {(a, b, a, b): 1}


def test_multiplying_out_is_bounded():
    expr = parse("(dL/dy + dy/ds)^100")
    with pytest.raises(AnswerError, match="more than 2,000 terms"):
        expanded_terms(expr)
    with pytest.raises(AnswerError):
        expanded_terms(parse("(da/db + dc/de)(da/db + dc/de)"), Limits(max_terms=3))
