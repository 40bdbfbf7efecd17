"""run_instance: results in the user's layout, truncation and clipping of the weights."""

import numpy as np
import pytest

from rnnsym.instance import load_instance
from rnnsym.numeric import NonFiniteError
from rnnsym.runner import run_instance


def test_layout_of_one_sequence_and_of_a_batch():
    single = run_instance(load_instance("examples/many-to-one.json"))
    assert single.states.shape == (4, 2) and single.outputs.shape == (4, 1)
    np.testing.assert_array_equal(single.step_losses[:3], 0.0)  # the loss is at T only
    batch = run_instance(load_instance("examples/batch-row.json"))
    assert batch.states.shape == (2, 3, 3) and batch.grads["s0"].shape == (3,)
    assert list(batch.grads) == ["U", "W", "V", "b", "c", "s0"]


def test_clip_is_global_over_the_weights_and_keeps_the_direction():
    inst = load_instance("examples/one-to-many.json")
    full, clipped = run_instance(inst), run_instance(inst, clip=0.01)
    weights = ("U", "W", "V", "b", "c")
    norm = np.sqrt(sum(np.sum(full.grads[n] ** 2) for n in weights))
    assert clipped.clip.clipped and clipped.clip.norm_before == pytest.approx(norm)
    assert clipped.clip.norm_after == pytest.approx(0.01)
    for name in weights:
        np.testing.assert_allclose(clipped.grads[name], full.grads[name] * 0.01 / norm)
    np.testing.assert_array_equal(clipped.grads["s0"], full.grads["s0"])


def test_truncation_window_beyond_T_is_full_bptt():
    # s_0 counts as k = 0, so L_T reaches it only through a window K > T.
    inst = load_instance("examples/one-to-many.json")
    full, wide = run_instance(inst), run_instance(inst, truncate=inst.steps + 1)
    for name in full.grads:
        np.testing.assert_allclose(wide.grads[name], full.grads[name], rtol=1e-13)
    almost = run_instance(inst, truncate=inst.steps)
    np.testing.assert_allclose(almost.grads["W"], full.grads["W"], rtol=1e-13)
    assert not np.allclose(almost.grads["s0"], full.grads["s0"])
    assert run_instance(inst, truncate=1).truncate == 1


def test_bad_window_and_overflow():
    inst = load_instance("examples/tiny.json")
    with pytest.raises(ValueError):
        run_instance(inst, truncate=0)
    with pytest.raises(ValueError):
        run_instance(inst, clip=0.0)
    from dataclasses import replace

    huge = replace(inst, params=replace(inst.params, V=inst.params.V * 1e308,
                                        c=inst.params.c + 1e308))
    with pytest.raises(NonFiniteError):
        run_instance(huge)


def test_docstring_examples():
    import doctest

    import rnnsym.runner

    assert doctest.testmod(rnnsym.runner).failed == 0
