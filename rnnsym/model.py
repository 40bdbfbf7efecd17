"""The network's description: sizes, activation, output, loss, architecture, convention.

Every choice is a row of a table below; the numeric, symbolic and solver modules look rows up
by name instead of branching on strings. This module holds no mathematics beyond those
tables, and imports neither NumPy nor SymPy, so the command line can list choices cheaply.

Example:
    >>> m = Model(n=3, d=4, k=2, activation="sigmoid")
    >>> m.shapes()["U"], m.gamma
    ((4, 3), Fraction(1, 4))
    >>> m.loss_steps(5)
    (1, 2, 3, 4, 5)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction


class ModelError(ValueError):
    """A value of the model's description is not allowed; the message says which and why."""


@dataclass(frozen=True)
class Activation:
    """A hidden-state nonlinearity σ.

    Attributes:
        name: the table key.
        gamma: max σ', the constant of the bound ‖∂s_t/∂s_k‖ ≤ (γλ)^{t−k}.
        prime_from_state: σ'(a) written in terms of s = σ(a); works on floats, arrays and
            SymPy expressions alike, since it is plain arithmetic.
        prime_text: that same rule as the notes write it.
    """

    name: str
    gamma: Fraction
    prime_from_state: Callable
    prime_text: str


@dataclass(frozen=True)
class Output:
    """An output function O, applied to o_t = V s_t + c."""

    name: str
    text: str


@dataclass(frozen=True)
class Loss:
    """A per-step loss L_t and the outputs it is defined for."""

    name: str
    text: str
    outputs: tuple[str, ...]


@dataclass(frozen=True)
class Architecture:
    """Where inputs enter and where losses are taken.

    Attributes:
        inputs_at: "all" (x_t at every step) or "first" (x_1 only).
        losses_at: "all" (L_t at every step) or "last" (L_T only).
        max_steps: 1 for one-to-one, otherwise None.
    """

    name: str
    inputs_at: str
    losses_at: str
    max_steps: int | None
    example: str


@dataclass(frozen=True)
class Convention:
    """How vectors multiply matrices: column (a = U x + W s + b) or row (a = x U + s W + b)."""

    name: str
    formula: str
    transposed: bool  # True when U, W, V are stored as the transposes of the column form


ACTIVATIONS: Mapping[str, Activation] = {
    "sigmoid": Activation("sigmoid", Fraction(1, 4), lambda s: s * (1 - s), "s(1 − s)"),
    "tanh": Activation("tanh", Fraction(1), lambda s: 1 - s**2, "1 − s²"),
}

OUTPUTS: Mapping[str, Output] = {
    "softmax": Output("softmax", "y = softmax(o)"),
    "sigmoid": Output("sigmoid", "y = sigmoid(o), elementwise"),
    "identity": Output("identity", "y = o"),
}

LOSSES: Mapping[str, Loss] = {
    "cross_entropy": Loss("cross_entropy", "L_t = −log y_{t,c_t}", ("softmax", "sigmoid")),
    "mse": Loss("mse", "L_t = ½‖y_t − target_t‖²", ("softmax", "sigmoid", "identity")),
}

ARCHITECTURES: Mapping[str, Architecture] = {
    "many-to-many": Architecture("many-to-many", "all", "all", None, "predictive text"),
    "many-to-one": Architecture("many-to-one", "all", "last", None, "sentiment analysis"),
    "one-to-many": Architecture("one-to-many", "first", "all", None, "image captioning"),
    "one-to-one": Architecture("one-to-one", "first", "last", 1, "image classification"),
}

CONVENTIONS: Mapping[str, Convention] = {
    "column": Convention("column", "s_t = σ(U x_t + W s_{t−1} + b),  o_t = V s_t + c", False),
    "row": Convention("row", "s_t = σ(x_t U + s_{t−1} W + b),  o_t = s_t V + c", True),
}


def choose(table: Mapping[str, object], value: str, what: str):
    """Look `value` up in `table`, or raise a ModelError listing what is allowed.

    Example:
        >>> choose(ACTIVATIONS, "tanh", "activation").gamma
        Fraction(1, 1)
    """
    try:
        return table[value]
    except (KeyError, TypeError):
        allowed = ", ".join(table)
        raise ModelError(f"{what} {value!r} is not allowed; choose one of: {allowed}") from None


def _positive_int(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ModelError(f"{what} must be a positive integer, got {value!r}")
    return value


@dataclass(frozen=True)
class Model:
    """A vanilla RNN: n inputs, d hidden units, k outputs, and the choices of the tables above.

    Attributes:
        n: input size (x_t ∈ Rⁿ).
        d: hidden size (s_t ∈ Rᵈ).
        k: output size (y_t ∈ Rᵏ).
        activation, output, loss, architecture, convention: keys of the tables above.
    """

    n: int
    d: int
    k: int
    activation: str = "tanh"
    output: str = "softmax"
    loss: str = "cross_entropy"
    architecture: str = "many-to-many"
    convention: str = "column"

    def __post_init__(self) -> None:
        _positive_int(self.n, "n (input size)")
        _positive_int(self.d, "d (hidden size)")
        _positive_int(self.k, "k (output size)")
        choose(ACTIVATIONS, self.activation, "activation")
        choose(OUTPUTS, self.output, "output")
        loss = choose(LOSSES, self.loss, "loss")
        choose(ARCHITECTURES, self.architecture, "architecture")
        choose(CONVENTIONS, self.convention, "convention")
        if self.output not in loss.outputs:
            raise ModelError(
                f"loss {self.loss!r} needs output {' or '.join(map(repr, loss.outputs))}, "
                f"not {self.output!r} (−log y is undefined where y can be ≤ 0)"
            )

    @property
    def gamma(self) -> Fraction:
        """γ = max σ' of the activation."""
        return ACTIVATIONS[self.activation].gamma

    @property
    def arch(self) -> Architecture:
        return ARCHITECTURES[self.architecture]

    def check_steps(self, steps: int) -> int:
        """Return `steps` if this architecture allows it, else raise ModelError."""
        _positive_int(steps, "the number of steps T")
        limit = self.arch.max_steps
        if limit is not None and steps > limit:
            raise ModelError(f"{self.architecture} has exactly {limit} step, got T = {steps}")
        return steps

    def input_steps(self, steps: int) -> tuple[int, ...]:
        """The steps t (1-based) at which an input x_t enters."""
        self.check_steps(steps)
        return (1,) if self.arch.inputs_at == "first" else tuple(range(1, steps + 1))

    def loss_steps(self, steps: int) -> tuple[int, ...]:
        """The steps t (1-based) at which a loss L_t is taken."""
        self.check_steps(steps)
        return (steps,) if self.arch.losses_at == "last" else tuple(range(1, steps + 1))

    def shapes(self) -> dict[str, tuple[int, ...]]:
        """The shape of every vector and matrix in this model's convention."""
        n, d, k = self.n, self.d, self.k
        if CONVENTIONS[self.convention].transposed:
            return {"x": (n,), "s": (d,), "y": (k,), "U": (n, d), "W": (d, d), "V": (d, k),
                    "b": (d,), "c": (k,), "s0": (d,)}
        return {"x": (n,), "s": (d,), "y": (k,), "U": (d, n), "W": (d, d), "V": (k, d),
                "b": (d,), "c": (k,), "s0": (d,)}
