import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rnnsym.problem_tables import (
    JUDGE_OPTIONS,
    IntRange,
    TableError,
    draw,
    read_judge,
    read_vary,
)


@settings(derandomize=True, max_examples=200, deadline=None)
@given(low=st.integers(-2**63, 2**63 - 1), width=st.integers(0, 2**64),
       step=st.integers(1, 2**40), seed=st.integers(0, 2**64))
def test_a_range_draw_is_on_the_grid_and_in_bounds(low, width, step, seed):
    rule = IntRange(low, low + width, step)
    value = draw("p", "n", seed, rule)
    assert low <= value <= low + width and (value - low) % step == 0
    # The documented rule, by hand with hashlib.
    digest = hashlib.sha256(f"p:n:{seed}".encode()).digest()
    assert value == low + (int.from_bytes(digest[:8], "big") % (width // step + 1)) * step


def test_vary_reads_lists_and_ranges():
    rules = read_vary("p.toml", {"k": [2, 3], "n": {"min": 1, "max": 7, "step": 3}})
    assert rules["k"].values() == (2, 3) and rules["n"].values() == (1, 4, 7)


def test_every_judge_option_is_a_keyword_of_its_judge():
    # The table must not promise an option that the judge would refuse.
    import inspect

    from rnnsym.answers import KINDS
    from rnnsym.checking import _JUDGE_KIND

    for answer, options in JUDGE_OPTIONS.items():
        judge = KINDS[_JUDGE_KIND.get(answer, answer)].judge
        accepted = set(inspect.signature(judge).parameters)
        keywords = {{"tolerance": "rel_tol"}.get(o, o) for o in options}
        assert keywords <= accepted, (answer, keywords - accepted)


def test_judge_errors_name_file_and_key():
    with pytest.raises(TableError, match=r"^q.toml: key 'judge.points' should be an integer"):
        read_judge("q.toml", "expression", {"points": 0})
