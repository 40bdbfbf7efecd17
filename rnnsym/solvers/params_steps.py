"""The worked solution of a parameter-counting exercise, as a student writes it.

params.py computes; this module only lays the computation out in steps: the sizes and the
counting rule, each matrix's count, the total, and when solving the equation, its roots, the
rejected ones with their reasons, and the check of each answer.
"""

from __future__ import annotations

from rnnsym.solvers.base import Step
from rnnsym.solvers.counting import BIASES, CELLS, LAYERS, Network
from rnnsym.solvers.fmt import latex, uni


def explain_count(net: Network, convention, terms, count, name, counting=False) -> list[Step]:
    cell, bias = CELLS[net.cell], BIASES[net.bias]
    sizes = ", ".join(f"{layer} {uni(getattr(net, layer))}" for layer in LAYERS)
    shape = [cell.text, bias.text]
    if net.layers > 1:
        shape.append(f"{net.layers} stacked layers (each later layer reads the one before)")
    if net.bidirectional:
        shape.append("bidirectional (every layer twice; later layers read 2·hidden inputs)")
    if net.output == 0:
        shape.append("no output layer: the recurrent layer alone")
    steps = [Step(f"Sizes: {sizes}."), Step("Counting: " + "; ".join(shape) + ".")]
    factors = [f"{net.directions} directions" if net.bidirectional else None,
               f"{cell.gates} gate blocks" if cell.gates > 1 else None]
    if any(factors):
        legend = " and ".join(f for f in factors if f)
        steps.append(Step(f"Each recurrent matrix and bias is counted {legend} times."))
    for t in terms:
        formula = f"{t.name} ({t.what}): {t.product_text}"
        if uni(t.count) != t.product_text:
            formula += f" = {uni(t.count)}"
        steps.append(Step(formula, f"{t.name}: {latex(t.count)}"))
    summed = " + ".join(uni(t.count) if not t.count.is_Add else f"({uni(t.count)})"
                        for t in terms)
    line = f"Total: {summed}"
    if summed != uni(count):
        line += f" = {uni(count)}"
    steps.append(Step(line, f"\\text{{total}} = {latex(count)}"))
    if counting and name is not None:
        steps.append(Step(f"The total is {uni(count)} for every {name}; "
                          f"give the total to solve for {name}."))
    return steps


def explain_solve(count, given, symbol, roots, terms) -> list[Step]:
    import sympy

    name = symbol.name
    steps = [Step(f"Equation: {uni(count)} = {given}",
                  f"{latex(count)} = {latex(given)}")]
    poly = sympy.Poly(count - given, symbol)
    if poly.degree() < 1:
        steps.append(Step(f"The total does not depend on {name}, so it cannot determine "
                          f"{name}: no solution."))
        return steps
    factor, cleared = poly.clear_denoms()
    if factor != 1:
        steps.append(Step(f"Multiply by {factor}: {uni(cleared.as_expr())} = 0",
                          f"{latex(cleared.as_expr())} = 0"))
    listed = ", ".join(f"{name} {_shown(r.value)}" for r in roots)
    steps.append(Step(f"Roots: {listed}."))
    for r in roots:
        if not r.accepted:
            steps.append(Step(f"Reject {name} {_shown(r.value)}: {r.reason}."))
    accepted = [r for r in roots if r.accepted]
    for r in accepted:
        sizes = ", ".join(f"{layer} {uni(v)}" for layer, v in r.sizes)
        parts = " + ".join(uni(t.count.subs(symbol, r.value)) for t in terms)
        steps.append(Step(f"Check {name} = {uni(r.value)}: sizes {sizes}; "
                          f"{parts} = {uni(count.subs(symbol, r.value))} ✓"))
    if not accepted:
        steps.append(Step(f"No solution: no root makes every layer size a positive integer, "
                          f"so no network of this shape has exactly {given} parameters."))
    elif len(accepted) > 1:
        values = " and ".join(f"{name} = {uni(r.value)}" for r in accepted)
        steps.append(Step(f"Several solutions: {values} give {given} parameters each."))
    return steps


def _shown(value) -> str:
    """"= root" in one line; a root with no short closed form is shown by its value."""
    if all(part.is_Rational for part in value.as_real_imag()):
        return f"= {uni(value)}"
    approx = uni(value.evalf(6))
    text = uni(value)
    if "CRootOf" in text or len(text) > 40:
        return f"≈ {approx}"
    return f"= {text} ≈ {approx}"
