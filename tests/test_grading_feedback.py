from rnnsym.grading.feedback import fenced, student_feedback


def test_a_students_text_cannot_close_its_fence():
    assert fenced("a ``` b") == "````text\na ``` b\n````"


def test_the_page_shows_answer_reading_verdict_feedback_and_override():
    rows = [{"problem": "params-161", "answer": "n=14", "parsed": "Eq(n, 14)",
             "status": "correct", "score": 2.0, "max_score": 2.0, "feedback": []},
            {"problem": "gamma", "answer": None, "parsed": None, "status": "missing",
             "score": 0.5, "max_score": 1.0, "feedback": [],
             "override": {"score": 0.5, "reason": "asked in class", "was": 0.0}},
            {"problem": "clip", "answer": "<b>", "parsed": None, "status": "invalid",
             "score": 0.0, "max_score": 1.0,
             "feedback": [{"category": "syntax", "message": "cannot read <b>"}]}]
    page = student_feedback("ada", rows, {"gamma": "γ of the sigmoid"})
    assert page == """# Feedback: ada

Total: 2.5 / 4

## clip

Your answer:

```text
<b>
```

Verdict: **could not be read**, 0 / 1

- cannot read &lt;b&gt; (syntax)

## gamma — γ of the sigmoid

Your answer:

(none)

Verdict: **no answer**, 0.5 / 1

- Score set by a grader: asked in class

## params-161

Your answer:

```text
n=14
```

Read as:

```text
Eq(n, 14)
```

Verdict: **correct**, 2 / 2
"""
