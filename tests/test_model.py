"""The model's tables and the validation of every value of a Model.

Expected values come from the definitions (DESIGN.md), from SymPy's own differentiation,
or are written out by hand; none is produced by rnnsym itself.
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import pytest
import sympy

from rnnsym.model import (
    ACTIVATIONS,
    ARCHITECTURES,
    CONVENTIONS,
    LOSSES,
    OUTPUTS,
    Model,
    ModelError,
    choose,
)

# --- the tables ---------------------------------------------------------------------------


def test_table_keys():
    assert set(ACTIVATIONS) == {"sigmoid", "tanh"}
    assert set(OUTPUTS) == {"softmax", "sigmoid", "identity"}
    assert set(LOSSES) == {"cross_entropy", "mse"}
    assert set(ARCHITECTURES) == {"many-to-many", "many-to-one", "one-to-many", "one-to-one"}
    assert set(CONVENTIONS) == {"column", "row"}


@pytest.mark.parametrize("table", [ACTIVATIONS, OUTPUTS, LOSSES, ARCHITECTURES, CONVENTIONS])
def test_every_row_is_named_by_its_key(table):
    for key, row in table.items():
        assert row.name == key


@pytest.mark.parametrize(
    ("name", "sigma"),
    [("sigmoid", lambda a: 1 / (1 + sympy.exp(-a))), ("tanh", sympy.tanh)],
)
def test_prime_from_state_is_sympys_derivative(name, sigma):
    a = sympy.Symbol("a", real=True)
    s = sigma(a)
    from_state = ACTIVATIONS[name].prime_from_state(s)
    assert sympy.simplify(sympy.diff(s, a) - from_state) == 0


@pytest.mark.parametrize(
    ("name", "gamma"), [("sigmoid", Fraction(1, 4)), ("tanh", Fraction(1))]
)
def test_gamma_is_the_maximum_of_the_derivative(name, gamma):
    assert ACTIVATIONS[name].gamma == gamma
    # σ' is largest at a = 0, where s = σ(0) is 1/2 (sigmoid) or 0 (tanh).
    s_at_zero = {"sigmoid": Fraction(1, 2), "tanh": Fraction(0)}[name]
    assert ACTIVATIONS[name].prime_from_state(s_at_zero) == gamma
    assert Model(n=1, d=1, k=1, activation=name).gamma == gamma


def test_losses_list_the_outputs_they_are_defined_for():
    assert set(LOSSES["cross_entropy"].outputs) == {"softmax", "sigmoid"}
    assert set(LOSSES["mse"].outputs) == {"softmax", "sigmoid", "identity"}


def test_conventions_say_which_one_is_transposed():
    assert CONVENTIONS["column"].transposed is False
    assert CONVENTIONS["row"].transposed is True


def test_choose_finds_a_row():
    assert choose(ACTIVATIONS, "tanh", "activation") is ACTIVATIONS["tanh"]


# --- validation ---------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["n", "d", "k"])
@pytest.mark.parametrize("bad", [0, -1, 2.5, True, "3", None])
def test_bad_sizes_are_refused_naming_the_value(field, bad):
    sizes = {"n": 2, "d": 3, "k": 4, field: bad}
    with pytest.raises(ModelError) as info:
        Model(**sizes)
    message = str(info.value)
    assert field in message
    assert repr(bad) in message
    assert "positive integer" in message


@pytest.mark.parametrize(
    ("field", "bad", "allowed"),
    [
        ("activation", "relu", ["sigmoid", "tanh"]),
        ("activation", "Tanh", ["sigmoid", "tanh"]),
        ("output", "linear", ["softmax", "sigmoid", "identity"]),
        ("loss", "hinge", ["cross_entropy", "mse"]),
        ("architecture", "many-to-few", ["many-to-many", "many-to-one", "one-to-many",
                                          "one-to-one"]),
        ("convention", "diagonal", ["column", "row"]),
        ("activation", ["tanh"], ["sigmoid", "tanh"]),  # unhashable: still a ModelError
        ("convention", None, ["column", "row"]),
    ],
)
def test_bad_choices_are_refused_listing_what_is_allowed(field, bad, allowed):
    with pytest.raises(ModelError) as info:
        Model(n=2, d=3, k=4, **{field: bad})
    message = str(info.value)
    assert field in message
    assert repr(bad) in message
    for name in allowed:
        assert name in message


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
@pytest.mark.parametrize("architecture", sorted(ARCHITECTURES))
def test_identity_output_with_cross_entropy_is_refused(activation, architecture):
    with pytest.raises(ModelError) as info:
        Model(n=2, d=3, k=4, activation=activation, output="identity", loss="cross_entropy",
              architecture=architecture)
    message = str(info.value)
    assert "'identity'" in message and "'cross_entropy'" in message
    assert "softmax" in message and "sigmoid" in message


def test_every_other_combination_is_accepted():
    accepted = 0
    for act in ACTIVATIONS:
        for out in OUTPUTS:
            for loss in LOSSES:
                for arch in ARCHITECTURES:
                    for conv in CONVENTIONS:
                        if (out, loss) == ("identity", "cross_entropy"):
                            continue
                        Model(n=1, d=1, k=1, activation=act, output=out, loss=loss,
                              architecture=arch, convention=conv)
                        accepted += 1
    assert accepted == 2 * (3 * 2 - 1) * 4 * 2


def test_model_error_is_a_value_error():
    assert issubclass(ModelError, ValueError)


def test_model_is_frozen():
    m = Model(n=1, d=1, k=1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.d = 2


def test_defaults():
    m = Model(n=1, d=2, k=3)
    assert (m.activation, m.output, m.loss, m.architecture, m.convention) == (
        "tanh", "softmax", "cross_entropy", "many-to-many", "column")


# --- shapes -------------------------------------------------------------------------------


def test_shapes_column_convention():
    m = Model(n=3, d=4, k=2)
    assert m.shapes() == {"x": (3,), "s": (4,), "y": (2,), "U": (4, 3), "W": (4, 4),
                          "V": (2, 4), "b": (4,), "c": (2,), "s0": (4,)}


def test_shapes_row_convention():
    m = Model(n=3, d=4, k=2, convention="row")
    assert m.shapes() == {"x": (3,), "s": (4,), "y": (2,), "U": (3, 4), "W": (4, 4),
                          "V": (4, 2), "b": (4,), "c": (2,), "s0": (4,)}


def test_row_matrices_are_the_column_ones_transposed():
    col = Model(n=5, d=7, k=3).shapes()
    row = Model(n=5, d=7, k=3, convention="row").shapes()
    for name in ("U", "W", "V"):
        assert row[name] == col[name][::-1]
    for name in ("x", "s", "y", "b", "c", "s0"):
        assert row[name] == col[name]


# --- steps per architecture ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("architecture", "inputs", "losses"),
    [
        ("many-to-many", (1, 2, 3, 4), (1, 2, 3, 4)),
        ("many-to-one", (1, 2, 3, 4), (4,)),
        ("one-to-many", (1,), (1, 2, 3, 4)),
    ],
)
def test_input_and_loss_steps(architecture, inputs, losses):
    m = Model(n=2, d=2, k=2, architecture=architecture)
    assert m.input_steps(4) == inputs
    assert m.loss_steps(4) == losses


def test_one_to_one_has_one_step():
    m = Model(n=2, d=2, k=2, architecture="one-to-one")
    assert m.input_steps(1) == (1,)
    assert m.loss_steps(1) == (1,)
    with pytest.raises(ModelError) as info:
        m.loss_steps(2)
    assert "one-to-one" in str(info.value) and "T = 2" in str(info.value)


@pytest.mark.parametrize("architecture", sorted(ARCHITECTURES))
def test_single_step(architecture):
    m = Model(n=2, d=2, k=2, architecture=architecture)
    assert m.input_steps(1) == (1,)
    assert m.loss_steps(1) == (1,)


@pytest.mark.parametrize("bad", [0, -3, 1.0, True, None])
def test_bad_step_counts_are_refused(bad):
    m = Model(n=2, d=2, k=2)
    with pytest.raises(ModelError) as info:
        m.check_steps(bad)
    assert repr(bad) in str(info.value) and "positive integer" in str(info.value)


def test_check_steps_returns_the_count():
    assert Model(n=2, d=2, k=2).check_steps(7) == 7
