"""`rnnsym derive`: BPTT derivations, printed as the notes write them.

Exit codes: 0 done (and --verify passed), 1 --verify found a difference, 3 a usage error (an
unknown parameter, --steps 0, a --loss-at that is not a loss step, --truncate 0, a malformed
--dims, an unknown --format, architecture, activation or convention), reported as one line
on stderr. SymPy and NumPy are imported only when a derivation needs them.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from rnnsym.cli._common import EXIT_FAILED, EXIT_USAGE, emit_json, fail

FORMATS = ("text", "unicode", "latex", "markdown", "json")
DIM_DEFAULTS = {"n": 2, "d": 3, "k": 2}
# The explicit view differentiates every entry symbolically: past these sizes SymPy would
# run for minutes, so the command refuses rather than hang.
EXPLICIT_LIMITS = {"steps": 8, "n": 6, "d": 6, "k": 6}


def parse_int(text: str | None, option: str, minimum: int = 1) -> int | None:
    """An integer option given as text (so that a bad value is our usage error, exit 3)."""
    if text is None:
        return None
    value = text.strip()
    if not value.isdigit() or int(value) < minimum:
        kind = "a positive integer" if minimum == 1 else f"an integer ≥ {minimum}"
        raise ValueError(f"{option} must be {kind}, got {text!r}")
    return int(value)


def parse_dims(text: str) -> tuple[int, int, int]:
    """`"n=2,d=3,k=2"` → (2, 3, 2); a size left out keeps its default (n=2, d=3, k=2)."""
    values, seen = dict(DIM_DEFAULTS), set()
    for part in text.split(","):
        key, sep, value = (piece.strip() for piece in part.partition("="))
        if not sep or key not in DIM_DEFAULTS or key in seen:
            raise ValueError(f"--dims takes sizes as n=2,d=3,k=2, got {text!r}")
        values[key] = parse_int(value, f"--dims {key}")
        seen.add(key)
    return values["n"], values["d"], values["k"]


def _check_small(steps: int, dims: tuple[int, int, int]) -> None:
    sizes = dict(zip("ndk", dims, strict=True), steps=steps)
    too_big = [f"{name} = {sizes[name]} > {limit}" for name, limit in EXPLICIT_LIMITS.items()
               if sizes[name] > limit]
    if too_big:
        raise ValueError(f"the explicit view is for small networks: {', '.join(too_big)}")


def derive(
    param: Annotated[str, typer.Argument(
        metavar="PARAM", help="W, U, b, V, c or s0 (also written dW, dL/dW).")],
    steps: Annotated[str, typer.Option("--steps", "-T", metavar="T",
                                       help="Number of time steps T.")] = "4",
    loss_at: Annotated[str | None, typer.Option(
        "--loss-at", metavar="t", help="Take the loss L_t of this one step only.")] = None,
    truncate: Annotated[str | None, typer.Option(
        "--truncate", "-K", metavar="K",
        help="Truncated BPTT: keep only the terms with t - k < K.")] = None,
    architecture: Annotated[str, typer.Option(
        help="many-to-many, many-to-one, one-to-many or one-to-one.")] = "many-to-many",
    activation: Annotated[str, typer.Option(help="tanh or sigmoid.")] = "tanh",
    convention: Annotated[str, typer.Option(help="column (a = U x + W s + b) or row.")] = "column",
    expand: Annotated[bool, typer.Option(
        "--expand", help="Write each ds_i/ds_(i-1) as diag(sigma'(a_i)) W, with the bounds.")
    ] = False,
    dims: Annotated[str | None, typer.Option(
        metavar="n=2,d=3,k=2", help="Explicit view: the gradient with these sizes.")] = None,
    verify: Annotated[bool, typer.Option(
        "--verify", help="Check the BPTT sum against SymPy and NumPy (exit 1 on failure).")
    ] = False,
    seed: Annotated[str, typer.Option(metavar="SEED", help="Seed of --verify's points.")] = "0",
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT",
                                     help="text, unicode, latex, markdown or json.")] = "unicode",
    json_out: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
) -> None:
    """Derive dL/dPARAM by the chain rule through time, term by term."""
    from rnnsym.derivation import derive as build

    fmt = "json" if json_out else fmt
    try:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
        sizes = parse_dims(dims) if dims is not None else None
        seed_value = parse_int(seed, "--seed", minimum=0)
        derivation = build(param, parse_int(steps, "--steps"),
                           loss_at=parse_int(loss_at, "--loss-at"),
                           truncate=parse_int(truncate, "--truncate"),
                           architecture=architecture, activation=activation,
                           convention=convention)
        if verify and sizes is None:
            sizes = tuple(DIM_DEFAULTS.values())
        if sizes is not None:
            _check_small(derivation.steps, sizes)
    except ValueError as error:  # DerivationError and ModelError are ValueErrors
        fail(str(error), EXIT_USAGE)
    explicit, check = _explicit_results(derivation, sizes, dims is not None, verify, seed_value)
    expansion = derivation.expansion(sizes[1] if sizes else 3) if expand else None
    OUTPUTS[fmt](derivation, fmt, expansion, sizes, explicit, check)
    if check is not None and not check.passed:
        raise typer.Exit(EXIT_FAILED)


def _explicit_results(derivation, sizes, show: bool, verify: bool, seed: int):
    """(explicit gradient or None, verification or None), from rnnsym.explicit."""
    if sizes is None:
        return None, None
    try:
        explicit = derivation.explicit(sizes) if show else None
        check = derivation.verify(sizes, seed=seed) if verify else None
    except ImportError:
        fail("the explicit view (rnnsym.explicit) is not available in this installation",
             EXIT_FAILED)
    except ValueError as error:  # ModelError included: sizes the model refuses
        fail(str(error), EXIT_USAGE)
    return explicit, check


# --- one printer per format -----------------------------------------------------------------


def _print_rich(derivation, fmt, expansion, sizes, explicit, check) -> None:
    from rich.console import Console

    from rnnsym.render.derive import derivation_view, explicit_view, verification_view

    console = Console(highlight=False)
    console.print(derivation_view(derivation, fmt, expansion))
    if explicit is not None:
        console.print()
        console.print(explicit_view(explicit, sizes, fmt))
    if check is not None:
        console.print()
        console.print(verification_view(check, sizes, fmt))


def _print_latex(derivation, fmt, expansion, sizes, explicit, check) -> None:
    from rnnsym import documents, expanded

    lines = [f"% {documents.title(derivation, 'text')}; "
             f"{documents.options_line(derivation, 'text')}",
             f"% {documents.model_line(derivation, 'text')}",
             *(f"% {line}" for line in documents.summary(derivation, "text")),
             derivation.to_latex(expand=expansion is not None)]
    if expansion is not None:
        lines.append(expanded.expansion_latex(expansion))
        if expanded.bounds(derivation, "latex"):
            lines.append(expanded.bounds_latex(derivation))
    if explicit is not None:
        lines.append(_explicit_latex(explicit))
    if check is not None:
        lines.append(f"% verification: {_check_text(check)}")
    sys.stdout.write("\n".join(lines) + "\n")


def _print_markdown(derivation, fmt, expansion, sizes, explicit, check) -> None:
    from rnnsym import documents

    parts = [documents.markdown_document(derivation, expansion)]
    if explicit is not None:
        n, d, k = sizes
        parts += [f"### Explicit view (n = {n}, d = {d}, k = {k})", "", "$$",
                  _explicit_latex(explicit), "$$", ""]
    if check is not None:
        parts += ["### Verification", "", _check_text(check), ""]
    sys.stdout.write("\n".join(parts))


def _print_json(derivation, fmt, expansion, sizes, explicit, check) -> None:
    from rnnsym.documents import json_document

    doc = json_document(derivation, expansion)
    if explicit is not None:
        doc["explicit"] = {
            "dims": dict(zip("ndk", sizes, strict=True)),
            "matrix": [[str(explicit.matrix[p, q]) for q in range(explicit.matrix.cols)]
                       for p in range(explicit.matrix.rows)],
            "subexpressions": [[str(sym), str(expr)] for sym, expr in explicit.subexpressions],
            "latex": _explicit_latex(explicit),
        }
    if check is not None:
        doc["verification"] = {
            "dims": dict(zip("ndk", sizes, strict=True)),
            "symbolic_difference": None if check.symbolic_difference is None
            else str(check.symbolic_difference),
            "numeric_difference": float(check.numeric_difference),
            "tolerance": check.tolerance, "passed": bool(check.passed),
            "seconds": round(float(check.seconds), 3),
        }
    emit_json(doc)


OUTPUTS = {"text": _print_rich, "unicode": _print_rich, "latex": _print_latex,
           "markdown": _print_markdown, "json": _print_json}


def _explicit_latex(explicit) -> str:
    from sympy import latex

    lhs = f"\\frac{{\\partial L}}{{\\partial {latex(_symbol(explicit.param))}}}"
    rows = [f"{lhs} &= {latex(explicit.matrix)}"]
    rows += [f"{latex(sym)} &= {latex(expr)}" for sym, expr in explicit.subexpressions]
    return "\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}"


def _symbol(param: str):
    from rnnsym.derivation import PARAMS
    from rnnsym.notation import name

    return name(PARAMS[param].symbol)


def _check_text(check) -> str:
    verdict = "passed" if check.passed else "FAILED"
    exact = "not run" if check.symbolic_difference is None else check.symbolic_difference
    return (f"{verdict}: BPTT sum vs direct differentiation, max |difference| = {exact}; "
            f"vs the numeric network, max |difference| = "
            f"{float(check.numeric_difference):.3g} (tolerance {check.tolerance:g})")
