"""Replays: the input cell rewritten to read fresh inputs, seeded per student and assignment."""

import torch

from autograder.replay import fresh_inputs, inject_inputs, replay_seed
from solutions import backprop, fc_layer
from tests.conftest import answer, autograder, released_notebook, submit


def test_input_cell_reads_the_injected_inputs():
    source = "x = torch.tensor([[10., 20.]])\nprint(x.shape)\nfc = torch.nn.Linear(2, 3)\nw = torch.ones(3, 2)"
    rewritten = inject_inputs(source, {"x", "w"})
    assert "x = _grader_inputs['x'].clone()" in rewritten and "w = _grader_inputs['w'].clone()" in rewritten
    assert "fc = torch.nn.Linear(2, 3)" in rewritten and "print(x.shape)" in rewritten


def test_fresh_inputs_are_seeded_per_student_and_assignment():
    first, again = fresh_inputs("fc_layer", "s01"), fresh_inputs("fc_layer", "s01")
    assert all(torch.equal(first[k], again[k]) for k in first), "a re-grade replays the same inputs"
    other = fresh_inputs("fc_layer", "s02")
    assert not all(torch.equal(first[k], other[k]) for k in first)
    assert replay_seed("fc_layer", "s01") != replay_seed("backprop", "s01")


def test_fresh_inputs_have_other_non_square_shapes():
    for module, assignment in ((fc_layer, "fc_layer"), (backprop, "backprop")):
        seed, fresh = module.seed_inputs(), fresh_inputs(assignment, "s01")
        assert set(seed) == set(fresh)
        changed = {k for k in seed if seed[k].shape != fresh[k].shape}
        assert changed >= ({"x", "w"} if assignment == "fc_layer" else {"w", "b", "x", "y"}), assignment
        assert all(len(set(t.shape)) == t.dim() for t in fresh.values()), f"{assignment}: a square input"


def test_regrading_gives_the_same_scores(course):
    released = released_notebook(course, "fc_layer")
    hard_coded = "fc_out_alternative = torch.tensor([[381., 682., 983.]])"
    submit(course, "s1", "fc_layer", answer(released, fc_forward=hard_coded,
                                            fc_backward="our_formula = (x @ w.T + b).sum()\nour_formula.backward()"))
    first = autograder("grade", "fc_layer", cwd=course.root)
    again = autograder("grade", "fc_layer", "--force", cwd=course.root)
    assert first.returncode == again.returncode == 0
    assert "│ s1      │              0 │               2 │ 2 / 3 │" in first.stdout
    assert first.stdout == again.stdout
