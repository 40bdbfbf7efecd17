"""The class summary, on a small class whose every count is worked out by hand below."""

from rnnsym.grading.summary import STATUSES, summarize


def row(student, problem, status, score, max_score=1.0, answer="x", feedback=()):
    return {"student": student, "problem": problem, "variant": {}, "answer": answer,
            "parsed": None, "status": status, "score": score, "max_score": max_score,
            "feedback": [{"category": c, "message": m} for c, m in feedback], "error": None}


TANH = ("gamma_tanh", "γ = 1 is tanh's.")
BIASES = ("counted_biases", "The biases were counted.")
READ = ("unreadable", "A '(' is never closed.")
# 3 students × 2 problems, plus a third problem answered by one student only.
ROWS = [
    row("ada", "gamma", "correct", 1.0),
    row("bob", "gamma", "incorrect", 0.0, answer="1", feedback=[TANH]),
    row("cy", "gamma", "incorrect", 0.0, answer="1", feedback=[TANH]),
    row("ada", "params", "partial", 1.0, 2.0, feedback=[BIASES]),
    row("bob", "params", "invalid", 0.0, 2.0, answer="(14", feedback=[READ]),
    row("cy", "params", "timeout", 0.0, 2.0, answer="9^9^9"),
    row("ada", "dims", "missing", 0.0, answer=None),
    row("cy", "dims", "error", 0.0),
    # feedback on a correct answer is a remark, not a mistake
    row("bob", "dims", "correct", 1.0, feedback=[("simplify", "Could be simpler.")]),
]


def test_totals():
    assert summarize(ROWS)["totals"] == {
        "students": 3, "problems": 3, "rows": 9,
        "answers": 8,      # 9 rows, 1 missing
        "missing": 1,
        "graded": 6,       # correct 2, partial 1, incorrect 2, invalid 1
        "not_graded": 2,   # a timeout and an error
        "overridden": 0,
    }


def test_per_problem_counts_means_and_statuses():
    problems = {p["problem"]: p for p in summarize(ROWS)["problems"]}
    assert list(problems) == ["dims", "gamma", "params"]  # sorted by id
    gamma, params, dims = problems["gamma"], problems["params"], problems["dims"]
    assert gamma["count"] == 3 and gamma["mean_score"] == round(1 / 3, 6)
    assert gamma["statuses"] == {"correct": 1, "partial": 0, "incorrect": 2, "invalid": 0,
                                 "missing": 0, "timeout": 0, "error": 0}
    assert params["mean_score"] == 0.5  # (1 + 0) / 2, the timeout left out
    assert params["max_score"] == 2.0
    assert dims["mean_score"] == 0.5  # (0 missing + 1) / 2, the error left out
    assert list(dims["statuses"]) == list(STATUSES)


def test_most_common_mistakes():
    summary = summarize(ROWS)
    assert summary["mistakes"] == [{"category": "gamma_tanh", "count": 2},
                                   {"category": "counted_biases", "count": 1},
                                   {"category": "unreadable", "count": 1}]
    problems = {p["problem"]: p for p in summary["problems"]}
    assert problems["gamma"]["mistakes"] == [{"category": "gamma_tanh", "count": 2}]
    assert problems["dims"]["mistakes"] == []  # "simplify" came with a correct answer


def test_unreadable_answers_are_listed_with_the_reason():
    assert summarize(ROWS)["unreadable"] == [
        {"student": "bob", "problem": "params", "answer": "(14",
         "reason": "A '(' is never closed."}]


def test_slowest_checks():
    timings = [{"student": s, "problem": "gamma", "seconds": t}
               for s, t in [("a", 0.1), ("b", 2.5), ("c", 0.7), ("d", 2.5), ("e", 0.2),
                            ("f", 0.05), ("g", 1.0)]]
    slowest = summarize(ROWS, timings)["slowest"]
    assert [(t["student"], t["seconds"]) for t in slowest] == [
        ("b", 2.5), ("d", 2.5), ("g", 1.0), ("c", 0.7), ("e", 0.2)]  # top 5, ties by id


def test_top_limits_the_lists():
    summary = summarize(ROWS, top=1)
    assert summary["mistakes"] == [{"category": "gamma_tanh", "count": 2}]


def test_an_empty_class():
    assert summarize([]) == {
        "totals": {"students": 0, "problems": 0, "rows": 0, "answers": 0, "missing": 0,
                   "graded": 0, "not_graded": 0, "overridden": 0},
        "problems": [], "mistakes": [], "unreadable": [], "slowest": []}


def test_a_problem_with_nothing_graded_has_no_mean():
    summary = summarize([row("ada", "gamma", "timeout", 0.0)])
    assert summary["problems"][0]["mean_score"] is None


def test_the_same_rows_in_another_order_give_the_same_summary():
    assert summarize(list(reversed(ROWS))) == summarize(ROWS)


def test_a_graders_override_makes_a_timeout_graded():
    scored = {**row("cy", "params", "timeout", 2.0, 2.0),
              "override": {"score": 2.0, "reason": "by hand", "was": 0.0}}
    rows = [r for r in ROWS if (r["student"], r["problem"]) != ("cy", "params")] + [scored]
    summary = summarize(rows)
    assert summary["totals"]["graded"] == 7 and summary["totals"]["not_graded"] == 1
    assert summary["totals"]["overridden"] == 1
    params = next(p for p in summary["problems"] if p["problem"] == "params")
    assert params["mean_score"] == 1.0  # (1 + 0 + 2) / 3
