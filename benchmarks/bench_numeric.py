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
get the same number of threads (--threads, default 1), set before any of them starts.
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
    if threads == 1:
        flags = "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
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


def verdict(ratio: float, target: float, lower_is_better: bool = True) -> str:
    met = ratio <= target if lower_is_better else ratio >= target
    sign = "≤" if lower_is_better else "≥"
    return f"{ratio:6.2f}×  (target {sign} {target}: {'met' if met else 'NOT met'})"


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
        threads.append("XLA " + ("1 (Eigen single-threaded)" if args.threads == 1 else "default"))
    coretype = os.environ.get("OPENBLAS_CORETYPE", "unset")
    print(f"float64; threads: {', '.join(threads)}; OPENBLAS_CORETYPE={coretype}; "
          f"median of {args.repeats} samples")
    rate = matmul_rate(np, args.repeats)
    print(f"float64 matmul rate (2000×2000): {rate / 1e9:.1f} GFLOP/s")
    for key in args.sizes:
        batch, steps, n, d, k, what = SIZES[key]
        print(f"\n({key}) B={batch}, T={steps}, n={n}, d={d}, k={k}: {what}")
        model, params, data, ours = rnnsym_side(SIZES[key])
        t_ours = timed(ours, args.repeats)
        print(f"  rnnsym            {t_ours * 1e3:9.3f} ms")
        if have_torch:
            step = torch_side(params, data, args.threads)
            assert abs(step() - ours()[0]) <= 1e-9 * abs(ours()[0]), "PyTorch's loss differs"
            t_torch = timed(step, args.repeats)
            print(f"  PyTorch nn.RNN    {t_torch * 1e3:9.3f} ms   rnnsym/PyTorch "
                  + (verdict(t_ours / t_torch, 0.5) if key in "bc" else
                     f"{t_ours / t_torch:6.2f}×"))
        if have_jax:
            times = {name: timed(fn, args.repeats) for name, fn in jax_sides(params, data).items()}
            for name, seconds in times.items():
                print(f"  JAX jit ({name:8}) {seconds * 1e3:9.3f} ms")
            best = min(times, key=times.get)
            print(f"  rnnsym/JAX ({best}) "
                  + (verdict(t_ours / times[best], 1.5) if key == "a" else
                     f"{t_ours / times[best]:6.2f}×"))
        if key == "c":
            flops = rnn_flops(batch, steps, n, d, k)
            fraction = flops / t_ours / rate
            print(f"  rnnsym: {flops / 1e9:.2f} GFLOP in matmuls -> {flops / t_ours / 1e9:.1f}"
                  f" GFLOP/s = {fraction:.0%} of the matmul rate "
                  f"(target ≥ 50%: {'met' if fraction >= 0.5 else 'NOT met'})")


def _importable(name: str) -> bool:
    try:
        __import__(name)
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
