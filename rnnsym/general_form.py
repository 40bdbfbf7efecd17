"""The general formula of a BPTT derivation in Σ/Π form, as the notes write it.

    ∂L/∂W = Σ_{t=1}^{T} Σ_{k=1}^{t} ∂L_t/∂y_t ∂y_t/∂s_t (Π_{i=k+1}^{t} ∂s_i/∂s_{i−1}) ∂s_k/∂W

adapted to the parameter, the loss taken (every step, the last, or one L_t), the truncation
window K and the architecture. The formula is plain data (sums, then a product of factors)
printed by the styles of rnnsym.typeset, without SymPy.

Example:
    >>> form = general_form("recurrent", "W", t_value=None, symbolic_t="t", truncate=None)
    >>> print(form.typeset("unicode"))
    ∂L/∂W = Σ_{t=1}^{T} Σ_{k=1}^{t} ∂Lₜ/∂yₜ ∂yₜ/∂sₜ (Π_{i=k+1}^{t} ∂sᵢ/∂sᵢ₋₁) ∂sₖ/∂W
"""

from __future__ import annotations

from dataclasses import dataclass

from rnnsym.typeset import STYLES, typeset_factor


@dataclass(frozen=True)
class Bound:
    """Σ or Π over `index` from `lower` to `upper` (bounds as ASCII text: "max(1, t-K+1)")."""

    index: str
    lower: str
    upper: str


@dataclass(frozen=True)
class Product:
    """Π_{i=lower}^{upper} ∂s_i/∂s_{i−1}: the Jacobians of the recurrence, latest first."""

    bound: Bound


@dataclass(frozen=True)
class GeneralForm:
    """lhs = sums body, or lhs = 0 when no term survives (`zero_reason` says why).

    Attributes:
        lhs: the pair (numerator, denominator) of the left-hand side, e.g. ("L", "W").
        sums: the Σ's, outermost first.
        body: the product: factor pairs and Products, in chain-rule order.
        zero_reason: empty unless the whole derivative is zero.
    """

    lhs: tuple[str, str]
    sums: tuple[Bound, ...]
    body: tuple[tuple[str, str] | Product, ...]
    zero_reason: str = ""

    def typeset(self, style_name: str = "unicode") -> str:
        """The formula in one of the styles of rnnsym.typeset ("text", "unicode", "latex")."""
        return f"{typeset_factor(self.lhs, style_name)} = {self.rhs(style_name)}"

    def rhs(self, style_name: str = "unicode") -> str:
        """The right-hand side alone."""
        return STYLES[style_name].times.join(self.chunks(style_name))

    def chunks(self, style_name: str = "unicode") -> list[str]:
        """The right-hand side as unbreakable pieces: each Σ, each factor, the (Π …) group."""
        if self.zero_reason:
            return ["0"]
        row = STYLES[style_name]
        sums = [row.sum_of.format(index=b.index, lower=row.bound(b.lower),
                                  upper=row.bound(b.upper)) for b in self.sums]
        return sums + [_piece(p, style_name) for p in self.body]


def _piece(piece, style_name: str) -> str:
    if not isinstance(piece, Product):
        return typeset_factor(piece, style_name)
    row, b = STYLES[style_name], piece.bound
    prod = row.prod_of.format(index=b.index, lower=row.bound(b.lower), upper=row.bound(b.upper))
    inner = typeset_factor(("s_i", "s_i-1"), style_name)
    return f"{row.group[0]}{prod}{inner}{row.group[1]}"


def _after(value: str, offset: int) -> str:
    """`value + offset` as text: a number when value is one ("4", 1 → "5"), else "t+1"."""
    if value.isdigit():
        return str(int(value) + offset)
    return value if offset == 0 else f"{value}{offset:+d}"


def general_form(path: str, symbol: str, *, t_value: int | None, symbolic_t: str,
                 truncate: int | None, first_input_only: bool = False) -> GeneralForm:
    """The general formula of ∂L/∂θ for one kind of path.

    Args:
        path: "recurrent" (W, U, b), "output" (V, c) or "initial" (s_0).
        symbol: the parameter's Symbol name ("W", "s_0").
        t_value: the one loss step's number when only one loss is taken, else None.
        symbolic_t: "t" (a sum over every step's loss), "T" (the last step's only), or the
            number of the one step asked for.
        truncate: the window K of truncated BPTT, or None.
        first_input_only: the input enters at step 1 only and ∂s_k/∂θ needs it (U,
            one-to-many): only k = 1 survives.
    """
    t = symbolic_t
    lhs = ("L" if t in ("t", "T") else f"L_{t}", symbol)
    head = (("L_" + t, "y_" + t),)
    t_sum_upper = "T"
    if path == "output":
        return _finish(lhs, t, t_sum_upper, (), head + (("y_" + t, symbol),))
    if path == "initial":
        k, k_sums = "0", ()
    elif first_input_only:
        k, k_sums = "1", ()
    else:
        lower = "1" if truncate is None else _window_start(t, t_value, truncate)
        k, k_sums = "k", (Bound("k", lower, t),)
    body = head + (("y_" + t, "s_" + t), Product(Bound("i", _after(k, 1), t)))
    if path != "initial":
        body += ((f"s_{k}", symbol),)
    if truncate is not None and not k_sums:
        # k is fixed, so the window keeps only the losses at t ≤ k + K − 1.
        reach = int(k) + truncate - 1
        if reach < 1 or (t_value is not None and t_value > reach):
            last = t_value if t_value is not None else 1
            return GeneralForm(lhs, (), (), f"t − k = {last - int(k)} ≥ K = {truncate}")
        t_sum_upper = "min(T, K)" if k == "1" else "min(T, K-1)"
    return _finish(lhs, t, t_sum_upper, k_sums, body)


def _window_start(t: str, t_value: int | None, truncate: int) -> str:
    if t_value is not None:
        return str(max(1, t_value - truncate + 1))
    return f"max(1, {t}-K+1)"


def _finish(lhs, t: str, t_upper: str, k_sums, body) -> GeneralForm:
    t_sums = (Bound("t", "1", t_upper),) if t == "t" else ()
    return GeneralForm(lhs, t_sums + tuple(k_sums), tuple(body))
