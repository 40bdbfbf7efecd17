"""Run an instance: states, outputs, loss and every gradient, in the layout the user gave.

Example:
    >>> from rnnsym.instance import parse_instance
    >>> inst = parse_instance({"U": [[1.0]], "W": [[0.0]], "b": [0.0], "x": [[0.0], [0.0]],
    ...                        "V": [[1.0], [0.0]], "c": [0.0, 0.0], "targets": [0, 1]})
    >>> result = run_instance(inst)
    >>> result.states.shape, round(result.loss, 6)   # y = softmax(0, 0) at both steps
    ((2, 1), 1.386294)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rnnsym import numeric
from rnnsym.clipping import Clipped, clip_by_norm
from rnnsym.instance import Instance

CLIPPED = ("U", "W", "V", "b", "c")  # the weights; s0's gradient is reported unclipped


@dataclass(frozen=True)
class RunResult:
    """The forward pass and the gradients of one instance.

    Attributes:
        states: s_1..s_T, (T, d) for one sequence or (B, T, d) for a batch (as x was given).
        outputs: y_1..y_T, (T, k) or (B, T, k); None without an output layer.
        step_losses: L_t, (T,) or (B, T), 0 where the architecture takes no loss; None
            without targets.
        loss: the sum of the step losses over steps and sequences; None without targets.
        grads: ∂L/∂θ by name, each in the shape its parameter was given; None without
            targets.
        truncate: the truncation window K of BPTT, or None for full BPTT.
        clip: the norm clipping of the weights' gradients (U, W, V, b, c together), or None.
    """

    states: np.ndarray
    outputs: np.ndarray | None
    step_losses: np.ndarray | None
    loss: float | None
    grads: dict[str, np.ndarray] | None
    truncate: int | None
    clip: Clipped | None


def run_instance(inst: Instance, truncate: int | None = None,
                 clip: float | None = None) -> RunResult:
    """Forward, and with targets backward (truncated to K steps, clipped by norm if asked).

    Raises:
        numeric.NonFiniteError: the numbers overflowed.
        ValueError: truncate or clip is not positive.
    """
    fwd = numeric.forward(inst.model, inst.params, inst.data)
    keep = lambda a: None if a is None else inst.layout(a)  # noqa: E731
    grads, clipped = None, None
    if inst.has_loss:
        grads = inst.user_grads(numeric.backward(inst.model, inst.params, inst.data, truncate))
        if clip is not None:
            clipped = clip_by_norm({name: grads[name] for name in CLIPPED}, clip)
            grads = {**grads, **clipped.grads}
    return RunResult(states=inst.layout(fwd.s), outputs=keep(fwd.y),
                     step_losses=keep(fwd.losses), loss=fwd.loss, grads=grads,
                     truncate=truncate, clip=clipped)
