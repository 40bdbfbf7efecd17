"""The two checks of an explicit gradient: exactly against SymPy, numerically against NumPy.

Exact check. SymPy differentiates the unrolled loss (one nested expression, built without
any BPTT code) with respect to each entry. Both that derivative and the BPTT sum are then
written in the same *atoms*, treated as independent symbols: s_{t,i} for σ(a_{t,i});
y_{t,j} for sigmoid(o_{t,j}); for softmax, Z_t for Σ_l exp(o_{t,l}) and y_{t,j}·Z_t for
exp(o_{t,j}). In the atoms both sides are Laurent polynomials (−log y_c leaves a 1/y_c),
which rnnsym.laurent subtracts exactly. A difference that is zero in independent symbols
is zero whatever values the atoms take, so the two gradients are equal: the check is a
proof. It could in principle reject two forms that agree only through an identity between
the atoms (such as Σ_j y_{t,j} = 1); it can never accept two that differ.

Numeric check. The gradient, lambdified, against rnnsym.numeric.backward at random points.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import product

import numpy as np
from sympy import (
    Expr,
    Function,
    Matrix,
    S,
    Symbol,
    cancel,
    diff,
    exp,
    expand,
    fraction,
    together,
)

from rnnsym.laurent import LaurentDifference, NotLaurent
from rnnsym.model import ACTIVATIONS
from rnnsym.numeric import Data, Params, backward, random_params
from rnnsym.sigmoid import sigmoid
from rnnsym.unrolled import (
    ExplicitNetwork,
    ForwardChain,
    entry,
    forward_chain,
    network,
    unrolled_loss,
    vector,
)


def _softmax_atoms(o: Matrix, t: int) -> dict[Expr, Expr]:
    """Σ_l exp(o_l) ↦ Z_t, exp(o_j) ↦ y_j Z_t and exp(−o_j) ↦ 1/(y_j Z_t) (SymPy writes
    1/exp(o) as exp(−o)); Z_t is a fresh symbol for the softmax's denominator."""
    z, y, e = entry("Z", t), vector("y", len(o), t), o.applyfunc(exp)
    table = {sum(e): z}
    for oj, ej, yj in zip(o, e, y, strict=True):
        table |= {ej: yj * z, exp(-oj): 1 / (yj * z)}
    return table


def _softmax_powers(expr: Expr, outputs: dict[int, Matrix]) -> Expr:
    """exp(r·o_{t,j}) ↦ (y_{t,j} Z_t)^r for the rational multiples r ≠ ±1 that SymPy makes of
    products like exp(o)·exp(o); `outputs` holds o_t in the state atoms."""
    table = {}
    for atom in expr.atoms(exp):
        for t, o in outputs.items():
            for oj, yj in zip(o, vector("y", len(o), t), strict=True):
                ratio = cancel(atom.exp / oj)
                if ratio.is_Rational:
                    table[atom] = (yj * entry("Z", t)) ** ratio
    return expr.xreplace(table)


@dataclass(frozen=True)
class AtomForm:
    """How y_t = O(o_t) is written in atoms, on each side of the comparison.

    Attributes:
        predictions: (y_t symbols, o_t symbols) ↦ y_t in atoms, on the BPTT side.
        table: (o_t written out in full, t) ↦ {full expression: its atom form}, on the
            direct side.
        leftover: (expression, {t: o_t in the state atoms}) ↦ the expression with the atoms
            the table could not foresee replaced.
    """

    predictions: Callable
    table: Callable
    leftover: Callable = lambda expr, outputs: expr


OUTPUT_ATOMS = {
    "softmax": AtomForm(lambda y, o: y, _softmax_atoms, _softmax_powers),
    "sigmoid": AtomForm(lambda y, o: y,
                        lambda o, t: dict(zip(o.applyfunc(sigmoid), vector("y", len(o), t),
                                              strict=True))),
    "identity": AtomForm(lambda y, o: o, lambda o, t: {}),
}


def _bptt_in_atoms(eg, net: ExplicitNetwork, chain: ForwardChain) -> Matrix:
    """The BPTT matrix with y, o and σ'(a) written in the atoms, in that order (y may be
    written in o, o in the states)."""
    prime = ACTIVATIONS[net.model.activation].prime_from_state
    form = OUTPUT_ATOMS[net.model.output]
    predictions, outputs, primes = {}, {}, {}
    for t, y in chain.predictions.items():
        o = vector("o", len(y), t)
        predictions |= dict(zip(y, form.predictions(y, o), strict=True))
        outputs |= dict(zip(o, chain.outputs[t], strict=True))
    for t, sp in chain.primes.items():
        primes |= dict(zip(sp, chain.states[t].applyfunc(prime), strict=True))
    return eg.matrix.xreplace(predictions).xreplace(outputs).xreplace(primes)


def _atoms(net: ExplicitNetwork, unrolled) -> tuple[dict[Expr, Expr], list[Symbol]]:
    """The direct side's atoms, written out in full, ↦ their symbols; and the symbols that
    may appear with negative powers (the output atoms: −log y_c and 1/Z_t)."""
    form = OUTPUT_ATOMS[net.model.output]
    outputs = {}
    for t, o in unrolled.outputs.items():
        outputs |= form.table(o, t)
    invertible = {s for value in outputs.values() for s in value.free_symbols}
    return unrolled.atoms | outputs, sorted(invertible, key=str)


def _slow_difference(expr: Expr) -> Expr:
    """expr as a reduced rational function: exactly zero iff expr is zero."""
    numerator, denominator = fraction(together(expr))
    numerator = expand(numerator)
    return S.Zero if numerator == 0 else cancel(numerator / denominator)


def symbolic_difference(eg) -> tuple[Expr, tuple[tuple[int, int], ...]]:
    """BPTT sum − sympy.diff of the unrolled loss, exactly, for every entry.

    Returns:
        (the difference of the first entry that differs, or 0; the (row, column) of every
        entry that differs).
    """
    net = network(eg.model, eg.steps, eg.loss_steps)
    unrolled = unrolled_loss(net)
    bptt = _bptt_in_atoms(eg, net, forward_chain(net))
    table, invertible = _atoms(net, unrolled)
    names = [s for m in net.symbols.values() for s in m] + list(dict.fromkeys(table.values()))
    symbols = [s for e in names for s in e.free_symbols]
    laurent = LaurentDifference(symbols, invertible)
    outputs = {t: o.xreplace(unrolled.atoms) for t, o in unrolled.outputs.items()}
    theta = net.symbols[eg.param]
    first, wrong = S.Zero, []
    for i, j in product(range(theta.rows), range(theta.cols)):
        direct = diff(unrolled.loss, theta[i, j]).xreplace(table)
        if direct.atoms(Function):
            direct = OUTPUT_ATOMS[net.model.output].leftover(direct, outputs)
        if direct.atoms(Function):
            raise RuntimeError(f"the derivative kept atoms it should not: {direct.atoms(Function)}")
        try:
            difference = laurent(bptt[i, j], direct)
        except NotLaurent:
            difference = _slow_difference(bptt[i, j] - direct)
        if difference != 0:
            first = first if wrong else difference
            wrong.append((i, j))
    return first, tuple(wrong)


# --- the numeric check --------------------------------------------------------------------


def _point(eg, rng: np.random.Generator) -> tuple[Params, Data]:
    """Random weights and one sequence, with the gradient's classes or random targets."""
    model, steps = eg.model, eg.steps
    params = random_params(model, rng)
    x = rng.standard_normal((1, steps, model.n))
    x[0, [t - 1 for t in range(1, steps + 1) if f"x_{t}" not in eg.symbols]] = 0.0
    s0 = 0.5 * rng.standard_normal((1, model.d))
    if eg.classes:
        targets = np.zeros((1, steps, model.k))
        for t, c in eg.classes:
            targets[0, t - 1, c - 1] = 1.0
    else:
        targets = rng.uniform(0.0, 1.0, size=(1, steps, model.k))
    mask = np.zeros(steps)
    mask[[t - 1 for t in eg.loss_steps]] = 1.0
    return params, Data(x=x, s0=s0, targets=targets, mask=mask)


def _values(eg, params: Params, data: Data) -> dict[str, np.ndarray]:
    values = {"U": params.U, "W": params.W, "b": params.b, "V": params.V, "c": params.c,
              "s0": data.s0[0]}
    for name in eg.symbols:
        if "_" in name:
            kind, t = name.split("_")
            values[name] = (data.x if kind == "x" else data.targets)[0, int(t) - 1]
    return values


def numeric_difference(eg, gradient_fn: Callable, seed: int, points: int) -> float:
    """max |lambdified gradient − numeric.backward| over `points` random points."""
    rng = np.random.default_rng(seed)
    worst = 0.0
    for _ in range(points):
        params, data = _point(eg, rng)
        expected = getattr(backward(eg.model, params, data, eg.truncate), eg.param)
        got = gradient_fn(_values(eg, params, data))
        worst = max(worst, float(np.max(np.abs(got - expected.reshape(got.shape)))))
    return worst
