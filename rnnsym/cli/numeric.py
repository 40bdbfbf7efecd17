"""`rnnsym run`, `rnnsym gradcheck`, `rnnsym vanish`: the numeric network from the shell."""

from __future__ import annotations

from rnnsym.cli._common import EXIT_USAGE, fail


def run() -> None:
    """Run an instance file: states, outputs, loss and every gradient."""
    fail("not built yet", EXIT_USAGE)


def gradcheck() -> None:
    """Compare BPTT gradients with finite differences."""
    fail("not built yet", EXIT_USAGE)


def vanish() -> None:
    """Measure ‖∂s_t/∂s_k‖ beside the bound (γλ)^(t−k)."""
    fail("not built yet", EXIT_USAGE)
