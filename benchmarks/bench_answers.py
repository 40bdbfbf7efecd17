"""Median time to check a typical answer, against the 20 ms target of the grading path.

Run: PYTHONPATH=. python benchmarks/bench_answers.py [repeats]

Each answer is checked once to warm up (SymPy's caches and lazy imports), then `repeats`
times; the median is printed beside the target, in-process (the judge function called
directly) and through check(), which picks in-process or the sandbox by the kind of answer.
"""

from __future__ import annotations

import statistics
import sys
import time

import numpy as np

from rnnsym.answers import (
    Sandbox,
    check,
    judge_chain,
    judge_expression,
    judge_general,
    judge_integer,
    judge_shape,
)
from rnnsym.notation import partial

TARGET_MS = 20.0


def chain_key(t: int) -> list:
    """Σ_{k=1}^{t} ∂L_t/∂y_t ∂y_t/∂s_t (Π_{i=k+1}^{t} ∂s_i/∂s_{i−1}) ∂s_k/∂W."""
    terms = []
    for k in range(1, t + 1):
        term = partial(f"L_{t}", f"y_{t}") * partial(f"y_{t}", f"s_{t}")
        for i in range(t, k, -1):
            term = term * partial(f"s_{i}", f"s_{i - 1}")
        terms.append(term * partial(f"s_{k}", "W"))
    return terms


def chain_texts(t: int, count: int, seed: int = 0) -> list[str]:
    """The same sum as students type it, term by term, in shuffled orders and notations."""
    rng = np.random.default_rng(seed)
    notations = ("d{a}/d{b}", "∂{a}/∂{b}", "d{a}/d{b} *")
    texts = []
    for _ in range(count):
        style = notations[int(rng.integers(len(notations)))]
        terms = []
        for k in rng.permutation(np.arange(1, t + 1)):
            chain = [f"L{t}", f"y{t}", f"s{t}", *(f"s{i}" for i in range(t - 1, k - 1, -1)), "W"]
            pairs = zip(chain, chain[1:], strict=False)
            terms.append(" ".join(style.format(a=a, b=b) for a, b in pairs).rstrip(" *"))
        texts.append(" + ".join(terms))
    return texts


GENERAL = "Σ_{k=1}^{t} ∂L_t/∂y_t ∂y_t/∂s_t (Π_{i=k+1}^{t} ∂s_i/∂s_{i−1}) ∂s_k/∂W"

# (label, kind, judge, answers (each check takes the next one), key, options)
CASES = [
    ("integer", "integer", judge_integer, ["n = 14", "14", "28/2", "n=14", "2*7"], 14,
     {"name": "n"}),
    ("shape", "shape", judge_shape, ["14×7", "(14, 7)", "14x7", "[14, 7]"], (14, 7), {}),
    ("chain-rule sum, 10 terms", "chain", judge_chain, chain_texts(10, 20), chain_key(10), {}),
    ("expression (parameter count)", "expression", judge_expression,
     ["d(n + d + 1) + k(d + 1)", "nd + d^2 + d + kd + k", "d² + d(n + k + 1) + k",
      "(d + 1)(d + k) + n d"], "n*d + d**2 + d + k*d + k", {}),
    ("general t, t = 1..6", "general", judge_general, [GENERAL, GENERAL.replace("∂", "d")],
     chain_key, {}),
]


def median_ms(call, answers: list[str], repeats: int) -> float:
    call(answers[0])  # warm-up
    times = []
    for n in range(repeats):
        answer = answers[n % len(answers)]
        start = time.perf_counter()
        verdict = call(answer)
        times.append(time.perf_counter() - start)
        assert verdict.verdict == "correct", (answer, verdict)
    return 1000 * statistics.median(times)


def main(repeats: int = 50) -> None:
    print(f"median of {repeats} checks after one warm-up; target {TARGET_MS:.0f} ms\n")
    print(f"{'answer':<30} {'in-process':>11} {'check()':>9}  {'ratio to target':>15}")
    with Sandbox() as sandbox:
        for label, kind, judge, answers, key, options in CASES:
            direct = median_ms(lambda a: judge(a, key, **options), answers,  # noqa: B023
                               repeats)
            routed = median_ms(lambda a: check(kind, a, key, sandbox=sandbox,  # noqa: B023
                                               **options), answers, repeats)  # noqa: B023
            print(f"{label:<30} {direct:>8.2f} ms {routed:>6.2f} ms  "
                  f"{direct / TARGET_MS:>14.2f}×")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
