"""How fast `rnnsym derive` is, measured as a user meets it: whole commands, start-up included.

    python benchmarks/bench_derive.py [--runs 5]

Prints, each the median wall time of a few runs of a fresh interpreter:
- `derive dW --steps T --format json` for T = 25, 50, 100, 200, with terms and factors per
  second. The work is linear in what is printed: a term of the sum over t and k has
  3 + (t − k) factors, so the factors grow as T³/6 while the terms grow as T²/2, and the
  time per factor is the figure that stays flat. Target: T = 100 (5,050 terms) under 2 s.
- `derive dW --steps 3 --dims n=2,d=3,k=2 --verify` (the explicit view). Target: under 10 s.
- `rnnsym --help` against `python -c "import typer"`. Target: within 1.5×.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(
    [str(ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])}
# An installed package runs from compiled bytecode; let the warm-up run write it.
ENV.pop("PYTHONDONTWRITEBYTECODE", None)


def wall(args: list[str], runs: int) -> tuple[float, int]:
    """Median seconds of `python args…` over `runs` runs after a warm-up, and bytes printed."""
    subprocess.run([sys.executable, *args], env=ENV, capture_output=True, check=True)
    times, size = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, *args], env=ENV, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
        size = len(done.stdout)
    return statistics.median(times), size


def factors_of(steps: int) -> int:
    """Σ_{t=1}^{T} Σ_{k=1}^{t} (3 + t − k): every factor of the dW derivation."""
    return sum(3 + t - k for t in range(1, steps + 1) for k in range(1, t + 1))


def bench_json(runs: int) -> None:
    command = ["-m", "rnnsym", "derive", "dW", "--format", "json", "--steps"]
    base, _ = wall(command + ["1"], runs)
    print("derive dW --steps T --format json (wall, start-up included; net = minus the "
          f"{base:.2f} s of T = 1)")
    print(f"{'T':>5} {'terms':>7} {'factors':>9} {'MB out':>7} {'s':>6} {'net s':>6} "
          f"{'terms/s':>9} {'net µs/factor':>14}")
    for steps in (25, 50, 100, 200):
        seconds, size = wall(command + [str(steps)], runs)
        terms, factors = steps * (steps + 1) // 2, factors_of(steps)
        net = max(seconds - base, 0.0)
        print(f"{steps:>5} {terms:>7} {factors:>9} {size / 1e6:>7.1f} {seconds:>6.2f} "
              f"{net:>6.2f} {terms / seconds:>9.0f} {1e6 * net / factors:>14.2f}")
        if steps == 100:
            print(f"      target: T = 100 under 2 s -> {'met' if seconds < 2 else 'MISSED'}")


def bench_verify(runs: int) -> None:
    sys.path.insert(0, str(ROOT))
    if importlib.util.find_spec("rnnsym.explicit") is None:
        print("derive dW --steps 3 --dims n=2,d=3,k=2 --verify: skipped, rnnsym.explicit "
              "is not in this tree")
        return
    seconds, _ = wall(["-m", "rnnsym", "derive", "dW", "--steps", "3", "--dims",
                       "n=2,d=3,k=2", "--verify", "--json"], runs)
    print(f"derive dW --steps 3 --dims n=2,d=3,k=2 --verify: {seconds:.2f} s "
          f"(target under 10 s -> {'met' if seconds < 10 else 'MISSED'})")


def bench_help(runs: int) -> None:
    typer_s, _ = wall(["-c", "import typer"], runs)
    help_s, _ = wall(["-m", "rnnsym", "--help"], runs)
    ratio = help_s / typer_s
    print(f"rnnsym --help: {help_s:.3f} s; python -c 'import typer': {typer_s:.3f} s; "
          f"ratio {ratio:.2f} (target within 1.5 -> {'met' if ratio <= 1.5 else 'MISSED'})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median)")
    runs = parser.parse_args().runs
    bench_json(runs)
    print()
    bench_verify(max(1, runs // 2))
    print()
    bench_help(runs * 2)


if __name__ == "__main__":
    main()
