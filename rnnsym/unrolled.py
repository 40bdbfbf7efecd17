"""The network of the explicit view: concrete sizes, every entry a SymPy symbol.

Each forward rule is a row of a table, with the local derivative it contributes to BPTT
beside it. Two things are built from the same rows:

- the *forward chain*: one named symbol per intermediate entry (a_{t,i}, s_{t,i}, σ'_{t,i},
  o_{t,j}, y_{t,j}) with its definition in terms of earlier ones — the compact form in which
  the explicit BPTT gradient is written;
- the *unrolled loss*: L as one nested expression in the weights, inputs and targets alone,
  which SymPy can differentiate directly, independently of any BPTT code.

Symbol names use SymPy's subscript convention: `W_12` is the entry (1, 2) of W as the
model's convention stores it, `x_21` the first entry of x_2, `s_03` the third of s_0.
Indices are run together while all are below 10 and separated by commas otherwise.

Example:
    >>> from rnnsym.model import Model
    >>> net = network(Model(n=1, d=2, k=2), steps=2)
    >>> net.symbols["W"]
    Matrix([
    [W_11, W_12],
    [W_21, W_22]])
    >>> [str(lhs) for lhs, _ in forward_chain(net).definitions][:3]
    ['a_11', 'a_12', 's_11']
    >>> forward_chain(net).definitions[0][1]
    U_11*x_11 + W_11*s_01 + W_12*s_02 + b_1
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sympy import Expr, ImmutableMatrix, Matrix, Rational, Symbol, diag, exp, eye, log, tanh, zeros

from rnnsym.model import ACTIVATIONS, Model
from rnnsym.sigmoid import sigmoid


def entry(base: str, *indices: int) -> Symbol:
    """The symbol of one entry: entry("W", 1, 2) is W_12; entry("a", 1, 12) is a_1,12."""
    sep = "" if all(i < 10 for i in indices) else ","
    return Symbol(f"{base}_{sep.join(map(str, indices))}")


def vector(base: str, size: int, *prefix: int) -> ImmutableMatrix:
    return ImmutableMatrix([entry(base, *prefix, i) for i in range(1, size + 1)])


def _matrix(base: str, rows: int, cols: int) -> ImmutableMatrix:
    return ImmutableMatrix(rows, cols, lambda i, j: entry(base, i + 1, j + 1))


# --- the rules: each forward rule beside the local derivative BPTT takes from it ----------

ACTIVATION_FUNCTIONS = {"sigmoid": sigmoid, "tanh": tanh}


@dataclass(frozen=True)
class Layers:
    """The affine maps of one convention, on column vectors (x, s are n×1, d×1)."""

    hidden: Callable  # (U, W, b, x, s_prev) ↦ a, d×1
    output: Callable  # (V, c, s) ↦ o, k×1


CONVENTION_LAYERS = {
    "column": Layers(hidden=lambda U, W, b, x, s: U * x + W * s + b,
                     output=lambda V, c, s: V * s + c),
    # Row vectors multiply from the left: a = x U + s W + b, kept as a column for the chain.
    "row": Layers(hidden=lambda U, W, b, x, s: (x.T * U + s.T * W + b.T).T,
                  output=lambda V, c, s: (s.T * V + c.T).T),
}


def _softmax(o: Matrix) -> Matrix:
    e = o.applyfunc(exp)
    return e / sum(e)


@dataclass(frozen=True)
class OutputRule:
    """y = O(o) and its Jacobian ∂y/∂o written in terms of y (k×k)."""

    forward: Callable
    jacobian: Callable


OUTPUT_RULES = {
    "softmax": OutputRule(_softmax, lambda y: diag(*y) - y * y.T),
    "sigmoid": OutputRule(lambda o: o.applyfunc(sigmoid),
                          lambda y: diag(*[v * (1 - v) for v in y])),
    "identity": OutputRule(lambda o: o, lambda y: eye(len(y))),
}


def _one_hot_row(size: int, at: int, value: Expr) -> Matrix:
    row = zeros(1, size)
    row[at - 1] = value
    return row


@dataclass(frozen=True)
class LossRule:
    """L_t from y_t and the step's target, and ∂L_t/∂y_t (1×k).

    The target is the class c_t (1-based) for cross-entropy, the k×1 target for MSE.
    """

    value: Callable
    gradient: Callable


LOSS_RULES = {
    "cross_entropy": LossRule(value=lambda y, c: -log(y[c - 1]),
                              gradient=lambda y, c: _one_hot_row(len(y), c, -1 / y[c - 1])),
    "mse": LossRule(value=lambda y, r: Rational(1, 2) * sum((y - r).applyfunc(lambda v: v**2)),
                    gradient=lambda y, r: (y - r).T),
}


# --- the network's symbols ----------------------------------------------------------------


def default_class(t: int, k: int) -> int:
    """The class c_t (1-based) that cross-entropy takes at step t: 1 + (t − 1) mod k."""
    return 1 + (t - 1) % k


@dataclass(frozen=True)
class ExplicitNetwork:
    """A model unrolled over `steps`, with a symbol for every entry.

    Attributes:
        model: the network's description.
        steps: T.
        loss_steps: the steps whose losses L_t are summed.
        symbols: name → matrix of symbols: U, W, V, b, c, s0 (shapes as the model's
            convention stores them; vectors as columns), x_t at the steps where an input
            enters, target_t for MSE.
        classes: (t, c_t) for cross-entropy, c_t = 1 + (t − 1) mod k; empty for MSE.
    """

    model: Model
    steps: int
    loss_steps: tuple[int, ...]
    symbols: dict[str, ImmutableMatrix]
    classes: tuple[tuple[int, int], ...]

    def x(self, t: int) -> ImmutableMatrix:
        """x_t, or the zero vector at a step without input."""
        return self.symbols.get(f"x_{t}", ImmutableMatrix(zeros(self.model.n, 1)))

    def target(self, t: int):
        return dict(self.classes)[t] if self.classes else self.symbols[f"target_{t}"]

    def hidden(self, x: Matrix, s_prev: Matrix) -> Matrix:
        """a = U x + W s_prev + b in the model's convention."""
        p = self.symbols
        return CONVENTION_LAYERS[self.model.convention].hidden(p["U"], p["W"], p["b"], x, s_prev)

    def output(self, s: Matrix) -> Matrix:
        """o = V s + c in the model's convention."""
        p = self.symbols
        return CONVENTION_LAYERS[self.model.convention].output(p["V"], p["c"], s)

    def loss(self, y: Matrix, t: int) -> Expr:
        return LOSS_RULES[self.model.loss].value(y, self.target(t))


def network(model: Model, steps: int, loss_steps: tuple[int, ...] | None = None) -> ExplicitNetwork:
    """The symbols of `model` unrolled over `steps` (losses at model.loss_steps by default)."""
    shapes = model.shapes()
    symbols = {name: _matrix(name, *shapes[name]) for name in ("U", "W", "V")}
    symbols |= {name: vector(name, shapes[name][0]) for name in ("b", "c")}
    symbols["s0"] = vector("s", model.d, 0)
    symbols |= {f"x_{t}": vector("x", model.n, t) for t in model.input_steps(steps)}
    loss_steps = model.loss_steps(steps) if loss_steps is None else loss_steps
    classes = ()
    if model.loss == "cross_entropy":
        classes = tuple((t, default_class(t, model.k)) for t in loss_steps)
    else:
        symbols |= {f"target_{t}": vector("target", model.k, t) for t in loss_steps}
    return ExplicitNetwork(model, steps, tuple(loss_steps), symbols, classes)


# --- the two forms of the forward pass ----------------------------------------------------


@dataclass(frozen=True)
class ForwardChain:
    """The forward pass as named entries, each defined in terms of earlier ones.

    Attributes:
        definitions: (symbol, definition) pairs in dependency order.
        pre, states, primes: t ↦ a_t as an expression in s_{t−1} (d×1), s_t and σ'(a_t) as
            column matrices of symbols (states[0] is s_0).
        outputs, predictions: t ↦ o_t as an expression in s_t, y_t as symbols (loss steps).
    """

    definitions: tuple[tuple[Symbol, Expr], ...]
    pre: dict[int, Matrix]
    states: dict[int, Matrix]
    primes: dict[int, Matrix]
    outputs: dict[int, Matrix]
    predictions: dict[int, Matrix]


def forward_chain(net: ExplicitNetwork) -> ForwardChain:
    """Name every intermediate entry: a_t = U x_t + W s_{t−1} + b, s_t = σ(a_t), σ'(a_t),
    and o_t = V s_t + c, y_t = O(o_t) at the loss steps."""
    model = net.model
    act = ACTIVATION_FUNCTIONS[model.activation]
    prime_from_state = ACTIVATIONS[model.activation].prime_from_state
    defs: list[tuple[Symbol, Expr]] = []
    pre, states, primes, outputs, predictions = {}, {0: net.symbols["s0"]}, {}, {}, {}

    def name(base: str, t: int, values: Matrix) -> ImmutableMatrix:
        symbols = vector(base, len(values), t)
        defs.extend(zip(symbols, values, strict=True))
        return symbols

    for t in range(1, net.steps + 1):
        pre[t] = net.hidden(net.x(t), states[t - 1])
        a = name("a", t, pre[t])
        states[t] = name("s", t, a.applyfunc(act))
        primes[t] = name("sigmaprime", t, states[t].applyfunc(prime_from_state))
        if t in net.loss_steps:
            outputs[t] = net.output(states[t])
            o = name("o", t, outputs[t])
            predictions[t] = name("y", t, OUTPUT_RULES[model.output].forward(o))
    return ForwardChain(tuple(defs), pre, states, primes, outputs, predictions)


@dataclass(frozen=True)
class UnrolledLoss:
    """L as one nested expression, and the atoms it is made of.

    Attributes:
        loss: Σ_t L_t in the weights, inputs and targets only.
        atoms: σ(a_{t,i}) written out in full ↦ the symbol s_{t,i} of the forward chain, for
            the comparison of a direct derivative with the BPTT sum.
        outputs: t ↦ o_t written out in full (k×1), at the loss steps.
    """

    loss: Expr
    atoms: dict[Expr, Symbol]
    outputs: dict[int, Matrix]


def unrolled_loss(net: ExplicitNetwork) -> UnrolledLoss:
    """L = Σ_t L_t with every state substituted into the next: nothing named, nothing reused
    from the BPTT code."""
    act = ACTIVATION_FUNCTIONS[net.model.activation]
    output = OUTPUT_RULES[net.model.output].forward
    s, loss, atoms, outputs = net.symbols["s0"], 0, {}, {}
    for t in range(1, net.steps + 1):
        s = net.hidden(net.x(t), s).applyfunc(act)
        atoms |= {full: entry("s", t, i) for i, full in enumerate(s, start=1)}
        if t in net.loss_steps:
            outputs[t] = net.output(s)
            loss += net.loss(output(outputs[t]), t)
    return UnrolledLoss(loss, atoms, outputs)
