"""Batched finite differences against the one-entry-at-a-time loop, on the same network.

A full central-difference check of every parameter (U, W, V, b, c, s0) of an RNN with
n = 10, d = 20, k = 5, T = 10, B = 1: the perturbations evaluated together as the ensemble
axis of the forward pass (rnnsym.gradcheck.numerical_gradients) against one forward pass
per perturbed entry and stencil point (numerical_gradients_loop, as CS231n's
eval_numerical_gradient). Prints the median of a few repeats of each, the ratio against the
target, and whether both give the same errors.

    PYTHONPATH=. python benchmarks/bench_gradcheck.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from rnnsym import gradcheck as gc
from rnnsym.model import Model
from rnnsym.numeric import random_data, random_params

TARGET = 20.0
SIZES = {"n": 10, "d": 20, "k": 5}
STEPS, BATCH = 10, 1


def median_times(functions: dict, repeats: int) -> tuple[dict, dict]:
    """Median seconds of each function, the runs interleaved so that load drifts evenly."""
    times = {name: [] for name in functions}
    results = {}
    for _ in range(repeats):
        for name, fn in functions.items():
            start = time.perf_counter()
            results[name] = fn()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}, results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="repeats of each (median)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    model = Model(**SIZES)
    rng = np.random.default_rng(args.seed)
    params, data = random_params(model, rng), random_data(model, STEPS, BATCH, rng)
    analytic = gc.analytic_gradients(model, params, data)
    entries = sum(a.size for a in gc.parameter_arrays(params, data).values())
    stencil = gc.STENCILS[gc.DEFAULT_STENCIL]
    evaluations = entries * stencil.points

    gc.numerical_gradients(model, params, data)  # warm-up: imports, allocator
    times, results = median_times({
        "batched": lambda: gc.numerical_gradients(model, params, data),
        "loop": lambda: gc.numerical_gradients_loop(model, params, data),
    }, args.repeats)
    batched_time, loop_time = times["batched"], times["loop"]
    batched, loop = results["batched"], results["loop"]

    print(f"Full gradient check, n = {model.n}, d = {model.d}, k = {model.k}, T = {STEPS}, "
          f"B = {BATCH}: {entries} entries, {stencil.name} stencil (h = {stencil.step:g}), "
          f"{evaluations} loss evaluations; median of {args.repeats} runs")
    print(f"  {'method':<8} {'time':>10} {'per evaluation':>16}")
    for name, seconds in (("batched", batched_time), ("loop", loop_time)):
        print(f"  {name:<8} {seconds * 1e3:>7.1f} ms {seconds / evaluations * 1e6:>13.2f} µs")
    ratio = loop_time / batched_time
    verdict = "met" if ratio >= TARGET else "NOT met"
    print(f"  speed-up {ratio:.1f}× (target ≥ {TARGET:g}×: {verdict})")

    reports = {name: gc.compare(analytic, grads, stencil=stencil.name)
               for name, grads in (("batched", batched), ("loop", loop))}
    largest = max(float(np.max(np.abs(batched[n] - loop[n]))) for n in batched)
    print(f"  same numerical gradients: max |batched − loop| = {largest:.1e}")
    print(f"  {'θ':<4} {'batched max rel. err':>21} {'loop max rel. err':>18}  result")
    for a, b in zip(reports["batched"].checks, reports["loop"].checks, strict=True):
        same = "same" if a.passed == b.passed and a.worst_index == b.worst_index else "DIFFER"
        print(f"  {a.name:<4} {a.max_rel_error:>21.3e} {b.max_rel_error:>18.3e}  "
              f"{'PASS' if a.passed else 'FAIL'} / {'PASS' if b.passed else 'FAIL'} ({same})")


if __name__ == "__main__":
    main()
