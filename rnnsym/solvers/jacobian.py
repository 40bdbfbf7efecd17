"""The one-step Jacobian ∂s_i/∂s_{i−1} = diag(σ'(a_i)) W, symbolically and for given numbers.

From s_i = σ(a_i), a_i = U x_i + W s_{i−1} + b: the chain rule gives ∂s_i/∂a_i = diag(σ'(a_i))
(σ acts entrywise) and ∂a_i/∂s_{i−1} = W, so entry (j, l) is σ'(a_{i,j}) · W_{jl}: row j of W
scaled by σ' of unit j. σ' is written through the state: s(1 − s) for sigmoid, 1 − s² for tanh.
In the row convention (a_i = x_i U + s_{i−1} W + b) the same Jacobian is diag(σ'(a_i)) Wᵀ.

Example:
    >>> r = solve("tanh", W="[[1, 2], [3, 4]]", a="[0, 0]")
    >>> r.key.tolist()
    [[1.0, 2.0], [3.0, 4.0]]
"""

from __future__ import annotations

from dataclasses import dataclass

from rnnsym.model import ACTIVATIONS, CONVENTIONS, choose
from rnnsym.solvers.base import SolveError, Step
from rnnsym.solvers.values import parse_array, shape

FORMULAS = {
    "column": ("diag(σ'(a_i)) W", r"\operatorname{diag}(\sigma'(a_i))\, W"),
    "row": ("diag(σ'(a_i)) Wᵀ", r"\operatorname{diag}(\sigma'(a_i))\, W^{\top}"),
}


@dataclass(frozen=True)
class JacobianResult:
    """∂s_i/∂s_{i−1} for an activation, and its value when W and a_i are given.

    Attributes:
        formula, latex: the symbolic form in the convention asked for.
        prime: σ'(a_i) per unit (NumPy, float64) when a_i is given, else None.
        matrix: the Jacobian (NumPy, d × d) when W and a_i are given, else None;
            entry (j, l) is ∂s_{i,j}/∂s_{i−1,l} in either convention.
        norm: its spectral norm; bound: γ‖W‖₂, which the norm never exceeds.
        key: the matrix when computed, else the formula.
        form: the symbolic answer as the Jacobian judge takes it (answers.JacobianKey:
            the activation and the convention); str() of it is the formula.
    """

    activation: str
    convention: str
    formula: str
    latex: str
    prime: object
    matrix: object
    norm: float | None
    bound: float | None
    key: object
    steps: tuple[Step, ...]
    form: object = None

    def as_dict(self) -> dict:
        listed = lambda a: None if a is None else a.tolist()  # noqa: E731
        return {"activation": self.activation, "convention": self.convention,
                "formula": self.formula, "latex": self.latex, "prime": listed(self.prime),
                "matrix": listed(self.matrix), "norm": self.norm, "bound": self.bound,
                "key": listed(self.key) if self.matrix is not None else self.key,
                "steps": [s.as_dict() for s in self.steps]}


def _numbers(W, a):
    import numpy as np

    w = np.array(parse_array(W, "W", ndim=(2,)), dtype=float)
    pre = np.array(parse_array(a, "a_i", ndim=(1,)), dtype=float)
    rows, cols = w.shape
    if rows != cols:
        raise SolveError(f"W must be square (d × d), got {rows} × {cols}")
    if pre.shape != (rows,):
        raise SolveError(f"a_i must have d = {rows} entries, like a row of W; got {shape(a)}")
    return w, pre


def solve(activation: str = "tanh", W=None, a=None, convention: str = "column"):
    """The Jacobian ∂s_i/∂s_{i−1}; numeric when W (d × d) and a_i (length d) are given.

    W is given as the convention stores it; the Jacobian is the same matrix either way.

    Example:
        >>> solve("sigmoid").key
        "diag(σ'(a_i)) W"
    """
    import numpy as np

    from rnnsym.answers.jacobians import JacobianKey
    from rnnsym.numeric import ACTIVATION_FNS

    act = choose(ACTIVATIONS, activation, "activation")
    choose(CONVENTIONS, convention, "convention")
    formula, tex = FORMULAS[convention]
    steps = [
        Step("s_i = σ(a_i), a_i = " + ("U x_i + W s_{i−1} + b" if convention == "column"
                                       else "x_i U + s_{i−1} W + b")),
        Step("∂s_i/∂a_i = diag(σ'(a_i)), since σ acts on each entry alone."),
        Step(f"∂a_i/∂s_{{i−1}} = {'W' if convention == 'column' else 'Wᵀ'}, so "
             f"∂s_i/∂s_{{i−1}} = {formula}: entry (j, l) = σ'(a_{{i,j}}) · "
             f"{'W_jl' if convention == 'column' else 'W_lj'}.",
             rf"\frac{{\partial s_i}}{{\partial s_{{i-1}}}} = {tex}"),
        Step(f"{act.name}: σ' = {act.prime_text} with s = σ(a); at most γ = {act.gamma}."),
    ]
    if (W is None) != (a is None):
        raise SolveError("give both W and a_i for a numeric Jacobian, or neither")
    if W is None:
        return JacobianResult(activation, convention, formula, tex, None, None, None, None,
                              formula, tuple(steps), JacobianKey(activation, convention))
    w, pre = _numbers(W, a)
    w_col = w.T if CONVENTIONS[convention].transposed else w
    prime = act.prime_from_state(ACTIVATION_FNS[activation](pre))
    matrix = prime[:, None] * w_col
    norm = float(np.linalg.norm(matrix, 2))
    bound = float(act.gamma) * float(np.linalg.norm(w, 2))
    fmt = lambda v: "[" + ", ".join(f"{x:.4g}" for x in v) + "]"  # noqa: E731
    steps += [
        Step(f"σ'(a_i) = {fmt(prime)}"),
        Step("∂s_i/∂s_{i−1} = " + "; ".join(fmt(row) for row in matrix) + " (rows)"),
        Step(f"‖∂s_i/∂s_{{i−1}}‖₂ = {norm:.4g} ≤ γ‖W‖₂ = {bound:.4g}"),
    ]
    return JacobianResult(activation, convention, formula, tex, prime, matrix, norm, bound,
                          matrix, tuple(steps), JacobianKey(activation, convention))
