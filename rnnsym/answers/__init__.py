"""Reading and judging students' answers.

Reading (parse, parse_shape, parse_template) turns text into SymPy objects through
rnnsym's own grammar, within Limits; judges return a Verdict with feedback; check() picks
the judge for a kind of answer and runs it in-process or in the Sandbox.

Example:
    >>> from rnnsym.answers import judge_chain
    >>> from rnnsym.notation import partial
    >>> key = [partial("L_1", "y_1") * partial("y_1", "s_1") * partial("s_1", "W")]
    >>> judge_chain("∂L₁/∂y₁ ∂y₁/∂s₁ ∂s₁/∂W", key).verdict
    'correct'
"""

from rnnsym.answers.chains import judge_chain
from rnnsym.answers.check import KINDS, check
from rnnsym.answers.choices import judge_choice
from rnnsym.answers.expressions import judge_expression
from rnnsym.answers.general import judge_general
from rnnsym.answers.graph import RNN, Graph
from rnnsym.answers.jacobians import JacobianKey, judge_jacobian
from rnnsym.answers.limits import DEFAULT_LIMITS, TIMEOUT_MESSAGE, AnswerError, Limits
from rnnsym.answers.matrices import judge_matrix
from rnnsym.answers.numbers import judge_equation, judge_integer, judge_number
from rnnsym.answers.parse import Template, parse, parse_shape, parse_template
from rnnsym.answers.sandbox import Sandbox
from rnnsym.answers.shapes import judge_shape
from rnnsym.answers.verdict import Echo, Feedback, Mistake, Verdict

__all__ = [
    "DEFAULT_LIMITS", "KINDS", "RNN", "TIMEOUT_MESSAGE", "AnswerError", "Echo", "Feedback",
    "Graph", "JacobianKey", "Limits", "Mistake", "Sandbox", "Template", "Verdict", "check",
    "judge_chain", "judge_choice", "judge_equation", "judge_expression", "judge_general",
    "judge_integer", "judge_jacobian", "judge_matrix", "judge_number", "judge_shape", "parse",
    "parse_shape", "parse_template",
]
