"""Batch grading: read a class's submissions, grade every answer, write the reports.

A detail row — one per (student, problem), whatever happened — is a dict:

    student    the student's id (or pseudonym, with anonymize)
    problem    the problem's id
    variant    the values of the student's variant
    answer     the answer as typed, or None
    parsed     the answer as read (plain text), or None
    status     correct | partial | incorrect | invalid | missing | timeout | error
    score, max_score   points (floats)
    feedback   [{"category", "message"}], most important first
    error      None, or what went wrong inside rnnsym (timeout, error)
    override   only when a grader's override applies: {"score", "reason", "was"}

Statuses separate the student's fault from the tool's: invalid (unreadable, or an answer
to an unknown problem) and missing count as 0; timeout and error are rnnsym's, and leave
the answer for a grader to look at.

Modules: inputs (reading submissions), submission (a Gradescope submission folder),
assignment, plan (which pairs), engine (grade_answer and the worker pool), run (the whole
run), overrides, anonymize, outputs, store and feedback (the files), summary (the run's
summary) and gradescope (results.json).

Example:
    >>> from rnnsym.grading.engine import grade_answer
    >>> grade_answer("params-161", "14")["status"]
    'correct'
"""

from rnnsym.grading.engine import STATUSES, grade_answer
from rnnsym.grading.run import GradeRun, Options, grade_submissions

__all__ = ["STATUSES", "GradeRun", "Options", "grade_answer", "grade_submissions"]
