"""Gradient clipping, the remedy for exploding gradients: by the global norm, or elementwise.

Example:
    >>> clip_by_norm(np.array([3.0, 4.0]), 1.0).norm_before
    5.0
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Clipped:
    """The result of clipping a gradient.

    Attributes:
        grads: the clipped gradient(s), same structure as given.
        norm_before, norm_after: the (global, Frobenius) norm before and after.
        clipped: True when the threshold was exceeded and the gradient was rescaled or cut.
        kind: "norm" or "elementwise".
    """

    grads: object
    norm_before: float
    norm_after: float
    clipped: bool
    kind: str


def _global_norm(grads) -> float:
    arrays = grads.values() if isinstance(grads, dict) else [grads]
    return float(np.sqrt(sum(float(np.sum(np.square(g))) for g in arrays)))


def _map(grads, fn):
    return {k: fn(v) for k, v in grads.items()} if isinstance(grads, dict) else fn(grads)


def clip_by_norm(grads, threshold: float) -> Clipped:
    """Norm clipping: if ‖g‖ > threshold then g ← threshold · g / ‖g‖.

    `grads` is one array or a dict of arrays; a dict is clipped by its global norm, as
    torch.nn.utils.clip_grad_norm_ does. The direction of g never changes.

    Example:
        >>> clip_by_norm(np.array([3.0, 4.0]), 1.0).grads
        array([0.6, 0.8])
    """
    if not threshold > 0:
        raise ValueError(f"the clipping threshold must be positive, got {threshold!r}")
    norm = _global_norm(grads)
    if norm <= threshold:
        return Clipped(grads, norm, norm, False, "norm")
    clipped = _map(grads, lambda g: g * (threshold / norm))
    return Clipped(clipped, norm, _global_norm(clipped), True, "norm")


def clip_elementwise(grads, bound: float) -> Clipped:
    """Elementwise clipping (as min-char-rnn does): each entry cut to [−bound, bound].

    Unlike norm clipping this changes the gradient's direction.
    """
    if not bound > 0:
        raise ValueError(f"the clipping bound must be positive, got {bound!r}")
    clipped = _map(grads, lambda g: np.clip(g, -bound, bound))
    arrays = grads.values() if isinstance(grads, dict) else [grads]
    changed = any(np.any(np.abs(g) > bound) for g in arrays)
    return Clipped(clipped, _global_norm(grads), _global_norm(clipped), changed, "elementwise")
