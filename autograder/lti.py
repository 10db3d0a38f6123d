"""`autograder passback NAME --lti-config FILE`: scores into the LMS through LTI 1.3 Assignment and Grade Services.

The tool (this grader) asks the platform's token endpoint for an access token with a JWT signed by its
private key (OAuth 2 client credentials, as the IMS Security Framework has it), then POSTs one Score per
student to the assignment's line item (`<line item URL>/scores`). What was accepted is remembered in
lti_passback.json in the course, so a re-run sends only the scores that changed.

The config file (JSON), paths relative to it:
    {"client_id": "...", "token_url": "https://lms.example/login/oauth2/token",
     "private_key_file": "tool-private.pem", "key_id": "tool-key-1",
     "line_items": {"fc_layer": "https://lms.example/api/lti/courses/7/line_items/12"},
     "audience": "(optional: the token endpoint's audience, if not token_url)"}
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import jwt
import requests

from autograder.course import Course
from autograder.errors import AutograderError
from autograder.export import records
from autograder.lock import write_atomically
from autograder.roster import load_roster

SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
SCORE_MEDIA_TYPE = "application/vnd.ims.lis.v1.score+json"
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
SENT_FILE = "lti_passback.json"
TIMEOUT = 30  # seconds for each request to the platform


@dataclass(frozen=True)
class LtiConfig:
    client_id: str
    token_url: str
    audience: str
    private_key: str
    key_id: str
    line_items: dict[str, str]


@dataclass(frozen=True)
class Passback:
    """What happened to one student's score: sent, unchanged, skipped or failed, and the platform's answer."""

    student: str
    outcome: str
    detail: str
    score: float | None = None


def load_config(path: Path) -> LtiConfig:
    """The LTI config file, checked; a one-line error naming what is missing or wrong."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise AutograderError(f"cannot read the LTI config {path}: {error}") from error
    if not isinstance(data, dict):
        raise AutograderError(f"the LTI config {path} must be a JSON object")
    missing = [k for k in ("client_id", "token_url", "private_key_file", "key_id", "line_items") if not data.get(k)]
    if missing:
        raise AutograderError(f"the LTI config {path.name} has no {', '.join(missing)}")
    if not isinstance(data["line_items"], dict):
        raise AutograderError(f"the LTI config {path.name}: line_items must map assignment names to line item URLs")
    key_path = path.parent / data["private_key_file"]
    try:
        private_key = key_path.read_text(encoding="utf-8")
    except OSError as error:
        raise AutograderError(f"cannot read the tool's private key {key_path}: {error.strerror}") from error
    return LtiConfig(client_id=str(data["client_id"]), token_url=str(data["token_url"]),
                     audience=str(data.get("audience") or data["token_url"]), private_key=private_key,
                     key_id=str(data["key_id"]), line_items={str(k): str(v) for k, v in data["line_items"].items()})


def client_assertion(config: LtiConfig) -> str:
    """The JWT that authenticates the tool to the token endpoint, signed with the tool's private key."""
    now = int(time.time())
    claims = {"iss": config.client_id, "sub": config.client_id, "aud": config.audience, "iat": now,
              "exp": now + 300, "jti": uuid.uuid4().hex}
    try:
        return jwt.encode(claims, config.private_key, algorithm="RS256", headers={"kid": config.key_id})
    except (ValueError, TypeError, jwt.PyJWTError) as error:
        raise AutograderError(f"the tool's private key cannot sign (an RSA key in PEM is needed): {error}") from error


def access_token(config: LtiConfig, session: requests.Session) -> str:
    """A bearer token for the score scope, from the platform's token endpoint."""
    form = {"grant_type": "client_credentials", "client_assertion_type": ASSERTION_TYPE,
            "client_assertion": client_assertion(config), "scope": SCORE_SCOPE}
    response = _request(session, "post", config.token_url, data=form)
    token = _json(response).get("access_token") if response.ok else None
    if not token:
        raise AutograderError(f"the LMS refused an access token at {config.token_url} "
                              f"(HTTP {response.status_code}): {_answer(response)}")
    return str(token)


def scores_url(line_item: str) -> str:
    """`<line item>/scores`, keeping the line item URL's query (AGS 2.0 says to append to the path)."""
    parts = urlsplit(line_item)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "/scores"))


def score_body(user_id: str, score: float, maximum: float) -> dict:
    timestamp = datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return {"userId": user_id, "scoreGiven": score, "scoreMaximum": maximum, "activityProgress": "Completed",
            "gradingProgress": "FullyGraded", "timestamp": timestamp}


def passback(course: Course, assignment: str, config_path: Path) -> list[Passback]:
    """Send every graded student's score that the platform does not have yet; what happened to each."""
    config = load_config(config_path)
    course.source_notebook(assignment)
    line_item = config.line_items.get(assignment)
    if not line_item:
        raise AutograderError(f"the LTI config {config_path.name} has no line item for {assignment} "
                              f"(line_items has: {', '.join(config.line_items) or 'none'})")
    roster, sent = load_roster(course), _load_sent(course)
    done = sent.setdefault(assignment, {})
    results, to_send = [], []
    for record in records(course, assignment):
        student = record["student_id"]
        user_id = roster.get(student, {}).get("lti_user_id", "")
        if record["status"] == "missing":
            results.append(Passback(student, "skipped", "no submission: nothing sent"))
        elif not user_id:
            results.append(Passback(student, "skipped", "no lti_user_id in the roster: `autograder roster import`"))
        elif done.get(student) == _key(line_item, user_id, record):
            results.append(Passback(student, "unchanged", "the platform has this score already", record["score"]))
        else:
            to_send.append((record, user_id))
    if to_send:
        with requests.Session() as session:
            token = access_token(config, session)
            for record, user_id in to_send:
                result = _send_score(session, token, line_item, user_id, record)
                results.append(result)
                if result.outcome == "sent":
                    done[record["student_id"]] = _key(line_item, user_id, record)
                    write_atomically(course.root / SENT_FILE, json.dumps(sent, indent=1) + "\n")
    return sorted(results, key=lambda r: r.student)


def _send_score(session: requests.Session, token: str, line_item: str, user_id: str, record: dict) -> Passback:
    body = score_body(user_id, record["score"], record["max_score"])
    headers = {"Authorization": f"Bearer {token}", "Content-Type": SCORE_MEDIA_TYPE}
    try:
        response = _request(session, "post", scores_url(line_item), data=json.dumps(body), headers=headers)
    except AutograderError as error:
        return Passback(record["student_id"], "failed", str(error), record["score"])
    outcome = "sent" if response.ok else "failed"
    return Passback(record["student_id"], outcome, f"HTTP {response.status_code} {_answer(response)}".strip(),
                    record["score"])


def _key(line_item: str, user_id: str, record: dict) -> dict:
    return {"line_item": line_item, "user_id": user_id, "score": record["score"], "max_score": record["max_score"]}


def _load_sent(course: Course) -> dict:
    path = course.root / SENT_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def _request(session: requests.Session, method: str, url: str, **kwargs) -> requests.Response:
    try:
        return session.request(method, url, timeout=TIMEOUT, **kwargs)
    except requests.RequestException as error:
        raise AutograderError(f"cannot reach the LMS at {url}: {error}") from error


def _json(response: requests.Response) -> dict:
    try:
        data = response.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _answer(response: requests.Response) -> str:
    """The platform's answer in one short line."""
    return " ".join(response.text.split())[:200]
