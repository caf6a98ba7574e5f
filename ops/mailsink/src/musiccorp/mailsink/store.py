"""The mails on disk: ``DIR/messages/<id>.eml`` plus ``DIR/index.json``, newest last.

Each ``.eml`` is written before the index names it, and both are replaced in
one step, so a crash never leaves the index pointing at half a mail.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

__all__ = ["MailStore", "Summary", "body_parts"]


@dataclass(frozen=True, slots=True)
class Summary:
    """What the list shows of one mail; ``to`` are the envelope's recipients."""

    id: str
    received_at: str
    mail_from: str
    to: list[str]
    subject: str
    size: int

    def as_json(self) -> dict:
        """The API's shape: ``from`` rather than ``mail_from``."""
        document = asdict(self)
        document["from"] = document.pop("mail_from")
        return document


class MailStore:
    """File-backed mails under ``directory``; survives restarts.

    Each mail is its own ``.eml`` file; the index of summaries is a JSON-lines file that grows by one appended
    line per mail, so keeping a mail costs the same with ten or ten thousand before it.
    """

    def __init__(self, directory: Path) -> None:
        self._messages = directory / "messages"
        self._index_path = directory / "index.jsonl"
        self._messages.mkdir(parents=True, exist_ok=True)
        self._index = self._load(legacy=directory / "index.json")

    def add(self, *, raw: bytes, mail_from: str, recipients: list[str]) -> Summary:
        """Keep one received mail and return its summary."""
        received = datetime.now(UTC)
        message = parse(raw)
        summary = Summary(
            id=f"{received:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}",
            received_at=received.isoformat(timespec="milliseconds"),
            mail_from=str(message.get("From") or mail_from),
            to=list(recipients),
            subject=str(message.get("Subject") or ""),
            size=len(raw),
        )
        _write_atomically(self._messages / f"{summary.id}.eml", raw)
        self._index.append(summary)
        with self._index_path.open("a", encoding="utf-8") as index:
            index.write(json.dumps(asdict(summary)) + "\n")
        return summary

    def summaries(self, *, to: str | None = None) -> list[Summary]:
        """Every mail, newest first; only those delivered to ``to`` when given (case-insensitive)."""
        wanted = to.strip().lower() if to else None
        chosen = [s for s in self._index if wanted is None or wanted in (r.lower() for r in s.to)]
        return list(reversed(chosen))

    def get(self, message_id: str) -> Summary | None:
        """The summary of mail ``message_id``, if there is one."""
        return next((s for s in self._index if s.id == message_id), None)

    def raw(self, summary: Summary) -> bytes:
        """The mail exactly as it was received."""
        return (self._messages / f"{summary.id}.eml").read_bytes()

    def _load(self, *, legacy: Path) -> list[Summary]:
        if not self._index_path.exists() and legacy.exists():  # a sink of an earlier release kept one JSON array
            entries = json.loads(legacy.read_text())
            _write_atomically(self._index_path, "".join(json.dumps(entry) + "\n" for entry in entries).encode())
            legacy.unlink()
        try:
            lines = self._index_path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []
        summaries = []
        for line in lines:
            try:
                summaries.append(Summary(**json.loads(line)))
            except (ValueError, TypeError):  # a line cut short by a crash mid-append: its mail is unlisted
                continue
        return summaries


def parse(raw: bytes) -> EmailMessage:
    """``raw`` as a modern :class:`EmailMessage`."""
    return message_from_bytes(raw, policy=policy.default)


def body_parts(message: EmailMessage) -> tuple[str | None, str | None]:
    """The mail's plain-text and HTML bodies with ``\\n`` line ends (``None`` for a part it lacks)."""

    def content(kind: str) -> str | None:
        part = message.get_body(preferencelist=(kind,))
        return part.get_content().replace("\r\n", "\n") if part is not None else None

    return content("plain"), content("html")


def _write_atomically(path: Path, data: bytes) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, path)
