"""Telegram's side of the process boundary: a recording BaseRequest and a tiny Bot API server."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

from telegram.request import BaseRequest, RequestData

BOT_USER = {"id": 777000, "is_bot": True, "first_name": "Một Cửa", "username": "MotCuaBot"}


def user_json(user_id: int, name: str = "Lan") -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": name}


def text_update(update_id: int, user_id: int, text: str, date: int = 1741917600) -> dict[str, Any]:
    entities = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}] \
        if text.startswith("/") else []
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": date,
            "chat": {"id": user_id, "type": "private", "first_name": "Lan"},
            "from": user_json(user_id),
            "text": text,
            "entities": entities,
        },
    }


def edited_update(update_id: int, user_id: int, message_id: int, text: str) -> dict[str, Any]:
    """The person changed the text of their message `message_id`."""
    update = text_update(update_id, user_id, text)
    message = update.pop("message")
    message.update(message_id=message_id, edit_date=message["date"] + 60)
    return {**update, "edited_message": message}


def button_update(update_id: int, user_id: int, data: str) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "callback_query": {
            "id": str(update_id),
            "from": user_json(user_id),
            "chat_instance": "1",
            "data": data,
            "message": {
                "message_id": 1, "date": 1741917600, "text": "…",
                "chat": {"id": user_id, "type": "private", "first_name": "Lan"},
                "from": BOT_USER,
            },
        },
    }


def document_update(update_id: int, user_id: int, file_id: str, file_name: str, size: int,
                    caption: str | None = None, date: int = 1741917600) -> dict[str, Any]:
    """A file sent as a document (a register export), as Telegram delivers it."""
    message: dict[str, Any] = {
        "message_id": update_id, "date": date,
        "chat": {"id": user_id, "type": "private", "first_name": "Lan"},
        "from": user_json(user_id),
        "document": {"file_id": file_id, "file_unique_id": f"u{file_id}",
                     "file_name": file_name, "file_size": size,
                     "mime_type": "application/octet-stream"},
    }
    if caption is not None:
        message["caption"] = caption
    return {"update_id": update_id, "message": message}


FILE_PATH = "documents/"  # where getFile says a file lies, under /file/bot<token>/


def api_result(method: str, params: dict[str, Any], counter: int,
               files: dict[str, bytes] | None = None) -> Any:
    """What a Bot API server answers, just enough for PTB to parse."""
    if method == "getMe":
        return BOT_USER
    if method == "getFile":
        file_id = str(params.get("file_id", ""))
        content = (files or {}).get(file_id, b"")
        return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": len(content),
                "file_path": FILE_PATH + file_id}
    if method in ("sendMessage", "sendDocument"):
        return {
            "message_id": counter, "date": 1741917600, "from": BOT_USER,
            "chat": {"id": int(params.get("chat_id", 0)), "type": "private"},
            "text": params.get("text", ""),
        }
    return True


class RecordingRequest(BaseRequest):
    """Answers PTB's HTTP calls in memory and records (method, parameters)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.files: dict[str, bytes] = {}  # file_id -> content, served by getFile + GET

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         **_timeouts: Any) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        if "/file/bot" in url:  # a download: GET <base_file_url><token>/<file_path>
            self.calls.append(("download", {"file_id": name}))
            return (200, self.files[name]) if name in self.files else (404, b"Not Found")
        params = dict(request_data.parameters) if request_data else {}
        if request_data is not None and request_data.contains_files:
            # An uploaded file (sendDocument): (file name, bytes, MIME type) by field.
            params["files"] = request_data.multipart_data
        self.calls.append((name, params))
        body = {"ok": True, "result": api_result(name, params, len(self.calls), self.files)}
        return 200, json.dumps(body).encode()

    def sent(self) -> list[dict[str, Any]]:
        return [params for name, params in self.calls if name == "sendMessage"]


class FakeBotApi:
    """A Bot API–compatible HTTP server on 127.0.0.1 for end-to-end runs of `motcua run`."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.pending: list[dict[str, Any]] = []
        # method -> (HTTP status, description): answered as the Bot API answers an error.
        self.failures: dict[str, tuple[int, str]] = {}
        self.files: dict[str, bytes] = {}  # file_id -> content, served by getFile + GET
        self.changed = threading.Condition()
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                name = self.path.rsplit("/", 1)[-1]
                found = "/file/bot" in self.path and name in api.files
                body = api.files[name] if found else b"Not Found"
                with api.changed:
                    api.calls.append(("download", {"file_id": name}))
                    api.changed.notify_all()
                self.send_response(200 if found else 404)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                raw = self.rfile.read(length).decode()
                kind = self.headers.get("Content-Type", "")
                if "json" in kind:
                    params = json.loads(raw or "{}")
                else:
                    params = {k: v[0] for k, v in parse_qs(raw).items()}
                method = self.path.rsplit("/", 1)[-1]
                result = api.answer(method, params)
                status, description = api.failures.get(method, (200, ""))
                answer = {"ok": True, "result": result} if status == 200 else {
                    "ok": False, "error_code": status, "description": description}
                body = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args: Any) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeBotApi:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        with self.changed:
            self.changed.notify_all()
        self.server.shutdown()
        self.server.server_close()

    def answer(self, method: str, params: dict[str, Any]) -> Any:
        with self.changed:
            self.calls.append((method, params))
            self.changed.notify_all()
            if method == "getUpdates":
                offset = int(params.get("offset", 0) or 0)
                # Long polling: hold the request until an update arrives (bounded by PTB's timeout).
                timeout = float(params.get("timeout", 0) or 0)
                self.changed.wait_for(
                    lambda: any(u["update_id"] >= offset for u in self.pending), timeout=timeout
                )
                return [u for u in self.pending if u["update_id"] >= offset]
        return api_result(method, params, len(self.calls), self.files)

    def push(self, update: dict[str, Any]) -> None:
        with self.changed:
            self.pending.append(update)
            self.changed.notify_all()

    def wait_for(self, method: str, count: int = 1, timeout: float = 30) -> list[dict[str, Any]]:
        """Block until `count` calls of `method` arrived; an event wait, not a sleep."""
        def done() -> bool:
            return sum(1 for m, _ in self.calls if m == method) >= count
        with self.changed:
            if not self.changed.wait_for(done, timeout=timeout):
                seen = [m for m, _ in self.calls]
                raise TimeoutError(f"{method} x{count} not seen; calls: {seen}")
            return [p for m, p in self.calls if m == method]
