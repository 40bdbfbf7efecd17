"""How many parameters a recurrent network has, matrix by matrix, in each library's convention.

Every rule is a row of a table: a cell type has a gate multiple g (one block of weights per
gate), a bias convention says how many bias vectors of length g·h a layer has, and a preset
names the bias convention a library uses for each cell. For a layer with input size i and
hidden size h, per direction:

    U: g·h·i      W: g·h·h      biases: (vectors)·g·h

A bidirectional layer has two of everything, and a stacked layer after it reads 2h inputs.
The output layer V maps the last hidden state (h·directions) to the outputs, plus a bias c
of the outputs' length when the convention has biases.

Example:
    >>> import sympy
    >>> terms = breakdown(Network(sympy.Integer(1), sympy.Integer(10), sympy.Integer(0),
    ...                           bias="single"))
    >>> [(t.name, int(t.count)) for t in terms]
    [('U', 10), ('W', 100), ('b', 10)]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rnnsym.model import choose
from rnnsym.solvers.base import SolveError
from rnnsym.solvers.fmt import uni

MAX_LAYERS = 64
LAYERS = ("input", "hidden", "output")  # the sizes a Network has, in the order they are named


@dataclass(frozen=True)
class Cell:
    """A recurrent cell type: `gates` blocks of (U, W, b), stacked into one matrix."""

    name: str
    gates: int
    text: str


@dataclass(frozen=True)
class Bias:
    """A bias convention: `vectors` bias vectors of length g·h per layer and direction.

    Attributes:
        names: the names the library gives those vectors.
        cells: the cells it applies to (None: all).
    """

    name: str
    vectors: int
    names: tuple[str, ...]
    cells: tuple[str, ...] | None
    text: str


@dataclass(frozen=True)
class Preset:
    """A library's way of counting: the bias convention it uses for each cell."""

    name: str
    bias: Mapping[str, str]
    text: str


CELLS: Mapping[str, Cell] = {
    "rnn": Cell("rnn", 1, "vanilla RNN (one block)"),
    "lstm": Cell("lstm", 4, "LSTM (input, forget, cell and output gates: 4 blocks)"),
    "gru": Cell("gru", 3, "GRU (reset, update and candidate: 3 blocks)"),
}

BIASES: Mapping[str, Bias] = {
    "none": Bias("none", 0, (), None, "weights only, no biases (the notes)"),
    "single": Bias("single", 1, ("b",), None, "one bias vector per layer (Keras)"),
    "double": Bias("double", 2, ("b_ih", "b_hh"), None,
                   "an input and a recurrent bias vector (PyTorch's b_ih and b_hh)"),
    "reset_after": Bias("reset_after", 2, ("b",), ("gru",),
                        "Keras's GRU with reset_after=True: one bias of shape (2, 3h)"),
}

PRESETS: Mapping[str, Preset] = {
    "notes": Preset("notes", {"rnn": "none", "lstm": "none", "gru": "none"},
                    "the course notes: weights only"),
    "keras": Preset("keras", {"rnn": "single", "lstm": "single", "gru": "reset_after"},
                    "Keras model.summary (GRU with reset_after=True, Keras's default)"),
    "pytorch": Preset("pytorch", {"rnn": "double", "lstm": "double", "gru": "double"},
                      "PyTorch sum(p.numel() for p in module.parameters())"),
}


@dataclass(frozen=True)
class Network:
    """The sizes and choices that fix a parameter count.

    Attributes:
        input, hidden, output: SymPy expressions (integers or polynomials in one unknown);
            output 0 means no output layer (the recurrent layer alone).
        cell, bias: keys of CELLS and BIASES.
        layers: stacked recurrent layers; the later ones read the hidden state as input.
        bidirectional: each layer runs forwards and backwards with its own weights.
    """

    input: object
    hidden: object
    output: object
    cell: str = "rnn"
    bias: str = "none"
    layers: int = 1
    bidirectional: bool = False

    def __post_init__(self) -> None:
        choose(CELLS, self.cell, "cell")
        bias = choose(BIASES, self.bias, "bias")
        if bias.cells is not None and self.cell not in bias.cells:
            raise SolveError(f"bias {self.bias!r} applies only to {', '.join(bias.cells)}")
        if isinstance(self.layers, bool) or not isinstance(self.layers, int) or not (
            1 <= self.layers <= MAX_LAYERS
        ):
            raise SolveError(f"layers must be a whole number from 1 to {MAX_LAYERS}, "
                             f"got {self.layers!r}")

    @property
    def directions(self) -> int:
        return 2 if self.bidirectional else 1


@dataclass(frozen=True)
class Term:
    """One matrix or bias of the count.

    Attributes:
        name: "U", "W", "b" (or "b_ih", "b_hh"), "V", "c"; with the layer's number when
            there are several layers ("U2").
        what: what it connects, in words.
        factors: the numbers whose product is the count (directions, gates, rows, columns).
        count: their product, expanded.
    """

    name: str
    what: str
    factors: tuple
    count: object

    @property
    def product_text(self) -> str:
        """The factors as a student writes them: "n · n/2", and "(n/2)²" for W's h · h."""
        factors = list(self.factors)
        square = len(factors) >= 2 and factors[-1] == factors[-2]
        if square:
            factors.pop()
        out = [f"({uni(f)})" if f.is_Add else uni(f) for f in factors]
        if square:
            last = factors[-1]
            wrap = last.is_Add or last.is_Mul or last.is_Pow or "/" in out[-1]
            text = uni(last)
            out[-1] = (f"({text})" if wrap else text) + "²"
        return " · ".join(out)


def _term(name: str, what: str, *factors):
    import sympy

    exact = (f if isinstance(f, sympy.Basic) else sympy.Integer(f) for f in factors)
    kept = tuple(f for f in exact if f != 1) or (sympy.Integer(1),)
    return Term(name, what, kept, sympy.expand(sympy.Mul(*kept)))


def _layer_terms(net: Network, layer: int, inputs: tuple) -> list[Term]:
    gates, h, dirs = CELLS[net.cell].gates, net.hidden, net.directions
    suffix = str(layer) if net.layers > 1 else ""
    source = "input" if layer == 1 else f"layer {layer - 1}'s hidden state"
    terms = [
        _term(f"U{suffix}", f"{source} → hidden", dirs, gates, *inputs, h),
        _term(f"W{suffix}", "hidden → hidden", dirs, gates, h, h),
    ]
    bias = BIASES[net.bias]
    per_name = bias.vectors // len(bias.names) if bias.names else 0
    for name in bias.names:
        terms.append(_term(f"{name}{suffix}", "hidden bias", dirs, per_name, gates, h))
    return terms


def breakdown(net: Network) -> tuple[Term, ...]:
    """Every matrix and bias of the network with its count, in the order a student lists them.

    Example:
        >>> import sympy
        >>> n = sympy.Symbol("n")
        >>> [t.product_text for t in breakdown(Network(n, n / 2, sympy.Integer(2)))]
        ['n · n/2', '(n/2)²', 'n/2 · 2']
    """
    terms: list[Term] = []
    for layer in range(1, net.layers + 1):
        inputs = (net.input,) if layer == 1 else (net.directions, net.hidden)
        terms += _layer_terms(net, layer, inputs)
    if net.output != 0:
        terms.append(_term("V", "hidden → output", net.directions, net.hidden, net.output))
        if net.bias != "none":
            terms.append(_term("c", "output bias", net.output))
    return tuple(terms)


def total(net: Network):
    """The parameter count, expanded (an Integer, or a polynomial in the unknown).

    Example:
        >>> import sympy
        >>> int(total(Network(*map(sympy.Integer, (32, 32, 0)), cell="gru", bias="reset_after")))
        6336
    """
    import sympy

    return sympy.expand(sympy.Add(*(t.count for t in breakdown(net))))


def bias_for(preset: str, cell: str) -> str:
    """The bias convention a preset uses for a cell (Keras: reset_after for GRU)."""
    return choose(PRESETS, preset, "convention").bias[choose(CELLS, cell, "cell").name]
