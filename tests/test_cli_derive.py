"""`rnnsym derive` through the Typer app: formats, exit codes, the explicit view's wiring."""

import json
import subprocess
import sys
import types
from dataclasses import dataclass

import pytest
import sympy as sp
from typer.testing import CliRunner

from rnnsym.cli import app

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, ["derive", *args])


def test_the_main_command():
    result = invoke("dW", "--steps", "4")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "∂L/∂W over T = 4 steps"
    assert "t = 2:  ∂L₂/∂y₂ ∂y₂/∂s₂ ∂s₂/∂W + ∂L₂/∂y₂ ∂y₂/∂s₂ ∂s₂/∂s₁ ∂s₁/∂W" in lines
    assert lines[-1] == "10 terms."


def test_json_and_its_synonym():
    result = invoke("W", "--steps", "4", "--format", "json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["param"] == "W" and doc["steps"] == 4 and doc["count"] == 10
    assert doc["loss_at"] == "all"
    assert {"t": 2, "k": 1, "factors": [["L2", "y2"], ["y2", "s2"], ["s2", "s1"], ["s1", "W"]]} \
        in doc["terms"]
    assert invoke("W", "--steps", "4", "--json").stdout == result.stdout


@pytest.mark.parametrize("param, count", [("dU", 10), ("db", 10), ("dV", 4), ("dc", 4),
                                          ("ds0", 4), ("dL/dW", 10)])
def test_every_parameter(param, count):
    doc = json.loads(invoke(param, "--json").stdout)
    assert doc["count"] == count


def test_options_reach_the_derivation():
    doc = json.loads(invoke("W", "-T", "6", "--loss-at", "4", "--truncate", "2",
                            "--activation", "sigmoid", "--convention", "row", "--json").stdout)
    assert (doc["count"], doc["loss_at"], doc["truncate"], doc["dropped"]) == (2, 4, 2, 2)
    assert (doc["activation"], doc["convention"]) == ("sigmoid", "row")
    doc = json.loads(invoke("U", "--architecture", "one-to-many", "--json").stdout)
    assert doc["count"] == 4 and doc["zero_terms"] == 6
    doc = json.loads(invoke("W", "--architecture", "many-to-one", "--json").stdout)
    assert doc["loss_steps"] == [4] and doc["count"] == 4


def test_latex_is_ready_to_paste():
    out = invoke("W", "--steps", "3", "--format", "latex").stdout
    comments = [line for line in out.splitlines() if line.startswith("%")]
    assert comments[0] == "% dL/dW over T = 3 steps; many-to-many, tanh, column convention"
    body = out[out.index("\\begin{aligned}"):].rstrip()
    assert body.endswith("\\end{aligned}")
    assert "\\frac{\\partial L_{3}}{\\partial y_{3}}" in body


def test_markdown_and_text():
    md = invoke("V", "--steps", "2", "--format", "markdown").stdout
    assert md.startswith("## ∂L/∂V over T = 2 steps")
    assert "$$\n\\frac{\\partial L_{1}}{\\partial y_{1}} \\frac{\\partial y_{1}}{\\partial V}\n$$" \
        in md
    text = invoke("W", "--steps", "3", "--format", "text", "--expand").stdout
    assert text.isascii()
    assert "t = 2:  dL2/dy2 dy2/ds2 ds2/dW + dL2/dy2 dy2/ds2 diag(sigma'(a2)) W ds1/dW" in text


def test_expand_in_json_and_latex():
    doc = json.loads(invoke("W", "--steps", "3", "--expand", "--json",
                            "--activation", "sigmoid").stdout)
    assert doc["expand"]["prime_of_s"] == "s*(1 - s)"
    assert doc["expand"]["diagonal"] is True and doc["expand"]["gamma"] == "1/4"
    assert "\\operatorname{diag}" in doc["latex"]
    out = invoke("W", "--steps", "3", "--expand", "--format", "latex").stdout
    assert "\\sigma'(a) &=" in out and "(\\gamma\\lambda)^{2}" in out


@pytest.mark.parametrize("args, message", [
    (["dw"], "unknown parameter 'dw'"),
    (["W", "--steps", "0"], "--steps must be a positive integer"),
    (["W", "--steps", "x"], "--steps must be a positive integer"),
    (["W", "--steps", "4", "--loss-at", "9"], "there is no loss L_9"),
    (["W", "--truncate", "0"], "--truncate must be a positive integer"),
    (["W", "--dims", "n=2,d=x"], "--dims d must be a positive integer"),
    (["W", "--dims", "n=2,q=3"], "--dims takes sizes as n=2,d=3,k=2"),
    (["W", "--dims", "n=2,n=3"], "--dims takes sizes"),
    (["W", "--format", "pdf"], "unknown format 'pdf'"),
    (["W", "--architecture", "two-to-two"], "architecture 'two-to-two' is not allowed"),
    (["W", "--activation", "relu"], "activation 'relu' is not allowed"),
    (["W", "--steps", "2", "--architecture", "one-to-one"], "one-to-one has exactly 1 step"),
    (["W", "--steps", "40", "--dims", "n=1,d=2,k=2"], "the explicit view is for small"),
])
def test_bad_input_is_one_line_and_exit_3(args, message):
    result = invoke(*args)
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
    assert message in result.stderr


# --- the explicit view, through a stand-in for rnnsym.explicit ------------------------------


@dataclass(frozen=True)
class FakeGradient:
    param: str
    matrix: sp.Matrix
    subexpressions: tuple
    symbols: dict


@dataclass(frozen=True)
class FakeVerification:
    symbolic_difference: object
    numeric_difference: float
    tolerance: float
    passed: bool
    seconds: float


@pytest.fixture
def fake_explicit(monkeypatch):
    """Install a stand-in rnnsym.explicit recording its calls; `passed` sets the verdict."""
    module = types.ModuleType("rnnsym.explicit")
    module.calls = []
    module.passed = True
    a = sp.Symbol("a_11")

    def explicit_gradient(model, param, steps, loss_at=None, truncate=None):
        module.calls.append(("explicit", model, param, steps, loss_at, truncate))
        return FakeGradient(param, sp.Matrix([[1 - sp.tanh(a) ** 2, 0], [0, a]]),
                            ((a, sp.Symbol("w11") * sp.Symbol("x11")),), {})

    def verify(model, param, steps, loss_at=None, truncate=None, seed=0, points=3):
        module.calls.append(("verify", model, param, steps, loss_at, truncate, seed))
        return FakeVerification(sp.Integer(0) if module.passed else sp.Rational(1, 3),
                                2e-16 if module.passed else 0.3, 1e-10, module.passed, 0.5)

    module.explicit_gradient, module.verify = explicit_gradient, verify
    monkeypatch.setitem(sys.modules, "rnnsym.explicit", module)
    return module


def test_dims_and_verify_reach_the_explicit_view(fake_explicit):
    result = invoke("W", "--steps", "3", "--dims", "n=2,d=3,k=2", "--verify", "--loss-at", "3",
                    "-K", "2", "--activation", "sigmoid", "--convention", "row", "--seed", "7")
    assert result.exit_code == 0, result.stderr
    (kind, model, param, steps, loss_at, truncate), verify_call = \
        fake_explicit.calls[0], fake_explicit.calls[1]
    assert kind == "explicit" and (param, steps, loss_at, truncate) == ("W", 3, 3, 2)
    assert (model.n, model.d, model.k) == (2, 3, 2)
    assert (model.activation, model.convention) == ("sigmoid", "row")
    assert verify_call[0] == "verify" and verify_call[-1] == 7
    assert "Explicit view, n = 2, d = 3, k = 2: ∂L/∂W is a 2×2 matrix" in result.stdout
    assert "  [1,1] = 1 - tanh(a_11)**2" in result.stdout
    assert "  a_11 = w11*x11" in result.stdout
    assert "passed in 0.50 s" in result.stdout


def test_verify_alone_uses_the_default_sizes_and_a_failure_exits_1(fake_explicit):
    fake_explicit.passed = False
    result = invoke("b", "--steps", "2", "--verify", "--json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["verification"] == {"dims": {"n": 2, "d": 3, "k": 2},
                                   "symbolic_difference": "1/3", "numeric_difference": 0.3,
                                   "tolerance": 1e-10, "passed": False, "seconds": 0.5}
    assert "explicit" not in doc
    assert [call[0] for call in fake_explicit.calls] == ["verify"]


def test_explicit_view_in_json_and_latex(fake_explicit):
    doc = json.loads(invoke("V", "--dims", "n=1,d=2,k=2", "--json").stdout)
    assert doc["explicit"]["matrix"] == [["1 - tanh(a_11)**2", "0"], ["0", "a_11"]]
    assert doc["explicit"]["subexpressions"] == [["a_11", "w11*x11"]]
    assert doc["explicit"]["dims"] == {"n": 1, "d": 2, "k": 2}
    out = invoke("V", "--dims", "n=1,d=2,k=2", "--format", "latex").stdout
    assert "\\frac{\\partial L}{\\partial V} &= \\left[\\begin{matrix}" in out


# --- the real thing, once rnnsym.explicit is there -------------------------------------------


@pytest.mark.parametrize("activation", ["tanh", "sigmoid"])
@pytest.mark.parametrize("convention", ["column", "row"])
def test_verify_end_to_end(activation, convention):
    pytest.importorskip("rnnsym.explicit")
    result = invoke("W", "--steps", "2", "--dims", "n=1,d=2,k=2", "--verify", "--json",
                    "--activation", activation, "--convention", convention)
    assert result.exit_code == 0, result.stderr
    check = json.loads(result.stdout)["verification"]
    assert check["passed"] and check["numeric_difference"] <= 1e-10
    assert check["symbolic_difference"] == "0"


# --- start-up ------------------------------------------------------------------------------


def test_help_imports_neither_sympy_nor_numpy():
    script = (
        "import sys\n"
        "from rnnsym.cli import app\n"
        "for args in (['--help'], ['derive', '--help']):\n"
        "    try:\n"
        "        app(args)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "heavy = [m for m in ('sympy', 'numpy') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "derive" in run.stdout
