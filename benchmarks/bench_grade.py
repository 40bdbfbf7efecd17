"""Grade a generated class with `rnnsym grade`: answers/s against the 30 s target, and the
speed-up of the default jobs (one per core) over --jobs 1.

Run: PYTHONPATH=. python benchmarks/bench_grade.py [--students 500] [--seed 0]

The class comes from benchmarks/make_class.py (the whole shipped bank, so 500 students ×
the 17 problems it holds is about 8,500 answers, more than the 6,000 of 12 problems the
target is stated for). Each run is the command line in a fresh process, so
the wall time includes start-up, as a teaching assistant would see it. The parallel run
should take under TARGET_S seconds, and the parallelism should work: with N cores, at most
2× the ideal time t₁/N (a parallel efficiency of 50 % or better).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_S = 30.0
MIN_EFFICIENCY = 0.5  # "within 2×" of the ideal t₁/N


def _environment() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def grade_available() -> bool:
    """Whether this version of rnnsym has the `grade` command."""
    probe = subprocess.run([sys.executable, "-m", "rnnsym", "grade", "--help"],
                           capture_output=True, env=_environment(), check=False)
    return probe.returncode == 0


def run_grade(class_csv: Path, out: Path, jobs: int | None) -> tuple[float, int, str]:
    """Run `rnnsym grade` once: (wall seconds, exit code, stderr's last line)."""
    command = [sys.executable, "-m", "rnnsym", "grade", str(class_csv), "--out", str(out),
               "--json"]
    if jobs is not None:
        command += ["--jobs", str(jobs)]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=_environment(),
                          check=False)
    seconds = time.perf_counter() - start
    last = (done.stderr.strip().splitlines() or [""])[-1]
    return seconds, done.returncode, last


def _load_make_class():
    sys.path.insert(0, str(Path(__file__).parent))
    import make_class

    return make_class


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if not grade_available():
        print("this rnnsym has no `grade` command: nothing to measure", file=sys.stderr)
        return 2
    make_class = _load_make_class()
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as folder:
        class_csv = Path(folder) / "class.csv"
        rows = make_class.make_class(args.students, seed=args.seed)
        make_class.write_csv(class_csv, rows)
        answers = len(rows)
        print(f"class: {args.students} students, {len({r.problem for r in rows})} problems, "
              f"{answers} answers; {cores} cores\n")
        times = {}
        for label, jobs in ((f"default jobs ({cores})", None), ("--jobs 1", 1)):
            seconds, code, last = run_grade(class_csv, Path(folder) / f"out-{jobs}", jobs)
            if code not in (0, 1):  # 1: some answers timed out or failed, still a full run
                print(f"{label}: rnnsym grade exited {code}: {last}", file=sys.stderr)
                return 1
            times[jobs] = seconds
            print(f"{label:<18} {seconds:7.2f} s  {answers / seconds:8.1f} answers/s  "
                  f"exit {code}")
    parallel, serial = times[None], times[1]
    speedup = serial / parallel
    print(f"\nparallel run: {parallel:.2f} s against the {TARGET_S:.0f} s target "
          f"(ratio {parallel / TARGET_S:.2f}; under 1 meets it)")
    print(f"speed-up (--jobs 1 time / default time): {speedup:.2f}× on {cores} cores")
    print(f"parallel efficiency {speedup / cores:.0%}: the target is {MIN_EFFICIENCY:.0%} "
          f"or more, i.e. within 2× of t₁/{cores} = {serial / cores:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
