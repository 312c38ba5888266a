"""Zalo's side of the process boundary: an OA API + OAuth server on 127.0.0.1, and signed
webhook events as Zalo posts them."""

from __future__ import annotations

import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

APP_ID = "1234567890123456789"
APP_SECRET = "app-secret-XYZ123"
OA_SECRET = "oa-secret-ABC987"
FIRST_REFRESH = "RT-seed-0000"


def event_body(event: dict[str, Any]) -> bytes:
    return json.dumps(event, ensure_ascii=False).encode()


def sign(body: bytes, timestamp: str, secret: str = OA_SECRET, app_id: str = APP_ID) -> str:
    return "mac=" + hashlib.sha256(app_id.encode() + body + timestamp.encode()
                                   + secret.encode()).hexdigest()


def text_event(user: str, text: str, msg_id: str, timestamp: str = "1741917600000"
               ) -> dict[str, Any]:
    return {"app_id": APP_ID, "user_id_by_app": "55" + user, "event_name": "user_send_text",
            "timestamp": timestamp, "sender": {"id": user}, "recipient": {"id": "999"},
            "message": {"text": text, "msg_id": msg_id}}


def follow_event(user: str, timestamp: str = "1741917600001") -> dict[str, Any]:
    return {"app_id": APP_ID, "oa_id": "999", "event_name": "follow", "timestamp": timestamp,
            "source": "oa_profile", "follower": {"id": user}}


def signed(event: dict[str, Any]) -> tuple[bytes, dict[str, str]]:
    """The body and headers of a webhook request Zalo would make."""
    body = event_body(event)
    return body, {"X-ZEvent-Signature": sign(body, str(event["timestamp"])),
                  "Content-Type": "application/json"}


class FakeZalo:
    """`/v3.0/oa/message/cs` and `/v4/oa/access_token`, answering as Zalo does (HTTP 200,
    the outcome in the body). Refresh tokens work once, as Zalo's do."""

    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []  # {"token", "body"}
        self.refreshes: list[dict[str, Any]] = []  # {"secret_key", "form"}
        self.profiles: list[str] = []  # user ids whose name was asked
        self.valid_refresh = FIRST_REFRESH
        self.issued = 0
        self.access_tokens: set[str] = set()
        self.message_errors: list[int] = []  # answered to the next message calls, in turn
        self.refresh_error: tuple[int, str] | None = None
        self.hold_refresh: threading.Event | None = None  # set to let a refresh answer
        self.refresh_arrived = threading.Event()
        self.changed = threading.Condition()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.path.endswith("/v4/oa/access_token"):
                    answer = fake.refresh(self.headers.get("secret_key", ""),
                                          {k: v[0] for k, v in parse_qs(raw.decode()).items()})
                elif self.path.endswith("/v3.0/oa/message/cs"):
                    answer = fake.message(self.headers.get("access_token", ""), json.loads(raw))
                else:
                    answer = {"error": -1, "message": "unknown path"}
                body = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                query = parse_qs(self.path.partition("?")[2])
                if self.path.startswith("/v3.0/oa/user/detail"):
                    answer = fake.profile(self.headers.get("access_token", ""),
                                          json.loads(query.get("data", ["{}"])[0]))
                else:
                    answer = {"error": -1, "message": "unknown path"}
                body = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args: Any) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeZalo:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.hold_refresh is not None:
            self.hold_refresh.set()
        self.server.shutdown()
        self.server.server_close()

    def refresh(self, secret_key: str, form: dict[str, str]) -> dict[str, Any]:
        with self.changed:
            self.refreshes.append({"secret_key": secret_key, "form": form})
            self.changed.notify_all()
        self.refresh_arrived.set()
        if self.hold_refresh is not None:
            self.hold_refresh.wait(30)
        with self.changed:
            if self.refresh_error is not None:
                code, name = self.refresh_error
                return {"error": code, "error_name": name, "error_reason": "",
                        "error_description": name}
            if (secret_key != APP_SECRET or form.get("app_id") != APP_ID
                    or form.get("grant_type") != "refresh_token"):
                return {"error": -14002, "error_name": "Invalid app", "error_reason": ""}
            if form.get("refresh_token") != self.valid_refresh:
                return {"error": -14014, "error_name": "Invalid refresh token"}
            self.issued += 1
            access, refresh = f"AT-zalo-{self.issued}", f"RT-zalo-{self.issued}"
            self.valid_refresh = refresh
            self.access_tokens.add(access)
            return {"access_token": access, "refresh_token": refresh, "expires_in": "90000"}

    def profile(self, token: str, data: dict[str, Any]) -> dict[str, Any]:
        with self.changed:
            self.profiles.append(str(data.get("user_id", "")))
        if token not in self.access_tokens:
            return {"error": -216, "message": "Access token is invalid"}
        user = str(data.get("user_id", ""))
        return {"error": 0, "message": "Success",
                "data": {"user_id": user, "display_name": f"Người dùng Zalo {user}"}}

    def message(self, token: str, body: dict[str, Any]) -> dict[str, Any]:
        with self.changed:
            if token not in self.access_tokens:
                self.changed.notify_all()
                return {"error": -216, "message": "Access token is invalid"}
            if self.message_errors:
                code = self.message_errors.pop(0)
                self.changed.notify_all()
                return {"error": code, "message": "refused by the fake"}
            self.messages.append({"token": token, "body": body})
            self.changed.notify_all()
            return {"error": 0, "message": "Success",
                    "data": {"message_id": f"m{len(self.messages)}",
                             "user_id": body["recipient"]["user_id"]}}

    def wait_messages(self, count: int, timeout: float = 30) -> list[dict[str, Any]]:
        """Block until `count` messages were accepted; an event wait, not a sleep."""
        with self.changed:
            if not self.changed.wait_for(lambda: len(self.messages) >= count, timeout):
                raise TimeoutError(f"{count} messages not seen: {len(self.messages)}")
            return list(self.messages)

    def texts(self, user: str) -> list[str]:
        return [m["body"]["message"]["text"] for m in self.messages
                if m["body"]["recipient"]["user_id"] == user]
