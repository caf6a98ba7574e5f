"""Dead letters (ADR 0005): read them from stream ``DLQ`` and replay them to their original subject.

A replay publishes the dead letter's body with ``Nats-Msg-Id: <event id>:replay:<n>``,
``n`` being the dead letter's sequence in ``DLQ``: a replay retried after a crash is
de-duplicated by JetStream, while a later dead letter of the same event gets a new id.
The dead letter is deleted only once the broker has acknowledged the replay.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nats.js import JetStreamContext
from nats.js.api import RawStreamMsg
from nats.js.errors import APIError, NoStreamResponseError, NotFoundError

from musiccorp.cli.broker.envelopes import CONTENT_TYPE, decode_envelope
from musiccorp.cli.errors import CliError

__all__ = ["DLQ_STREAM", "DeadLetter", "Replayed", "read_dead_letters", "replay", "replay_headers", "select"]

DLQ_STREAM = "DLQ"
DLQ_SUBJECTS = "dlq.>"


@dataclass(frozen=True, slots=True)
class DeadLetter:
    """One message of ``DLQ``: the original envelope as body, why it died in the headers."""

    seq: int
    subject: str
    body: bytes = field(repr=False)
    headers: dict[str, str] = field(repr=False)

    def header(self, name: str) -> str | None:
        """A header by name, case-insensitively."""
        return self.headers.get(name.lower())

    @property
    def envelope(self) -> dict | None:
        return decode_envelope(self.body)

    @property
    def event_id(self) -> str | None:
        """The envelope's ``id``."""
        envelope = self.envelope
        return str(envelope["id"]) if envelope and envelope.get("id") else None

    @property
    def original_subject(self) -> str:
        """``Musiccorp-Original-Subject``, else the DLQ subject without ``dlq.<service>.``."""
        return self.header("Musiccorp-Original-Subject") or self.subject.split(".", 2)[-1]

    @property
    def attempts(self) -> int | None:
        raw = self.header("Musiccorp-Attempts")
        return int(raw) if raw and raw.strip().isdigit() else None

    def as_json(self) -> dict:
        """The ``events dlq --json`` entry."""
        return {"seq": self.seq, "event_id": self.event_id, "subject": self.subject,
                "original_subject": self.original_subject, "consumer": self.header("Musiccorp-Consumer"),
                "attempts": self.attempts, "failed_at": self.header("Musiccorp-Failed-At"),
                "error": self.header("Musiccorp-Error")}


@dataclass(frozen=True, slots=True)
class Replayed:
    """What a replay did: the dead letter, the id it was published with, whether the broker had it already."""

    letter: DeadLetter
    msg_id: str
    stream: str
    duplicate: bool


async def read_dead_letters(js: JetStreamContext) -> list[DeadLetter]:
    """Every dead letter, oldest first; none when ``DLQ`` does not exist (nothing ever died)."""
    try:
        state = (await js.stream_info(DLQ_STREAM)).state
    except NotFoundError:
        return []
    letters: list[DeadLetter] = []
    seq = state.first_seq
    while len(letters) < state.messages:
        try:
            raw = await js.get_msg(DLQ_STREAM, seq=seq, subject=DLQ_SUBJECTS, next=True)
        except NotFoundError:
            break
        letters.append(_letter(raw))
        seq = raw.seq + 1
    return letters


def select(letters: list[DeadLetter], ident: str) -> list[DeadLetter]:
    """The dead letter with sequence ``ident``, else every one of event ``ident``."""
    if ident.isdigit() and (by_seq := [letter for letter in letters if letter.seq == int(ident)]):
        return by_seq
    return [letter for letter in letters if letter.event_id == ident]


async def replay(js: JetStreamContext, letter: DeadLetter) -> Replayed:
    """Publish ``letter`` to its original subject under a fresh id, then delete it from ``DLQ``."""
    msg_id = f"{letter.event_id or 'malformed'}:replay:{letter.seq}"
    try:
        ack = await js.publish(letter.original_subject, letter.body, headers=replay_headers(letter, msg_id))
    except NoStreamResponseError:
        raise CliError(f"no stream takes {letter.original_subject}; dead letter #{letter.seq} kept") from None
    except APIError as error:
        raise CliError(f"the broker refused the replay of dead letter #{letter.seq}: {error}") from None
    await js.delete_msg(DLQ_STREAM, letter.seq)
    return Replayed(letter, msg_id, ack.stream, bool(ack.duplicate))


def replay_headers(letter: DeadLetter, msg_id: str) -> dict[str, str]:
    """``Nats-Msg-Id``, ``Content-Type``, and the envelope's correlation id and traceparent."""
    envelope = letter.envelope or {}
    headers = {"Nats-Msg-Id": msg_id, "Content-Type": letter.header("Content-Type") or CONTENT_TYPE}
    for name, key in (("X-Correlation-ID", "correlationid"), ("traceparent", "traceparent")):
        if value := envelope.get(key) or letter.header(name):
            headers[name] = str(value)
    return headers


def _letter(raw: RawStreamMsg) -> DeadLetter:
    headers = {str(name).lower(): str(value) for name, value in (raw.headers or {}).items()}
    return DeadLetter(seq=raw.seq, subject=raw.subject, body=raw.data or b"", headers=headers)
