"""An LTI 1.3 platform on loopback for the passback tests, built on the `lti1p3platform` package.

lti1p3platform is the platform side: it checks the tool's signed client assertion against the tool's
public key and issues (and later verifies) the access tokens. Around it, this module serves the token
endpoint and an Assignment and Grade Services score endpoint over real HTTP, and keeps what arrives in
`store` (the latest Score per line item and user) and `received` (every request, in order).
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from lti1p3platform.ltiplatform import LTI1P3PlatformConfAbstract
from lti1p3platform.registration import Registration

SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
SCORE_MEDIA_TYPE = "application/vnd.ims.lis.v1.score+json"


def new_key_pair() -> tuple[str, str]:
    """An RSA key pair in PEM: (private, public)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return private, public


class _Platform(LTI1P3PlatformConfAbstract):
    def init_platform_config(self, **settings) -> None:
        self._registration = (
            Registration().set_iss(settings["issuer"]).set_client_id(settings["client_id"]).set_deployment_id("1")
            .set_platform_private_key(settings["private_key"]).set_platform_public_key(settings["public_key"])
            .set_tool_key_set(settings["tool_key_set"]))

    def get_registration_by_params(self, **kwargs) -> Registration:
        return self._registration


@dataclass
class LoopbackPlatform:
    """The platform's settings, the users and line items it knows, and what it received."""

    client_id: str
    tool_public_key: str
    tool_key_id: str
    users: set[str]
    line_items: set[str]
    store: dict[tuple[str, str], dict] = field(default_factory=dict)
    received: list[dict] = field(default_factory=list)

    def start(self) -> LoopbackPlatform:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        private, public = new_key_pair()
        tool_jwk = {**Registration.get_jwk(self.tool_public_key), "kid": self.tool_key_id}
        self.platform = _Platform(issuer=self.url, client_id=self.client_id, private_key=private, public_key=public,
                                  tool_key_set={"keys": [tool_jwk]})
        self.lock, self.used_jti = threading.Lock(), set()
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def token_url(self) -> str:
        return f"{self.url}/token"

    def line_item_url(self, item: str) -> str:
        return f"{self.url}/lineitems/{item}"

    def issue_token(self, form: dict[str, str]) -> tuple[int, dict]:
        """The token endpoint: the tool's assertion checked by lti1p3platform, plus the claims it leaves out."""
        with self.lock:
            try:
                claims = self.platform.tool_validate_and_decode(form.get("client_assertion", ""))
                problems = [name for name, ok in (
                    ("iss", claims.get("iss") == self.client_id), ("sub", claims.get("sub") == self.client_id),
                    ("aud", claims.get("aud") == self.token_url), ("exp", claims.get("exp", 0) > time.time()),
                    ("jti", claims.get("jti") and claims["jti"] not in self.used_jti)) if not ok]
                if problems:
                    return 401, {"error": "invalid_client", "error_description": f"bad claims: {problems}"}
                self.used_jti.add(claims["jti"])
                return 200, dict(self.platform.get_access_token(form))
            except Exception as error:  # lti1p3platform raises plain and its own exceptions for a bad assertion
                return 401, {"error": "invalid_client", "error_description": str(error)}

    def take_score(self, item: str, authorization: str, content_type: str, body: bytes) -> tuple[int, dict]:
        """The score endpoint: a Score is stored when the token, the media type and the fields are right."""
        token = authorization.removeprefix("Bearer ")
        with self.lock:
            try:
                allowed = self.platform.validate_token(token, allowed_scopes=[SCORE_SCOPE])
            except Exception as error:
                return 401, {"error": str(error)}
        if not allowed:
            return 403, {"error": "the token does not carry the score scope"}
        if content_type != SCORE_MEDIA_TYPE:
            return 415, {"error": f"expected {SCORE_MEDIA_TYPE}, got {content_type}"}
        if item not in self.line_items:
            return 404, {"error": f"no line item {item}"}
        score = json.loads(body)
        self.received.append({"line_item": item, **score})
        missing = [k for k in ("userId", "timestamp", "activityProgress", "gradingProgress") if k not in score]
        if missing:
            return 400, {"error": f"missing {missing}"}
        if score["userId"] not in self.users:
            return 404, {"error": f"no user {score['userId']} in this context"}
        previous = self.store.get((item, score["userId"]))
        if previous and datetime.fromisoformat(score["timestamp"]) <= datetime.fromisoformat(previous["timestamp"]):
            return 409, {"error": "a score with an earlier timestamp"}
        self.store[(item, score["userId"])] = score
        return 200, {}


def _handler(platform: LoopbackPlatform) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if self.path == "/token":
                form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
                status, answer = platform.issue_token(form)
            elif self.path.startswith("/lineitems/") and self.path.endswith("/scores"):
                item = self.path.removeprefix("/lineitems/").removesuffix("/scores")
                status, answer = platform.take_score(item, self.headers.get("Authorization", ""),
                                                     self.headers.get("Content-Type", ""), body)
            else:
                status, answer = 404, {"error": "no such endpoint"}
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args) -> None:
            pass

    return Handler
