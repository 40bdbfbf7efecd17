"""rnnsym check against its targets: under 20 ms per answer in-process after warm-up (the
grading path), under 1.5 s for one `rnnsym check` command, start-up included.

Run: PYTHONPATH=. python benchmarks/bench_check.py [repeats] [runs]

In-process: rnnsym.checking.check on the shipped bank (loaded once, as grading does) for a
typical answer of each answer type the bank has; an answer type it does not have (an
expression) is timed through rnnsym.answers.check with the cases of bench_answers.py. Each
is checked once to warm up, then `repeats` times; the median is printed beside the target.
Command: the median wall time of `runs` runs of `rnnsym check params-161 "n = 14"` in a
fresh interpreter.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

from bench_answers import CASES, TARGET_MS, median_ms

from rnnsym.answers import check as judge
from rnnsym.checking import check
from rnnsym.problems import load_bank

COMMAND_TARGET_S = 1.5
COMMAND = ["check", "params-161", "n = 14"]

# (answer type, problem id, typical answers: each check takes the next one)
BANK_CASES = [
    ("integer", "params-161", ["n = 14", "14", "n=14", "28/2"]),
    ("number", "gamma", ["1/4", "0.25", "γ = 1/4"]),
    ("matrix", "clip", ["[3/5, 4/5]", "[0.6, 0.8]", r"\begin{bmatrix} 0.6 \\ 0.8 \end{bmatrix}"]),
    ("shape", "dims", ["(14, 7)", "14x7", "14 × 7"]),
    ("choice", "architecture", ["many-to-one", "Many to one"]),
    ("chain", "bptt-dW", [  # t = 4: four paths, k = 4, 3, 2, 1, in two notations
        "dL4/dy4 dy4/ds4 ds4/dW + dL4/dy4 dy4/ds4 ds4/ds3 ds3/dW"
        " + dL4/dy4 dy4/ds4 ds4/ds3 ds3/ds2 ds2/dW"
        " + dL4/dy4 dy4/ds4 ds4/ds3 ds3/ds2 ds2/ds1 ds1/dW",
        "sum(k=1..4, ∂L₄/∂y₄ ∂y₄/∂s₄ prod(i=k+1..4, ∂s_i/∂s_{i-1}) ∂s_k/∂W)"]),
    ("general", "bptt-general", [
        "sum(k=1..t, dL_t/dy_t dy_t/ds_t prod(i=k+1..t, ds_i/ds_{i-1}) ds_k/dW)",
        r"\sum_{k=1}^{t} \frac{\partial L_t}{\partial y_t} \frac{\partial y_t}{\partial s_t}"
        r" \left(\prod_{i=k+1}^{t} \frac{\partial s_i}{\partial s_{i-1}}\right)"
        r" \frac{\partial s_k}{\partial W}"]),
    ("jacobian", "jacobian", [  # judged in the sandbox worker: the round trip is included
        "diag(sigma'(a_i)) W", "diag(s_i(1 - s_i)) W", r"\operatorname{diag}(\sigma'(a_i)) W"]),
    ("matrix", "forward", ["[0.7616, 0.9051]", "[tanh(1), tanh(3/2)]"]),
]


def in_process(repeats: int) -> list[tuple[str, float]]:
    """(label, median ms) for each answer type."""
    bank = load_bank()
    rows = []
    for kind, problem_id, answers in BANK_CASES:
        call = lambda a, p=problem_id: check(p, a, bank=bank)  # noqa: E731
        wrong = [a for a in answers if call(a).verdict != "correct"]
        assert not wrong, f"{problem_id}: not judged correct: {wrong}"  # time real work
        rows.append((f"{kind} ({problem_id})", median_ms(call, answers, repeats)))
    covered = {kind for kind, _, _ in BANK_CASES}
    for label, kind, _, answers, key, options in CASES:
        if kind not in covered:
            call = lambda a, k=kind, key=key, o=options: judge(k, a, key, **o)  # noqa: E731
            rows.append((f"{kind}: {label}", median_ms(call, answers, repeats)))
    return rows


def command_seconds(runs: int) -> float:
    """The median wall time of one `rnnsym check` command, start-up included."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "rnnsym", *COMMAND],
                              capture_output=True, check=False)
        times.append(time.perf_counter() - start)
        assert done.returncode == 0, done.stderr
    return statistics.median(times)


def main(repeats: int = 50, runs: int = 7) -> None:
    print(f"in-process: median of {repeats} checks after one warm-up; target "
          f"{TARGET_MS:.0f} ms\n")
    print(f"{'answer type':<44} {'median':>9}  {'ratio to target':>15}")
    for label, ms in in_process(repeats):
        print(f"{label:<44} {ms:>6.2f} ms  {ms / TARGET_MS:>14.2f}×")
    seconds = command_seconds(runs)
    print(f"\nrnnsym {' '.join(COMMAND[:2])} \"{COMMAND[2]}\": median of {runs} runs "
          f"{seconds:.2f} s; target {COMMAND_TARGET_S} s ({seconds / COMMAND_TARGET_S:.2f}×)")


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:3]))
