"""The NumPy RNN against PyTorch autograd, in float64.

The torch side is written independently of rnnsym: an explicit loop of torch operations for
every valid model (and, with detach() at the right places, for truncated BPTT), and
torch.nn.RNN + nn.Linear + summed cross-entropy for the standard tanh/softmax network.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from rnnsym.model import ACTIVATIONS, ARCHITECTURES, CONVENTIONS, LOSSES, OUTPUTS, Model
from rnnsym.numeric import Params, backward, forward, random_data, random_params

torch = pytest.importorskip("torch")
F = torch.nn.functional

NAMES = ("U", "W", "V", "b", "c", "s0")
VALID = [
    combo
    for combo in itertools.product(ACTIVATIONS, OUTPUTS, LOSSES, ARCHITECTURES, CONVENTIONS)
    if combo[1] in LOSSES[combo[2]].outputs
]

# How a vector row x meets a matrix M in each convention: column a = M x, row a = x M.
AFFINE = {"column": lambda x, m: x @ m.T, "row": lambda x, m: x @ m}
ACTIVATION = {"sigmoid": torch.sigmoid, "tanh": torch.tanh}
OUTPUT = {"softmax": lambda o: torch.softmax(o, -1), "sigmoid": torch.sigmoid,
          "identity": lambda o: o}
CROSS_ENTROPY = {  # −log y_c, from the logits
    "softmax": lambda o, cls: F.cross_entropy(o, cls, reduction="none"),
    "sigmoid": lambda o, cls: -F.logsigmoid(o).gather(-1, cls[:, None])[:, 0],
}


def step_loss(model: Model, o, target):
    """L_t of each sequence, (B,)."""
    if model.loss == "cross_entropy":
        return CROSS_ENTROPY[model.output](o, target.argmax(-1))
    return 0.5 * ((OUTPUT[model.output](o) - target) ** 2).sum(-1)


def torch_leaves(params: Params, s0):
    leaves = {name: torch.tensor(getattr(params, name), dtype=torch.float64,
                                 requires_grad=True) for name in NAMES[:5]}
    leaves["s0"] = torch.tensor(s0, dtype=torch.float64, requires_grad=True)
    return leaves


def torch_loss(model: Model, p: dict, x, targets, cut_before: int | None = None,
               loss_at: int | None = None):
    """The batch loss by an explicit loop over time.

    cut_before: detach s_j for j = cut_before (no gradient flows back through it).
    loss_at: keep only the loss L_t at this step.
    """
    affine, act = AFFINE[model.convention], ACTIVATION[model.activation]
    steps = x.shape[1]
    s, total = p["s0"], torch.zeros((), dtype=torch.float64)
    if cut_before == 0:
        s = s.detach()
    for t in range(1, steps + 1):
        s = act(affine(x[:, t - 1], p["U"]) + affine(s, p["W"]) + p["b"])
        if t == cut_before:
            s = s.detach()
        if t in model.loss_steps(steps) and loss_at in (None, t):
            o = affine(s, p["V"]) + p["c"]
            total = total + step_loss(model, o, targets[:, t - 1]).sum()
    return total


def instance(combo, seed: int, batch: int = 3):
    act, out, loss, arch, conv = combo
    rng = np.random.default_rng(seed)
    model = Model(n=int(rng.integers(1, 6)), d=int(rng.integers(1, 7)),
                  k=int(rng.integers(1, 5)), activation=act, output=out, loss=loss,
                  architecture=arch, convention=conv)
    steps = 1 if ARCHITECTURES[arch].max_steps == 1 else int(rng.integers(2, 9))
    params = random_params(model, rng, scale=float(rng.uniform(0.3, 1.2)))
    return model, params, random_data(model, steps, batch, rng)


def assert_close(ours, theirs, name):
    theirs = theirs.detach().numpy()
    assert ours.shape == theirs.shape, name
    scale = max(1.0, float(np.max(np.abs(theirs), initial=0.0)))
    np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12 * scale, err_msg=name)


@pytest.mark.parametrize("combo", VALID, ids=lambda c: "-".join(c))
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_loss_and_gradients_equal_autograd(combo, seed):
    model, params, data = instance(combo, seed, batch=1 + seed)
    p = torch_leaves(params, data.s0)
    loss = torch_loss(model, p, torch.from_numpy(data.x), torch.from_numpy(data.targets))
    loss.backward()
    ours = forward(model, params, data).loss
    assert ours == pytest.approx(loss.item(), rel=1e-12, abs=1e-14)
    grads = backward(model, params, data).as_dict()
    for name in NAMES:
        assert_close(grads[name], p[name].grad, name)


@pytest.mark.parametrize("combo", VALID[::4], ids=lambda c: "-".join(c))
@pytest.mark.parametrize("window", [1, 2, 3, 7, 8, 9])
def test_truncated_gradients_equal_autograd_with_detach(combo, window):
    """Each L_t through a graph cut at s_{t−K}: exactly the terms with t − k < K."""
    model, params, data = instance(combo, seed=4, batch=2)
    x, targets = torch.from_numpy(data.x), torch.from_numpy(data.targets)
    p = torch_leaves(params, data.s0)
    for t in model.loss_steps(data.x.shape[1]):
        cut = t - window
        torch_loss(model, p, x, targets, cut_before=cut if cut >= 0 else None,
                   loss_at=t).backward()
    grads = backward(model, params, data, truncate=window).as_dict()
    for name in NAMES:
        theirs = p[name].grad if p[name].grad is not None else torch.zeros(p[name].shape)
        assert_close(grads[name], theirs.double(), name)


@pytest.mark.parametrize("convention", sorted(CONVENTIONS))
@pytest.mark.parametrize("architecture", ["many-to-many", "many-to-one"])
@pytest.mark.parametrize("seed", [0, 1])
def test_torch_nn_rnn_with_summed_cross_entropy(convention, architecture, seed):
    rng = np.random.default_rng(100 + seed)
    model = Model(n=5, d=7, k=4, architecture=architecture, convention=convention)
    params = random_params(model, rng, scale=0.7)
    data = random_data(model, steps=6, batch=4, rng=rng)
    to_col = (lambda m: m.T) if CONVENTIONS[convention].transposed else (lambda m: m)

    rnn = torch.nn.RNN(5, 7, nonlinearity="tanh", batch_first=True, dtype=torch.float64)
    head = torch.nn.Linear(7, 4, dtype=torch.float64)
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(torch.from_numpy(to_col(params.U)))
        rnn.weight_hh_l0.copy_(torch.from_numpy(to_col(params.W)))
        # nn.RNN adds two biases; their sum is b, split unevenly on purpose.
        rnn.bias_ih_l0.copy_(torch.from_numpy(0.3 * params.b))
        rnn.bias_hh_l0.copy_(torch.from_numpy(params.b - 0.3 * params.b))
        head.weight.copy_(torch.from_numpy(to_col(params.V)))
        head.bias.copy_(torch.from_numpy(params.c))
    h0 = torch.tensor(data.s0[None], dtype=torch.float64, requires_grad=True)
    states, _ = rnn(torch.from_numpy(data.x), h0)
    classes = torch.from_numpy(data.targets.argmax(-1))
    if architecture == "many-to-one":
        states, classes = states[:, -1:], classes[:, -1:]
    logits = head(states)
    loss = F.cross_entropy(logits.reshape(-1, 4), classes.reshape(-1), reduction="sum")
    loss.backward()

    assert forward(model, params, data).loss == pytest.approx(loss.item(), rel=1e-12)
    grads = backward(model, params, data)
    from_col = to_col  # transposing is its own inverse
    np.testing.assert_allclose(rnn.bias_ih_l0.grad.numpy(), rnn.bias_hh_l0.grad.numpy())
    pairs = {
        "U": from_col(rnn.weight_ih_l0.grad), "W": from_col(rnn.weight_hh_l0.grad),
        "b": rnn.bias_ih_l0.grad, "V": from_col(head.weight.grad), "c": head.bias.grad,
        "s0": h0.grad[0],
    }
    for name, theirs in pairs.items():
        assert_close(getattr(grads, name), theirs, name)
