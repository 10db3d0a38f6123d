"""LTI 1.3 grade passback against a real platform on loopback (lti1p3platform): the scores arrive in its store."""

import json
from datetime import datetime

import pytest

from tests.conftest import answer, autograder, released_notebook, submit
from tests.lti_platform import LoopbackPlatform, new_key_pair

FORWARD = "fc_out_alternative = x @ w.T + b"
BACKWARD = "our_formula = (x @ w.T + b).sum()\nour_formula.backward()"
ROSTER = (
    "student_id,first_name,last_name,email,lti_user_id\n"
    's1,Иван,"Петров, ""мл.""",ivan@example.org,lti-user-1\n'
    "s2,Anna,O'Neil,anna@example.org,lti-user-2\n"
    "s3,Олег,Без работы,oleg@example.org,lti-user-3\n"
    "s4,Nina,Unknown,nina@example.org,lti-user-404\n"
)


@pytest.fixture
def lms(course, tmp_path):
    """A graded course (s1 1/3, s2 3/3, s4 3/3, s3 without a submission), its roster, and a platform that knows
    the tool's public key and the users lti-user-1..3 (not lti-user-404)."""
    released = released_notebook(course, "fc_layer")
    submit(course, "s1", "fc_layer", answer(released, fc_forward=FORWARD))
    for student in ("s2", "s4"):
        submit(course, student, "fc_layer", answer(released, fc_forward=FORWARD, fc_backward=BACKWARD))
    assert autograder("grade", "fc_layer", cwd=course.root).returncode == 0
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    assert autograder("roster", "import", str(tmp_path / "roster.csv"), cwd=course.root).returncode == 0
    private, public = new_key_pair()
    platform = LoopbackPlatform(client_id="grader-tool", tool_public_key=public, tool_key_id="tool-key-1",
                                users={"lti-user-1", "lti-user-2", "lti-user-3"}, line_items={"12"}).start()
    (tmp_path / "tool-private.pem").write_text(private)
    config = {"client_id": "grader-tool", "token_url": platform.token_url, "private_key_file": "tool-private.pem",
              "key_id": "tool-key-1", "line_items": {"fc_layer": platform.line_item_url("12")}}
    (tmp_path / "lti.json").write_text(json.dumps(config))
    yield course, platform, tmp_path / "lti.json"
    platform.stop()


def passback(course, config):
    return autograder("passback", "fc_layer", "--lti-config", str(config), cwd=course.root)


def test_scores_arrive_in_the_platforms_store(lms):
    course, platform, config = lms
    run = passback(course, config)
    assert run.returncode == 1, "one student the platform does not know: a failure, reported"
    assert {user: score["scoreGiven"] for (_, user), score in platform.store.items()} == \
        {"lti-user-1": 1.0, "lti-user-2": 3.0}
    score = platform.store[("12", "lti-user-1")]
    assert score["scoreMaximum"] == 3.0
    assert (score["activityProgress"], score["gradingProgress"]) == ("Completed", "FullyGraded")
    assert datetime.fromisoformat(score["timestamp"]).tzinfo is not None, "an ISO 8601 timestamp with its zone"
    assert "lti-user-3" not in {s["userId"] for s in platform.received}, "no submission: nothing sent"
    assert "2 sent, 0 unchanged, 1 skipped, 1 failed" in run.stdout
    assert "HTTP 404" in run.stdout and "no user lti-user-404" in run.stdout, "the platform's answer is shown"


def test_a_rerun_sends_only_what_changed(lms):
    course, platform, config = lms
    passback(course, config)
    sent = len(platform.received)
    again = passback(course, config)
    assert len(platform.received) == sent + 1, "only the failed one is tried again"
    assert "0 sent, 2 unchanged, 1 skipped, 1 failed" in again.stdout
    released = released_notebook(course, "fc_layer")
    submit(course, "s1", "fc_layer", answer(released, fc_forward=FORWARD, fc_backward=BACKWARD))
    assert autograder("grade", "fc_layer", "--student", "s1", cwd=course.root).returncode == 0
    passback(course, config)
    new = [s for s in platform.received[sent + 1:] if s["userId"] != "lti-user-404"]
    assert [(s["userId"], s["scoreGiven"]) for s in new] == [("lti-user-1", 3.0)]
    assert platform.store[("12", "lti-user-1")]["scoreGiven"] == 3.0


def test_a_key_the_platform_does_not_know_is_refused_and_nothing_is_sent(lms, tmp_path):
    course, platform, config = lms
    (config.parent / "tool-private.pem").write_text(new_key_pair()[0])
    run = passback(course, config)
    assert run.returncode == 2
    assert run.stderr.startswith(f"error: the LMS refused an access token at {platform.token_url} (HTTP 401)")
    assert platform.received == [] and platform.store == {}


@pytest.mark.parametrize("change, message", [
    ({"line_items": {"backprop": "http://x/lineitems/1"}}, "has no line item for fc_layer (line_items has: backprop)"),
    ({"key_id": ""}, "has no key_id"),
    ({"private_key_file": "nowhere.pem"}, "cannot read the tool's private key"),
])
def test_a_bad_config_is_one_line(lms, change, message):
    course, platform, config = lms
    config.write_text(json.dumps({**json.loads(config.read_text()), **change}))
    run = passback(course, config)
    assert run.returncode == 2 and message in run.stderr and len(run.stderr.strip().splitlines()) == 1
    assert platform.received == []
