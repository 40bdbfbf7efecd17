"""Time `verify` for ∂L/∂W with n=2, d=3, k=2, T=3 against its 10 s budget.

The budget is for `rnnsym derive dW --steps 3 --dims n=2,d=3,k=2 --verify`, start-up
included, so the figure is SymPy's import time (in a fresh interpreter) plus the median of
three in-process verifications, each with SymPy's cache cleared so that none is helped by
the one before.

Run: PYTHONPATH=. python benchmarks/bench_explicit.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

BUDGET = 10.0
RUNS = 3


def sympy_import_seconds() -> float:
    code = "import time; t = time.perf_counter(); import sympy; print(time.perf_counter() - t)"
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True).stdout) for _ in range(RUNS)]
    return statistics.median(runs)


def verify_seconds() -> tuple[float, list[float]]:
    from sympy.core.cache import clear_cache

    from rnnsym.explicit import verify
    from rnnsym.model import Model

    runs = []
    for _ in range(RUNS):
        clear_cache()
        start = time.perf_counter()
        result = verify(Model(n=2, d=3, k=2), "W", steps=3)
        runs.append(time.perf_counter() - start)
        if not result.passed:
            raise SystemExit(f"verification failed: {result.checks}")
    return statistics.median(runs), runs


def main() -> None:
    imported = sympy_import_seconds()
    median, runs = verify_seconds()
    total = imported + median
    print(f"import sympy (median of {RUNS}):      {imported:6.2f} s")
    print(f"verify W, n=2 d=3 k=2 T=3 (median): {median:6.2f} s   "
          f"runs: {', '.join(f'{r:.2f}' for r in runs)}")
    print(f"total                               {total:6.2f} s   "
          f"budget {BUDGET:.0f} s   ratio {total / BUDGET:.2f}")


if __name__ == "__main__":
    main()
