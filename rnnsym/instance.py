"""Instance files: a network's choices, its weights and the sequences to run it on, as JSON.

    {"convention": "column", "activation": "tanh", "output": "softmax",
     "loss": "cross_entropy", "architecture": "many-to-many",
     "U": [[…]], "W": [[…]], "V": [[…]], "b": […], "c": […], "s0": […],
     "x": [[…]], "targets": […]}

The five choices default to column, tanh, softmax, cross_entropy, many-to-many. U, W, b
and x are required; n, d, k are read off U, W, V in the convention named. x is (T, n) for
one sequence or (B, T, n) for a batch; s0 is (d,) (shared by the batch) or (B, d), zeros
if absent; targets are class indices (T,)/(B, T) for cross-entropy or vectors
(T, k)/(B, T, k) for MSE. Leave out V, c and targets to run the recurrence alone. The
file is hostile data: every way it can be wrong is refused with one line naming the key
(an InstanceError); nothing in it is ever evaluated as code.

Example:
    >>> inst = parse_instance({"U": [[1.0]], "W": [[0.5]], "b": [0.0], "x": [[1.0], [0.0]]})
    >>> inst.model.d, inst.steps, inst.has_output
    (1, 2, False)
    >>> try:
    ...     parse_instance({"U": [[1.0]], "W": [[0.5]], "b": [0.0, 1.0], "x": [[1.0]]})
    ... except InstanceError as err:
    ...     print(err)
    b: expected shape (1,) (the hidden bias, one per hidden unit; d = 1 from W), got (2,)
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np

from rnnsym import numeric
from rnnsym.instance_arrays import (
    MAX_ENTRIES,
    InstanceError,
    as_array,
    expect_shape,
    fmt_shape,
    matrix_in_convention,
)
from rnnsym.model import CONVENTIONS, Model, ModelError

__all__ = ["Instance", "InstanceError", "load_instance", "parse_instance", "random_instance"]

MAX_FILE_BYTES = 32 << 20
MAX_WORK = 10_000_000  # B·T·max(n, d, k): bounds the largest array a run computes

CHOICES = {"convention": "column", "activation": "tanh", "output": "softmax",
           "loss": "cross_entropy", "architecture": "many-to-many"}
REQUIRED = {"U": "the input weights", "W": "the recurrent weights, d×d",
            "b": "the hidden bias, (d,)", "x": "the inputs, (T, n) or (B, T, n)"}
OPTIONAL = ("V", "c", "s0", "targets", "steps")
ALLOWED = (*CHOICES, *REQUIRED, *OPTIONAL)
GRADIENT_ORDER = ("U", "W", "V", "b", "c", "s0")


@dataclass(frozen=True)
class Instance:
    """A network and a batch, ready for numeric.forward and numeric.backward.

    Attributes:
        model: the sizes and choices (k is 1, and unused, when there is no output layer).
        params: the weights in the model's convention; V and c None without an output layer.
        data: x (B, T, n) zero where no input enters, s0 (B, d), targets (B, T, k) (one-hot
            for cross-entropy) or None, mask (T,).
        batched: x was given as (B, T, n) rather than (T, n).
        shared_s0: s0 was given as (d,) (or not at all): one vector for every sequence.
    """

    model: Model
    params: numeric.Params
    data: numeric.Data
    batched: bool
    shared_s0: bool

    @property
    def has_output(self) -> bool:
        return self.params.V is not None

    @property
    def has_loss(self) -> bool:
        return self.data.targets is not None

    @property
    def steps(self) -> int:
        return self.data.x.shape[1]

    @property
    def batch(self) -> int:
        return self.data.x.shape[0]

    def layout(self, array: np.ndarray) -> np.ndarray:
        """A batch-major (B, T, …) result in the layout x was given: (T, …) for one sequence."""
        return array if self.batched else array[0]

    def user_grads(self, grads: numeric.Gradients) -> dict[str, np.ndarray]:
        """Every gradient in the shape its parameter was given (a shared s0's summed)."""
        out = grads.as_dict()
        out["s0"] = out["s0"].sum(axis=0) if self.shared_s0 else out["s0"]
        return {name: out[name] for name in GRADIENT_ORDER if name in out}


def load_instance(path) -> Instance:
    """Read and check an instance file; every error is an InstanceError naming the file.

    Example:
        >>> try:
        ...     load_instance("no-such-file.json")
        ... except InstanceError as err:
        ...     print(err)
        no-such-file.json: cannot read: No such file or directory
    """
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        raise InstanceError(f"{path}: cannot read: {err.strerror or err}") from None
    try:
        return parse_instance(_decode(raw))
    except InstanceError as err:
        raise InstanceError(f"{path}: {err}") from None


def _reject_duplicates(pairs):
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise InstanceError(f"{key}: the key appears twice")
        seen[key] = value
    return seen


def _decode(raw: bytes):
    if len(raw) > MAX_FILE_BYTES:
        raise InstanceError(f"the file is larger than {MAX_FILE_BYTES >> 20} MiB; "
                            "an instance this big is not one to check by hand")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InstanceError(f"not JSON: not UTF-8 text (byte {err.start})") from None
    try:
        return json.loads(text, object_pairs_hook=_reject_duplicates)
    except json.JSONDecodeError as err:
        raise InstanceError(f"not JSON: {err.msg} at line {err.lineno}, column {err.colno}"
                            ) from None
    except RecursionError:
        raise InstanceError("not JSON that can be read: nested too deeply") from None


def _json_kind(value) -> str:
    kinds = {dict: "an object", list: "an array", str: "text", bool: "true/false",
             type(None): "null"}
    return kinds.get(type(value), "a number")


def _choices(obj: dict) -> dict[str, str]:
    chosen = {key: obj.get(key, default) for key, default in CHOICES.items()}
    for key, value in chosen.items():
        if not isinstance(value, str):
            raise InstanceError(f"{key}: expected a name (text), got {_json_kind(value)}")
    try:
        Model(n=1, d=1, k=1, **chosen)  # checks each name and that loss and output agree
    except ModelError as err:
        raise InstanceError(str(err)) from None
    return chosen


def parse_instance(obj) -> Instance:
    """Check a decoded JSON object and build the Instance it describes.

    Raises:
        InstanceError: one line naming the key and what was expected.
    """
    if not isinstance(obj, dict):
        raise InstanceError('expected a JSON object {"U": …, "W": …, …} at the top level, '
                            f"got {_json_kind(obj)}")
    unknown = [key for key in obj if key not in ALLOWED]
    if unknown:
        raise InstanceError(f"unknown key {unknown[0]!r}; allowed keys: {', '.join(ALLOWED)}")
    for key, meaning in REQUIRED.items():
        if key not in obj:
            raise InstanceError(f"missing key {key!r} ({meaning})")
    chosen = _choices(obj)
    column = not CONVENTIONS[chosen["convention"]].transposed
    W = as_array("W", obj["W"])
    if W.ndim != 2 or W.shape[0] != W.shape[1]:
        raise InstanceError(f"W: expected a square d×d matrix (the recurrent weights), "
                            f"got shape {fmt_shape(W.shape)}")
    d = W.shape[0]
    x = as_array("x", obj["x"])
    if x.ndim not in (2, 3):
        raise InstanceError("x: expected shape (T, n) for one sequence or (B, T, n) for a "
                            f"batch, got {fmt_shape(x.shape)}")
    batched = x.ndim == 3
    x = x if batched else x[None]
    U, n = matrix_in_convention("U", obj["U"], ("d", "n"), d, column, x.shape[-1], "x")
    if x.shape[-1] != n:
        raise InstanceError(f"x: expected {n} numbers per step (n = {n} from U), got shape "
                            f"{fmt_shape(x.shape if batched else x.shape[1:])}")
    b = as_array("b", obj["b"])
    expect_shape("b", b, [(d,)], f"the hidden bias, one per hidden unit; d = {d} from W")
    V, c, k = _output_layer(obj, d, column)
    # Cannot raise: the sizes are positive and the choices were checked.
    model = Model(n=n, d=d, k=k or 1, **chosen)
    steps = _steps(obj, model, x.shape[1], batched)
    work = x.shape[0] * steps * max(n, d, k or 1)
    if work > MAX_WORK:
        raise InstanceError(f"x: B·T·max(n, d, k) = {work:,} is more than the {MAX_WORK:,} "
                            "a run may compute; use fewer or shorter sequences")
    targets = _targets(obj, model, steps, x.shape[0], batched, k)
    s0 = _initial_state(obj, d, x.shape[0], batched)
    data = numeric.Data(x=_spread_inputs(model, x, steps), s0=np.broadcast_to(
        s0, (x.shape[0], d)).copy(), targets=targets, mask=numeric.loss_mask(model, steps))
    return Instance(model, numeric.Params(U=U, W=W, b=b, V=V, c=c), data, batched,
                    shared_s0=s0.ndim == 1)


def _output_layer(obj: dict, d: int, column: bool):
    """V, c and k, or (None, None, None) for the recurrence alone."""
    if ("V" in obj) != ("c" in obj):
        missing = "c" if "V" in obj else "V"
        raise InstanceError(f"{missing}: missing; V and c come together (give both, or "
                            "neither to run the recurrence alone)")
    if "targets" in obj and "V" not in obj:
        raise InstanceError("targets: given without V and c, so there are no outputs to "
                            "compare them with")
    if "V" not in obj:
        return None, None, None
    V, k = matrix_in_convention("V", obj["V"], ("k", "d"), d, column)
    c = as_array("c", obj["c"])
    expect_shape("c", c, [(k,)], f"the output bias, one per output; k = {k} from V")
    return V, c, k


def _steps(obj: dict, model: Model, x_steps: int, batched: bool) -> int:
    """T: the length of x, or for a one-input architecture, from targets or "steps"."""
    arch = model.arch
    takes_steps_key = arch.inputs_at == "first" and arch.max_steps is None
    if "steps" in obj and not takes_steps_key:
        raise InstanceError(f'steps: only one-to-many takes "steps"; in {arch.name} T is '
                            f"{'1' if arch.max_steps else 'the length of x'}")
    if arch.inputs_at == "all":
        return x_steps
    if x_steps != 1:
        lead = "(B, 1, n)" if batched else "(1, n)"
        raise InstanceError(f"x: {arch.name} takes one input, so x has shape {lead}; got "
                            f"{x_steps} steps")
    if arch.max_steps is not None:
        return arch.max_steps
    if "targets" in obj:
        targets = as_array("targets", obj["targets"])
        axis = 1 if batched else 0
        if targets.ndim <= axis:
            raise InstanceError(f"targets: expected one target per step, got "
                                f"{fmt_shape(targets.shape)}")
        length = targets.shape[axis]
        if "steps" in obj and obj["steps"] != length:
            raise InstanceError(f"steps: {obj['steps']!r} disagrees with the {length} targets")
        return length
    if "steps" not in obj:
        raise InstanceError('steps: missing; one-to-many without targets needs "steps" '
                            "(how many steps to run)")
    steps = obj["steps"]
    if isinstance(steps, bool) or not isinstance(steps, int) or not 1 <= steps <= MAX_ENTRIES:
        raise InstanceError(f"steps: expected a positive integer, got {steps!r}")
    return steps


def _targets(obj: dict, model: Model, steps: int, batch: int, batched: bool, k):
    """The (B, T, k) target vectors (one-hot for cross-entropy), or None without targets."""
    if "targets" not in obj:
        return None
    targets = as_array("targets", obj["targets"])
    lead = (batch,) if batched else ()
    per_step = () if model.loss == "cross_entropy" else (k,)
    lengths = (steps,) if model.arch.losses_at == "all" or steps == 1 else (steps, 1)
    what = ("one class index per step" if not per_step else "one target vector per step")
    where = {"all": f"T = {steps}", "last": "the loss is at the last step: T targets or 1"}
    expect_shape("targets", targets, [(*lead, t, *per_step) for t in lengths],
                 f"{what}; {where[model.arch.losses_at]}")
    if not per_step:
        targets = _one_hot(targets, k)  # before the batch axis, so indices read as given
    if not batched:
        targets = targets[None]
    full = np.zeros((batch, steps, k))
    full[:, steps - targets.shape[1]:] = targets  # a single target belongs to step T
    return full


def _one_hot(indices: np.ndarray, k: int) -> np.ndarray:
    bad = np.argwhere(indices != np.round(indices))
    if bad.size:
        at = tuple(int(i) for i in bad[0])
        raise InstanceError(f"targets: class indices must be integers 0..{k - 1}, got "
                            f"{float(indices[at])!r} at {at}")
    outside = np.argwhere((indices < 0) | (indices > k - 1))
    if outside.size:
        at = tuple(int(i) for i in outside[0])
        raise InstanceError(f"targets: class index {int(indices[at])} at {at} is out of "
                            f"range 0..{k - 1} (k = {k} from V)")
    return np.eye(k)[indices.astype(int)]


def _initial_state(obj: dict, d: int, batch: int, batched: bool) -> np.ndarray:
    if "s0" not in obj:
        return np.zeros(d)
    s0 = as_array("s0", obj["s0"])
    shapes = [(d,), (batch, d)] if batched else [(d,)]
    meaning = "shared by the batch, or one per sequence" if batched else "one per hidden unit"
    expect_shape("s0", s0, shapes, f"the initial state, {meaning}; d = {d} from W")
    return s0


def _spread_inputs(model: Model, x: np.ndarray, steps: int) -> np.ndarray:
    """(B, T, n) inputs: the given ones at the steps where the architecture takes them."""
    full = np.zeros((x.shape[0], steps, x.shape[2]))
    full[:, [t - 1 for t in model.input_steps(steps)]] = x
    return full


def random_instance(model: Model, steps: int, batch: int, rng: np.random.Generator,
                    scale: float = 0.5) -> Instance:
    """A random network and batch (weights N(0, scale²)); one sequence when batch is 1.

    Example:
        >>> inst = random_instance(Model(n=3, d=4, k=2), 5, 1, np.random.default_rng(0))
        >>> inst.batched, inst.layout(inst.data.x).shape
        (False, (5, 3))
    """
    model.check_steps(steps)
    if isinstance(batch, bool) or not isinstance(batch, int) or batch < 1:
        raise ModelError(f"the batch size B must be a positive integer, got {batch!r}")
    params = numeric.random_params(model, rng, scale)
    data = numeric.random_data(model, steps, batch, rng)
    return Instance(model, params, data, batched=batch > 1, shared_s0=batch == 1)
