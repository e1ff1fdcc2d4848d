"""A small fake Telegram Bot API server on 127.0.0.1 for end-to-end tests.

It speaks enough of the Bot API for a real python-telegram-bot ``Application``:
getMe, getUpdates (offset and a short long-poll), sendMessage (rejecting texts over
4096 characters and unparseable HTML with 400, as Telegram does), sendDocument,
answerCallbackQuery, editMessageText, getFile and file download. Tests push updates
(a user's message, a button press, an upload) and assert on what the bot sent.
Faults can be injected per method: 429 with retry_after, 500, 401, a time-out before or
after the call was done, a dropped connection, or an HTML parse error.
"""

from __future__ import annotations

import contextlib
import html
import itertools
import json
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

BOT_ID = 999
BOT_USERNAME = "dtz_test_bot"
ALLOWED_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "a",
    "code",
    "pre",
    "blockquote",
    "tg-spoiler",
    "span",
    "tg-emoji",
}
_BAD_AMP = re.compile(r"&(?!(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)")
_BAD_LT = re.compile(r"<(?!/?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?>)")


class EntityError(ValueError):
    """The text is not valid Telegram HTML."""


class _TagChecker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            raise EntityError(f'Unsupported start tag "{tag}"')
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            raise EntityError(f'Unmatched end tag "{tag}"')
        self.stack.pop()

    def handle_entityref(self, name: str) -> None:
        if name not in {"lt", "gt", "amp", "quot"}:
            raise EntityError(f'Unsupported entity "{name}"')


def visible_text(text: str) -> str:
    """Validate Telegram HTML and return the text a user would see; raises EntityError."""
    if _BAD_AMP.search(text):
        raise EntityError("Unescaped '&'")
    if _BAD_LT.search(text):
        raise EntityError("Unescaped '<'")
    checker = _TagChecker()
    checker.feed(text)
    checker.close()
    if checker.stack:
        raise EntityError(f'Can\'t find end tag corresponding to start tag "{checker.stack[-1]}"')
    return html.unescape(re.sub(r"<[^>]+>", "", text))


@dataclass
class Sent:
    """A call the bot made."""

    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)
    files: dict[str, bytes] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """What the user sees (tags removed, entities decoded); the raw HTML is params["text"]."""
        message = self.params.get("_message") or {}
        return str(message.get("text", self.params.get("text", "")))

    @property
    def markup(self) -> dict[str, Any] | None:
        raw = self.params.get("reply_markup")
        return json.loads(raw) if isinstance(raw, str) else raw

    def buttons(self) -> list[dict[str, Any]]:
        markup = self.markup or {}
        return [b for row in markup.get("inline_keyboard", []) for b in row]


class FakeTelegram:
    """The server; start() in a thread, then point the bot's base_url at ``url``."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self.last_message_id = 0  # of the last message a user sent
        self._callback_ids = itertools.count(1)
        self.sent: list[Sent] = []
        self.files: dict[str, tuple[str, bytes]] = {}  # file_id -> (file_path, content)
        self.declared: dict[str, int] = {}  # file_id -> the size Telegram states
        self.faults: dict[str, list[tuple[str, float]]] = {}
        self.update_pushed_at: dict[int, float] = {}
        self.requests: list[str] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeTelegram:
        self._thread.start()
        return self

    def stop(self) -> None:
        with self._lock:
            self._lock.notify_all()
        self._server.shutdown()
        self._server.server_close()

    # -- what tests do -----------------------------------------------------------------------

    def inject(self, method: str, kind: str, value: float = 1.0) -> None:
        """Make the next call of ``method`` fail.

        Kinds: '429' (value = retry_after), '500', '401', 'timeout' (not done; the answer comes after
        ``value`` s), 'slow' (done and delivered, the answer after ``value`` s), 'close' (connection
        dropped, not done), 'entities' (400 can't parse entities).
        """
        with self._lock:
            self.faults.setdefault(method, []).append((kind, value))

    def push(self, update: dict[str, Any]) -> int:
        with self._lock:
            update_id = next(self._update_ids)
            update["update_id"] = update_id
            self._updates.append(update)
            self.update_pushed_at[update_id] = time.monotonic()
            self._lock.notify_all()
        return update_id

    @staticmethod
    def user(user_id: int, lang: str = "nl") -> dict[str, Any]:
        return {"id": user_id, "is_bot": False, "first_name": f"Lid{user_id}", "language_code": lang}

    @staticmethod
    def chat(chat_id: int, kind: str = "private") -> dict[str, Any]:
        chat: dict[str, Any] = {"id": chat_id, "type": kind}
        if kind != "private":
            chat["title"] = "Raadsfractie"
        return chat

    def message(
        self,
        text: str,
        user_id: int = 1,
        chat_id: int | None = None,
        chat_type: str = "private",
        lang: str = "nl",
        reply_to: dict[str, Any] | None = None,
    ) -> int:
        """A user sends a text message; commands and @mentions get their entities."""
        entities = []
        command = re.match(r"^/[A-Za-z0-9_]+(?:@\w+)?", text)
        if command:
            entities.append({"type": "bot_command", "offset": 0, "length": len(command.group(0))})
        for m in re.finditer(r"@\w+", text):
            if not (command and m.start() < len(command.group(0))):
                entities.append({"type": "mention", "offset": m.start(), "length": len(m.group(0))})
        self.last_message_id = next(self._message_ids)
        msg: dict[str, Any] = {
            "message_id": self.last_message_id,
            "date": int(time.time()),
            "chat": self.chat(chat_id if chat_id is not None else user_id, chat_type),
            "from": self.user(user_id, lang),
            "text": text,
        }
        if entities:
            msg["entities"] = entities
        if reply_to is not None:
            msg["reply_to_message"] = reply_to
        return self.push({"message": msg})

    def burst(self, messages: list[tuple[str, int]]) -> list[int]:
        """Several users send a message at the same instant: the next getUpdates returns them all."""
        with self._lock:  # the long poll wakes only when all are queued
            return [self.message(text, user_id=user) for text, user in messages]

    def edit(self, message_id: int, text: str, user_id: int = 1, lang: str = "nl") -> int:
        """A user edits a text message they sent in their private chat."""
        msg = {
            "message_id": message_id,
            "date": int(time.time()),
            "edit_date": int(time.time()),
            "chat": self.chat(user_id),
            "from": self.user(user_id, lang),
            "text": text,
        }
        return self.push({"edited_message": msg})

    def press(self, sent: Sent, data: str, user_id: int = 1, lang: str = "nl") -> int:
        """A user presses an inline button under a message the bot sent."""
        query = {
            "id": str(next(self._callback_ids)),
            "from": self.user(user_id, lang),
            "chat_instance": "ci",
            "data": data,
            "message": self.as_message(sent),
        }
        return self.push({"callback_query": query})

    def upload(
        self, name: str, content: bytes, user_id: int = 1, caption: str | None = None, declared: int | bool | None = True
    ) -> int:
        """A user sends a document; ``declared`` is the size Telegram states (True: the real one, None: none)."""
        file_id = f"file{len(self.files) + 1}"
        suffix = name.rsplit(".", 1)[-1] if "." in name else "bin"
        self.files[file_id] = (f"documents/{file_id}.{suffix}", content)  # Telegram never puts the user's name here
        size = len(content) if declared is True else declared
        if size is not None:
            self.declared[file_id] = int(size)
        document: dict[str, Any] = {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_name": name}
        if size is not None:
            document["file_size"] = int(size)
        msg: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": self.chat(user_id),
            "from": self.user(user_id),
            "document": document,
        }
        if caption:
            msg["caption"] = caption
        return self.push({"message": msg})

    def as_message(self, sent: Sent) -> dict[str, Any]:
        """The Message object of something the bot sent (for replies and button presses)."""
        return sent.params["_message"]

    def wait_for(self, predicate: Any, timeout: float = 30.0, after: int = 0) -> list[Sent]:
        """Wait until some calls made after index ``after`` satisfy ``predicate(calls)``; returns those calls."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                calls = self.sent[after:]
                if predicate(calls):
                    return calls
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"timed out; the bot sent: {[(c.method, c.text[:80]) for c in calls]}")
                self._lock.wait(min(remaining, 0.2))

    def messages(self, after: int = 0) -> list[Sent]:
        with self._lock:
            return [c for c in self.sent[after:] if c.method == "sendMessage"]

    def mark(self) -> int:
        with self._lock:
            return len(self.sent)

    # -- the API -------------------------------------------------------------------------------

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out as separate writes; don't wait for ACKs

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                fake._dispatch(self)

            def do_POST(self) -> None:
                fake._dispatch(self)

        return Handler

    def _dispatch(self, req: BaseHTTPRequestHandler) -> None:
        path = urlparse(req.path).path
        length = int(req.headers.get("Content-Length") or 0)
        body = req.rfile.read(length) if length else b""
        file_match = re.match(r"^/file/bot[^/]+/(.+)$", path)
        if file_match:
            content = next((c for p, c in self.files.values() if p == file_match.group(1)), None)
            self._reply_raw(req, 200 if content is not None else 404, content or b"not found", "application/octet-stream")
            return
        api = re.match(r"^/bot([^/]+)/(\w+)$", path)
        if not api:
            self._reply(req, 404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        method = api.group(2)
        params, files = self._params(req, body)
        self.requests.append(method)
        with self._lock:
            fault = self.faults.get(method, []).pop(0) if self.faults.get(method) else None
        if fault:
            kind, value = fault
            if kind == "429":
                self._reply(
                    req,
                    429,
                    {
                        "ok": False,
                        "error_code": 429,
                        "description": f"Too Many Requests: retry after {int(value)}",
                        "parameters": {"retry_after": int(value)},
                    },
                )
                return
            if kind == "500":
                self._reply(req, 500, {"ok": False, "error_code": 500, "description": "Internal Server Error"})
                return
            if kind == "timeout":
                time.sleep(value)  # the client gives up first; the call is lost
                self._reply(req, 504, {"ok": False, "error_code": 504, "description": "Gateway Timeout"})
                return
            if kind == "401":
                self._reply(req, 401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
                return
            if kind == "close":  # the connection drops before any answer: nothing was done
                req.close_connection = True
                with contextlib.suppress(OSError):
                    req.connection.shutdown(socket.SHUT_RDWR)
                return
            if kind == "entities":
                self._reply(req, 400, {"ok": False, "error_code": 400, "description": "Bad Request: can't parse entities: x"})
                return
            if kind == "slow":  # done and delivered, but the answer comes after the client gave up
                status, payload = self._call(method, params, files)
                time.sleep(value)
                self._reply(req, status, payload)
                return
        status, payload = self._call(method, params, files)
        self._reply(req, status, payload)

    def _params(self, req: BaseHTTPRequestHandler, body: bytes) -> tuple[dict[str, Any], dict[str, bytes]]:
        ctype = req.headers.get("Content-Type", "")
        params: dict[str, Any] = {}
        files: dict[str, bytes] = {}
        if ctype.startswith("multipart/form-data"):
            msg = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + ctype.encode() + b"\r\n\r\n" + body)
            for part in msg.iter_parts():
                name = part.get_param("name", header="content-disposition")
                data = part.get_payload(decode=True) or b""
                if part.get_filename():
                    files[str(name)] = data
                    params[str(name) + "_filename"] = part.get_filename()
                else:
                    params[str(name)] = data.decode("utf-8")
        elif ctype.startswith("application/json"):
            params = json.loads(body or b"{}")
        else:
            params = {k: v[0] for k, v in parse_qs(body.decode("utf-8"), keep_blank_values=True).items()}
        query = parse_qs(urlparse(req.path).query)
        params.update({k: v[0] for k, v in query.items()})
        return params, files

    def _bot_message(self, chat_id: Any, extra: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(chat_id)
        return {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": self.chat(chat_id, "private" if chat_id > 0 else "group"),
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "DTZ", "username": BOT_USERNAME},
            **extra,
        }

    def _record(self, method: str, params: dict[str, Any], files: dict[str, bytes] | None = None) -> None:
        with self._lock:
            self.sent.append(Sent(method, params, files=files or {}))
            self._lock.notify_all()

    def _call(self, method: str, params: dict[str, Any], files: dict[str, bytes]) -> tuple[int, dict[str, Any]]:
        if method == "getMe":
            return 200, {
                "ok": True,
                "result": {
                    "id": BOT_ID,
                    "is_bot": True,
                    "first_name": "DTZ",
                    "username": BOT_USERNAME,
                    "can_join_groups": True,
                    "can_read_all_group_messages": False,
                    "supports_inline_queries": False,
                },
            }
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._get_updates(params)}
        if method in ("sendMessage", "editMessageText"):
            text = str(params.get("text", ""))
            if params.get("parse_mode") == "HTML":
                try:
                    shown = visible_text(text)
                except EntityError as exc:
                    return 400, {"ok": False, "error_code": 400, "description": f"Bad Request: can't parse entities: {exc}"}
            else:
                shown = text
            if len(shown.encode("utf-16-le")) // 2 > 4096:
                return 400, {"ok": False, "error_code": 400, "description": "Bad Request: message is too long"}
            if not shown.strip():
                return 400, {"ok": False, "error_code": 400, "description": "Bad Request: message text is empty"}
            extra: dict[str, Any] = {"text": shown}
            markup = json.loads(params["reply_markup"]) if params.get("reply_markup") else None
            if markup and "inline_keyboard" in markup:  # Telegram returns inline keyboards only, not a ForceReply
                extra["reply_markup"] = markup
            message = self._bot_message(params["chat_id"], extra)
            self._record(method, {**params, "_message": message})
            return 200, {"ok": True, "result": message}
        if method == "sendDocument":
            message = self._bot_message(
                params["chat_id"],
                {"document": {"file_id": "sent", "file_unique_id": "sent", "file_name": params.get("document_filename", "")}},
            )
            self._record(method, {**params, "_message": message}, files)
            return 200, {"ok": True, "result": message}
        if method == "sendPhoto":
            photo = {"file_id": "photo", "file_unique_id": "photo", "width": 1, "height": 1}
            message = self._bot_message(params["chat_id"], {"photo": [photo], "caption": params.get("caption", "")})
            self._record(method, {**params, "_message": message}, files)
            return 200, {"ok": True, "result": message}
        if method == "getFile":
            file_id = params.get("file_id", "")
            if file_id not in self.files:
                return 400, {"ok": False, "error_code": 400, "description": "Bad Request: invalid file_id"}
            file_path, _content = self.files[file_id]
            result: dict[str, Any] = {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_path": file_path}
            if file_id in self.declared:
                result["file_size"] = self.declared[file_id]
            return 200, {"ok": True, "result": result}
        self._record(method, params)
        return 200, {"ok": True, "result": True}

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        timeout = min(float(params.get("timeout") or 0), 1.0)
        deadline = time.monotonic() + timeout
        with self._lock:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and time.monotonic() < deadline:
                self._lock.wait(deadline - time.monotonic())
            return list(self._updates[:100])

    @staticmethod
    def _reply(req: BaseHTTPRequestHandler, status: int, payload: dict[str, Any]) -> None:
        FakeTelegram._reply_raw(req, status, json.dumps(payload).encode(), "application/json")

    @staticmethod
    def _reply_raw(req: BaseHTTPRequestHandler, status: int, body: bytes, ctype: str) -> None:
        try:
            req.send_response(status)
            req.send_header("Content-Type", ctype)
            req.send_header("Content-Length", str(len(body)))
            req.end_headers()
            req.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass
