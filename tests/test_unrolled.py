"""The symbolic network: names, shapes, the forward chain, and the unrolled loss's values."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from sympy import Rational, Symbol, expand, lambdify, symbols, tanh

from rnnsym.model import Model
from rnnsym.numeric import Data, Params, forward
from rnnsym.unrolled import default_class, entry, forward_chain, network, unrolled_loss


def test_entry_names_run_indices_together_below_ten():
    assert entry("W", 1, 2) == Symbol("W_12")
    assert entry("a", 1, 12) == Symbol("a_1,12")


@pytest.mark.parametrize(("convention", "shapes"), [
    ("column", {"U": (3, 2), "W": (3, 3), "V": (4, 3)}),
    ("row", {"U": (2, 3), "W": (3, 3), "V": (3, 4)}),
])
def test_symbols_have_the_conventions_shapes(convention, shapes):
    net = network(Model(n=2, d=3, k=4, convention=convention), steps=2)
    assert {name: net.symbols[name].shape for name in shapes} == shapes
    assert net.symbols["s0"].shape == net.symbols["b"].shape == (3, 1)
    assert net.symbols["U"][0, 1] == Symbol("U_12")


def test_inputs_enter_only_where_the_architecture_says():
    net = network(Model(n=2, d=2, k=2, architecture="one-to-many"), steps=3)
    assert [name for name in net.symbols if name.startswith("x_")] == ["x_1"]
    assert net.x(2).is_zero_matrix


def test_cross_entropy_classes_cycle_and_mse_has_symbolic_targets():
    assert network(Model(n=1, d=1, k=2), steps=3).classes == ((1, 1), (2, 2), (3, 1))
    assert [default_class(t, 3) for t in range(1, 5)] == [1, 2, 3, 1]
    net = network(Model(n=1, d=1, k=2, output="identity", loss="mse"), steps=2)
    assert net.classes == () and net.symbols["target_2"][1] == Symbol("target_22")


def test_row_convention_pre_activation_is_x_U_plus_s_W_plus_b():
    chain = forward_chain(network(Model(n=1, d=2, k=2, convention="row"), steps=1))
    x, u12, w12, w22, s1, s2, b2 = symbols("x_11 U_12 W_12 W_22 s_01 s_02 b_2")
    # (x U + s W + b)_2 = x_1 U_12 + s_1 W_12 + s_2 W_22 + b_2
    assert dict(chain.definitions)[Symbol("a_12")] == x * u12 + s1 * w12 + s2 * w22 + b2


def test_scalar_unrolled_loss_is_the_nested_loss_written_by_hand():
    net = network(Model(n=1, d=1, k=1, output="identity", loss="mse"), steps=2)
    U, W, b, V, c, s0, x1, x2, r1, r2 = symbols(
        "U_11 W_11 b_1 V_11 c_1 s_01 x_11 x_21 target_11 target_21")
    s1 = tanh(U * x1 + W * s0 + b)
    s2 = tanh(U * x2 + W * s1 + b)
    by_hand = Rational(1, 2) * ((V * s1 + c - r1) ** 2 + (V * s2 + c - r2) ** 2)
    assert expand(unrolled_loss(net).loss - by_hand) == 0


HEADS = (("softmax", "cross_entropy"), ("sigmoid", "cross_entropy"), ("identity", "mse"),
         ("softmax", "mse"))


CASES = list(itertools.product(["tanh", "sigmoid"], ["column", "row"], HEADS,
                               ["many-to-many", "many-to-one", "one-to-many"]))


@pytest.mark.parametrize(("activation", "convention", "head", "architecture"), CASES,
                         ids=["-".join((a, c, *h, r)) for a, c, h, r in CASES])
def test_unrolled_loss_equals_the_numeric_forward_loss(activation, convention, head,
                                                       architecture):
    model = Model(n=2, d=2, k=3, activation=activation, convention=convention, output=head[0],
                  loss=head[1], architecture=architecture)
    net = network(model, steps=3)
    rng = np.random.default_rng(7)
    values = {name: 0.5 * rng.standard_normal(m.shape) for name, m in net.symbols.items()}
    args = [s for m in net.symbols.values() for s in m]
    point = [v for name in net.symbols for v in values[name].reshape(-1)]
    ours = lambdify(args, unrolled_loss(net).loss, modules="numpy")(*point)
    x = np.zeros((1, 3, 2))
    targets = np.zeros((1, 3, 3))
    for t in range(1, 4):
        x[0, t - 1] = values.get(f"x_{t}", np.zeros((2, 1))).reshape(-1)
        if f"target_{t}" in values:
            targets[0, t - 1] = values[f"target_{t}"].reshape(-1)
    for t, c in net.classes:
        targets[0, t - 1, c - 1] = 1.0
    mask = np.array([1.0 if t in net.loss_steps else 0.0 for t in (1, 2, 3)])
    params = Params(U=values["U"], W=values["W"], b=values["b"].reshape(-1), V=values["V"],
                    c=values["c"].reshape(-1))
    data = Data(x=x, s0=values["s0"].reshape(1, -1), targets=targets, mask=mask)
    assert ours == pytest.approx(forward(model, params, data).loss, abs=1e-12)
