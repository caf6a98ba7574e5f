"""How events and dead letters look: one line per event, a table of dead letters."""

from __future__ import annotations

from datetime import datetime

from rich.table import Table
from rich.text import Text

from musiccorp.cli.broker.deadletters import DeadLetter, Replayed
from musiccorp.cli.broker.envelopes import compact, decode_envelope, short
from musiccorp.cli.views.logs import parse_time

__all__ = ["dead_letter_table", "event_text", "replayed_line"]

_TIME_WIDTH = len("12:01:02.345")


def event_text(*, subject: str, body: bytes, published_at: float | None) -> Text:
    """``12:01:02.345 customers.customer.registered.v1  c-42  id=5f0c2b9e…  cid=ab12cd34…  {"customer_id":…}``.

    The time is the envelope's ``time`` (else when the broker stored it); a body
    that is no JSON object follows the subject as it is.
    """
    envelope = decode_envelope(body)
    at = parse_time(envelope.get("time")) if envelope else None
    text = Text.assemble((_clock(at or published_at), "dim"), " ", (subject, "cyan"))
    if envelope is None:
        return text.append("  " + body.decode("utf-8", "replace"))
    text.append(f"  {envelope.get('subject') or '—'}", style="bold")
    text.append(f"  id={short(envelope.get('id'))}", style="dim")
    if cid := envelope.get("correlationid"):
        text.append(f"  cid={short(cid)}", style="magenta")
    return text.append(f"  {compact(envelope.get('data'))}")


def dead_letter_table(letters: list[DeadLetter]) -> Table:
    """seq, event id, original subject, consumer, attempts, failed at, error — oldest first."""
    noun = "dead letter" if len(letters) == 1 else "dead letters"
    table = Table(title=f"{len(letters)} {noun} in DLQ — `musiccorp events replay ID|--all` re-drives them",
                  title_justify="left", header_style="bold")
    for column in ("seq", "event id", "original subject", "consumer", "attempts", "failed at", "error"):
        table.add_column(column, justify="right" if column in ("seq", "attempts") else "left",
                         overflow="fold")
    for letter in letters:
        row = letter.as_json()
        table.add_row(str(row["seq"]), row["event_id"] or "—", row["original_subject"], row["consumer"] or "—",
                      "—" if row["attempts"] is None else str(row["attempts"]), row["failed_at"] or "—",
                      Text(row["error"] or "—", style="red"))
    return table


def replayed_line(done: Replayed) -> str:
    """``replayed <event id> (dead letter #3, <consumer>) to <subject> as <event id>:replay:3``."""
    letter = done.letter
    consumer = letter.header("Musiccorp-Consumer") or "unknown consumer"
    again = " (the broker had it already)" if done.duplicate else ""
    return (f"replayed {letter.event_id or '—'} (dead letter #{letter.seq}, {consumer}) "
            f"to {letter.original_subject} as {done.msg_id}{again}")


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "?".ljust(_TIME_WIDTH)
    return datetime.fromtimestamp(seconds).strftime("%H:%M:%S.%f")[:_TIME_WIDTH]
