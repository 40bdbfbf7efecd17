"""Step Jacobians ∂s_t/∂s_{t−1} = diag(σ'(a_t)) W and the norms of their products against the
bound (γλ)^lag, the measured side of the vanishing/exploding-gradient argument.

Example:
    >>> import numpy as np
    >>> from rnnsym.model import Model
    >>> from rnnsym.numeric import random_params
    >>> m = Model(n=2, d=3, k=2, activation="sigmoid")
    >>> p = random_params(m, np.random.default_rng(0))
    >>> r = jacobian_report(m, p, np.zeros((4, 2)), np.zeros(3))
    >>> bool((r.norms <= r.bounds + 1e-12).all()), r.gamma
    (True, 0.25)
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from rnnsym.model import ACTIVATIONS, Model
from rnnsym.numeric import Data, Params, forward, to_row


def step_jacobians(model: Model, params: Params, x: np.ndarray, s0: np.ndarray) -> np.ndarray:
    """∂s_t/∂s_{t−1} = diag(σ'(a_t)) W (column form) for one sequence; shape (T, d, d).

    Entry [t−1, i, j] is ∂(s_t)_i / ∂(s_{t−1})_j, the same matrix in either convention.
    """
    fwd = forward(model, replace(params, V=None, c=None), Data(x=x[None], s0=s0[None]))
    prime = ACTIVATIONS[model.activation].prime_from_state(fwd.s[0])  # (T, d)
    w_col = to_row(model, params).W.T
    return prime[:, :, None] * w_col[None]


@dataclass(frozen=True)
class JacobianReport:
    """‖∂s_T/∂s_{T−lag}‖₂ for each lag, beside the bound (γλ)^lag.

    Attributes:
        lags: 0..T−1 (lag 0 is the identity, norm 1).
        norms: the measured spectral norms.
        bounds: (γλ)^lag.
        gamma: max σ'.
        lam: ‖W‖₂.
    """

    lags: np.ndarray
    norms: np.ndarray
    bounds: np.ndarray
    gamma: float
    lam: float

    @property
    def rate(self) -> float:
        """γλ, the factor of the bound per step."""
        return self.gamma * self.lam


def jacobian_report(model: Model, params: Params, x: np.ndarray, s0: np.ndarray) -> JacobianReport:
    """Multiply the step Jacobians from t = T backwards and measure each product's norm."""
    jac = step_jacobians(model, params, x, s0)
    steps, d = jac.shape[0], model.d
    product = np.eye(d)
    norms = np.empty(steps)
    norms[0] = 1.0
    for lag in range(1, steps):
        product = product @ jac[steps - lag]  # ∂s_T/∂s_{T−lag}
        norms[lag] = np.linalg.norm(product, 2)
    lam = float(np.linalg.norm(to_row(model, params).W, 2))
    gamma = float(model.gamma)
    lags = np.arange(steps)
    return JacobianReport(lags=lags, norms=norms, bounds=(gamma * lam) ** lags, gamma=gamma,
                          lam=lam)


def scaled_to_norm(matrix: np.ndarray, norm: float) -> np.ndarray:
    """`matrix` rescaled so that its spectral norm is `norm`."""
    return matrix * (norm / np.linalg.norm(matrix, 2))
