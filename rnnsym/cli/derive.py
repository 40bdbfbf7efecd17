"""`rnnsym derive`: BPTT derivations, printed as the notes write them."""

from __future__ import annotations

from rnnsym.cli._common import EXIT_USAGE, fail


def derive() -> None:
    """Derive ∂L/∂θ by the chain rule through time."""
    fail("not built yet", EXIT_USAGE)
