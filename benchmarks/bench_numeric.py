"""Forward + loss + backward of the vanilla RNN: rnnsym against PyTorch and JAX, float64.

Usage:
    python benchmarks/bench_numeric.py [--repeats 15] [--threads 1] [--sizes abc]

Every side does the same work on the same weights and data: the tanh RNN with a softmax
output and the summed cross-entropy over all steps, the loss and the gradients with respect
to U, W, V, b, c and s_0 (no gradient for the inputs).

- rnnsym: numeric.loss_and_gradients.
- PyTorch (CPU): torch.nn.RNN + nn.Linear + F.cross_entropy(reduction="sum"), backward().
- JAX (if installed): jax.jit(jax.value_and_grad(loss)) with x64 enabled, the recurrence
  both as lax.scan and unrolled; the faster of the two is the one compared against.

Each time is the median over --repeats samples, each sample timing enough calls to last
~20 ms; warm-up calls (and JAX's compilation) are excluded. NumPy's BLAS, PyTorch and XLA
get the same number of threads (--threads, default 1), set before any of them starts;
OPENBLAS_CORETYPE is left as the environment sets it. Beside rnnsym's time, the same
matrix products alone (same shapes and layouts, nothing else): what rnnsym would take with
no Python and no elementwise work, the floor of this approach on this BLAS.
The targets: rnnsym ≤ 0.5 × PyTorch at (b) and (c), ≤ 1.5 × JAX at (a), and at (c) at
least 50% of this machine's float64 matmul rate (measured here on a 2000×2000 product).
"""

from __future__ import annotations

import argparse
import ctypes
import glob
import os
import statistics
import sys
import time

SIZES = {  # name: (B, T, n, d, k, what)
    "a": (1, 25, 65, 100, 65, "one sequence, the min-char-rnn size"),
    "b": (32, 50, 64, 128, 10, "a small batch"),
    "c": (64, 100, 128, 256, 32, "a large batch"),
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15, help="samples per median")
    parser.add_argument("--threads", type=int, default=1, help="threads for every side")
    parser.add_argument("--sizes", default="abc", help="which of a, b, c to run")
    parser.add_argument("--no-jax", action="store_true", help="skip JAX")
    parser.add_argument("--no-torch", action="store_true", help="skip PyTorch")
    return parser.parse_args()


def limit_threads(threads: int) -> None:
    """Before NumPy, PyTorch or JAX load: the same thread count for all of them."""
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(threads)
    eigen = "false" if threads == 1 else "true"
    flags = f"--xla_cpu_multi_thread_eigen={eigen} intra_op_parallelism_threads={threads}"
    os.environ["XLA_FLAGS"] = (os.environ.get("XLA_FLAGS", "") + " " + flags).strip()


def numpy_blas_threads(np) -> str:
    """The thread count NumPy's OpenBLAS reports, when it can be asked."""
    libs = glob.glob(os.path.join(os.path.dirname(np.__file__), "..", "numpy.libs", "*blas*"))
    for path in libs:
        lib = ctypes.CDLL(path)
        for name in ("scipy_openblas_get_num_threads64_", "openblas_get_num_threads64_",
                     "openblas_get_num_threads"):
            if hasattr(lib, name):
                return str(getattr(lib, name)())
    return "unknown"


def timed(fn, repeats: int, target: float = 0.02) -> float:
    """Median seconds per call of fn(), excluding warm-up."""
    for _ in range(3):
        fn()
    start = time.perf_counter()
    fn()
    once = time.perf_counter() - start
    inner = max(1, int(target / max(once, 1e-9)))
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(inner):
            fn()
        samples.append((time.perf_counter() - start) / inner)
    return statistics.median(samples)


def matmul_rate(np, repeats: int) -> float:
    """This machine's float64 matmul rate in FLOP/s, on a 2000×2000 product."""
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((2000, 2000)), rng.standard_normal((2000, 2000))
    out = np.empty((2000, 2000))
    seconds = timed(lambda: np.matmul(a, b, out=out), max(3, repeats // 3), target=0.0)
    return 2 * 2000**3 / seconds


def rnn_flops(batch, steps, n, d, k) -> int:
    """Multiply-adds ×2 of forward + backward: x U, s W, s V; dU, dW, dV, δ Wᵀ, δ_o V."""
    return 2 * steps * batch * (2 * n * d + 3 * d * d + 3 * d * k)


def matmuls_alone(np, size):
    """The matrix products rnnsym makes, with the same shapes and layouts, and nothing else.

    Their time is what rnnsym would take with no Python and no elementwise work at all.
    """
    batch, steps, n, d, k, _ = size
    rng = np.random.default_rng(1)
    # Column-convention weights seen in the row layout are transposed views, as in rnnsym.
    U, W, V = (rng.standard_normal(shape).T for shape in ((d, n), (d, d), (k, d)))
    x = rng.standard_normal((steps * batch, n))
    s = rng.standard_normal((steps + 1, batch, d))
    d_o, d_a = rng.standard_normal((steps * batch, k)), rng.standard_normal((steps, batch, d))
    a, ds, o = np.empty((steps * batch, d)), np.empty((steps * batch, d)), np.empty_like(d_o)
    step = np.empty((batch, d))
    flat = lambda m: m.reshape(steps * batch, -1)  # noqa: E731

    def run():
        np.matmul(x, U, out=a)
        for t in range(steps):
            np.matmul(s[t], W, out=step)
        np.matmul(flat(s[1:]), V, out=o)
        np.matmul(d_o, V.T, out=ds)
        for t in range(steps):
            np.matmul(d_a[t], W.T, out=step)
        return x.T @ flat(d_a), flat(s[:-1]).T @ flat(d_a), flat(s[1:]).T @ d_o

    return run


# --- the three implementations --------------------------------------------------------------


def rnnsym_side(size):
    import numpy as np

    from rnnsym.model import Model
    from rnnsym.numeric import loss_and_gradients, random_data, random_params

    batch, steps, n, d, k, _ = size
    model = Model(n=n, d=d, k=k)  # tanh, softmax, cross-entropy, many-to-many, column
    rng = np.random.default_rng(0)
    params = random_params(model, rng, scale=1 / np.sqrt(d))
    data = random_data(model, steps, batch, rng)
    return model, params, data, lambda: loss_and_gradients(model, params, data)


def torch_side(params, data, threads):
    import torch

    torch.set_num_threads(threads)
    batch, steps, n = data.x.shape
    d, k = params.W.shape[0], params.V.shape[0]
    rnn = torch.nn.RNN(n, d, nonlinearity="tanh", batch_first=True, dtype=torch.float64)
    head = torch.nn.Linear(d, k, dtype=torch.float64)
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(torch.from_numpy(params.U))
        rnn.weight_hh_l0.copy_(torch.from_numpy(params.W))
        rnn.bias_ih_l0.copy_(torch.from_numpy(params.b))
        rnn.bias_hh_l0.zero_()
        head.weight.copy_(torch.from_numpy(params.V))
        head.bias.copy_(torch.from_numpy(params.c))
    x = torch.from_numpy(data.x)
    h0 = torch.tensor(data.s0[None], requires_grad=True)
    classes = torch.from_numpy(data.targets.argmax(-1)).reshape(-1)
    leaves = [*rnn.parameters(), *head.parameters(), h0]

    def step():
        for leaf in leaves:
            leaf.grad = None
        states, _ = rnn(x, h0)
        loss = torch.nn.functional.cross_entropy(head(states).reshape(-1, k), classes,
                                                 reduction="sum")
        loss.backward()
        return loss.item()

    return step


def jax_sides(params, data):
    import jax
    import jax.numpy as jnp

    jax.config.update("jax_enable_x64", True)
    weights = {name: jnp.asarray(getattr(params, name)) for name in ("U", "W", "V", "b", "c")}
    x = jnp.asarray(data.x.swapaxes(0, 1))  # (T, B, n)
    s0 = jnp.asarray(data.s0)
    classes = jnp.asarray(data.targets.argmax(-1).swapaxes(0, 1))  # (T, B)

    def step_loss(w, s, x_t, c_t):
        s = jnp.tanh(x_t @ w["U"].T + s @ w["W"].T + w["b"])
        logp = jax.nn.log_softmax(s @ w["V"].T + w["c"])
        return s, -jnp.take_along_axis(logp, c_t[:, None], axis=-1).sum()

    def scanned(w, s0):
        _, losses = jax.lax.scan(lambda s, xc: step_loss(w, s, *xc), s0, (x, classes))
        return losses.sum()

    def unrolled(w, s0):
        s, total = s0, 0.0
        for t in range(x.shape[0]):
            s, loss = step_loss(w, s, x[t], classes[t])
            total = total + loss
        return total

    sides = {}
    for name, fn in (("scan", scanned), ("unrolled", unrolled)):
        compiled = jax.jit(jax.value_and_grad(fn, argnums=(0, 1)))
        jax.block_until_ready(compiled(weights, s0))  # compile outside the timing
        sides[name] = (lambda c=compiled: jax.block_until_ready(c(weights, s0)))
    return sides


# --- the report -----------------------------------------------------------------------------


# Targets: rnnsym's time over the named side's, at most this; and at (c), rnnsym's matmul
# FLOPs per second over the machine's matmul rate, at least this.
RATIO_TARGETS = {"a": ("JAX", 1.5), "b": ("PyTorch", 0.5), "c": ("PyTorch", 0.5)}
RATE_TARGETS = {"c": 0.5}


def ratio_line(key: str, side: str, ratio: float) -> str:
    wanted, target = RATIO_TARGETS[key]
    if side != wanted:
        return f"{ratio:6.2f}×"
    return f"{ratio:6.2f}×  (target ≤ {target}: {'met' if ratio <= target else 'NOT met'})"


def report_size(np, key: str, args, rate: float, have_torch: bool, have_jax: bool) -> None:
    batch, steps, n, d, k, what = SIZES[key]
    print(f"\n({key}) B={batch}, T={steps}, n={n}, d={d}, k={k}: {what}")
    _, params, data, ours = rnnsym_side(SIZES[key])
    t_ours = timed(ours, args.repeats)
    t_blas = timed(matmuls_alone(np, SIZES[key]), args.repeats)
    per_step = f"{t_ours / steps * 1e6:.1f} µs per step"
    print(f"  rnnsym              {t_ours * 1e3:9.3f} ms   {per_step}")
    print(f"    its matmuls alone {t_blas * 1e3:9.3f} ms   {t_blas / steps * 1e6:.1f} µs per step;"
          f" Python and elementwise work {(t_ours - t_blas) / steps * 1e6:.1f} µs per step")
    if have_torch:
        step = torch_side(params, data, args.threads)
        assert abs(step() - ours()[0]) <= 1e-9 * abs(ours()[0]), "PyTorch's loss differs"
        t_torch = timed(step, args.repeats)
        print(f"  PyTorch nn.RNN      {t_torch * 1e3:9.3f} ms   rnnsym/PyTorch "
              + ratio_line(key, "PyTorch", t_ours / t_torch))
        print(f"    rnnsym's matmuls alone / PyTorch: {t_blas / t_torch:.2f}×")
    if have_jax:
        times = {name: timed(fn, args.repeats) for name, fn in jax_sides(params, data).items()}
        for name, seconds in times.items():
            print(f"  JAX jit ({name:8})  {seconds * 1e3:9.3f} ms")
        best = min(times, key=times.get)
        print(f"  rnnsym/JAX ({best}) " + ratio_line(key, "JAX", t_ours / times[best]))
    if key in RATE_TARGETS:
        flops = rnn_flops(batch, steps, n, d, k)
        fraction, target = flops / t_ours / rate, RATE_TARGETS[key]
        print(f"  rnnsym: {flops / 1e9:.2f} GFLOP in matmuls / {t_ours * 1e3:.1f} ms = "
              f"{flops / t_ours / 1e9:.1f} GFLOP/s = {fraction:.0%} of the matmul rate "
              f"(target ≥ {target:.0%}: {'met' if fraction >= target else 'NOT met'})")


def main() -> None:
    args = parse_args()
    limit_threads(args.threads)
    import numpy as np

    have_torch = not args.no_torch and _importable("torch")
    have_jax = not args.no_jax and _importable("jax")
    threads = [f"NumPy/OpenBLAS {numpy_blas_threads(np)}"]
    if have_torch:
        threads.append(f"PyTorch {args.threads}")
    if have_jax:
        threads.append(f"XLA {args.threads}")
    coretype = os.environ.get("OPENBLAS_CORETYPE", "unset")
    print(f"float64; threads: {', '.join(threads)}; OPENBLAS_CORETYPE={coretype}; "
          f"median of {args.repeats} samples")
    rate = matmul_rate(np, args.repeats)
    print(f"float64 matmul rate (2000×2000): {rate / 1e9:.1f} GFLOP/s")
    for key in args.sizes:
        report_size(np, key, args, rate, have_torch, have_jax)


def _importable(name: str) -> bool:
    try:
        __import__(name)
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
