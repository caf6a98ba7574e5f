"""``musiccorp events tail|dlq|replay``: watch the event backbone, list dead letters, re-drive them."""

from __future__ import annotations

import asyncio
import json
import time
from typing import TYPE_CHECKING, Annotated

import typer

from musiccorp.cli.environment import Environment
from musiccorp.cli.errors import CliError, NoSuchDeadLetter
from musiccorp.cli.views.render import make_console

if TYPE_CHECKING:
    from nats.aio.msg import Msg

__all__ = ["events_app"]

events_app = typer.Typer(name="events", no_args_is_help=True,
                         help="Watch the events flowing through the broker; list and replay dead letters.")


@events_app.command()
def tail(
    subject: Annotated[str, typer.Argument(help="Only events on this subject (wildcards * and > allowed).")] = ">",
    *,
    count: Annotated[int | None, typer.Option("--count", "-n", min=1, help="Stop after N events.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the raw envelopes, one per line.")] = False,
) -> None:
    """Print new events live, one line each (time, subject, aggregate, id, correlation id, data); Ctrl-C stops."""
    from musiccorp.cli.broker.eventview import event_text
    from musiccorp.cli.broker.jetstream import connect_to_running
    from musiccorp.cli.broker.tail import Target, follow

    console = make_console()

    def emit(msg: Msg) -> None:
        if as_json:
            print(_one_line(msg.data), flush=True)
            return
        console.print(event_text(subject=msg.subject, body=msg.data, published_at=_published_at(msg)),
                      soft_wrap=True)

    def announce(targets: list[Target]) -> None:
        followed = ", ".join(str(target) for target in targets)
        until = f"; stopping after {count}" if count else "; Ctrl-C stops"
        typer.echo(f"following {followed} from now on{until}", err=True)

    async def run() -> None:
        async with connect_to_running(Environment.from_environ().home) as (client, _js):
            await follow(client, subject=subject, count=count, emit=emit, announce=announce)

    try:
        asyncio.run(run())
    except KeyboardInterrupt:
        pass


@events_app.command()
def dlq(*, as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False) -> None:
    """List the dead letters: sequence, event id, original subject, consumer, attempts, when, and the error."""
    from musiccorp.cli.broker.deadletters import read_dead_letters
    from musiccorp.cli.broker.eventview import dead_letter_table
    from musiccorp.cli.broker.jetstream import connect_to_running

    async def run() -> list:
        async with connect_to_running(Environment.from_environ().home) as (_client, js):
            return await read_dead_letters(js)

    letters = asyncio.run(run())
    if as_json:
        print(json.dumps([letter.as_json() for letter in letters], indent=2))
    elif not letters:
        print("no dead letters")
    else:
        make_console().print(dead_letter_table(letters))


@events_app.command()
def replay(
    ident: Annotated[str | None, typer.Argument(metavar="ID", help="A dead letter's event id or DLQ sequence.")] = None,
    *,
    every: Annotated[bool, typer.Option("--all", help="Replay every dead letter.")] = False,
) -> None:
    """Re-publish dead letters to their original subject (fresh Nats-Msg-Id), then delete them from DLQ."""
    if (ident is None) == (not every):
        raise _usage("give a dead letter's event id or sequence number, or --all (not both)")
    from musiccorp.cli.broker.deadletters import read_dead_letters, replay, select
    from musiccorp.cli.broker.eventview import replayed_line
    from musiccorp.cli.broker.jetstream import connect_to_running

    async def run() -> None:
        async with connect_to_running(Environment.from_environ().home) as (_client, js):
            letters = await read_dead_letters(js)
            chosen = letters if every else select(letters, ident)
            if not chosen and not every:
                raise NoSuchDeadLetter(ident)
            for letter in chosen:
                print(replayed_line(await replay(js, letter)), flush=True)
            if every:
                print(f"replayed {len(chosen)} dead letter{'' if len(chosen) == 1 else 's'}" if chosen
                      else "no dead letters to replay")

    asyncio.run(run())


def _published_at(msg: Msg) -> float | None:
    """When JetStream stored the event (its delivery metadata); for a message seen on plain NATS (a work
    queue's), which carries no such metadata, when it was seen."""
    if not (msg.reply or "").startswith("$JS.ACK."):
        return time.time()
    return msg.metadata.timestamp.timestamp()


def _one_line(body: bytes) -> str:
    try:
        return json.dumps(json.loads(body), ensure_ascii=False)
    except ValueError:
        return body.decode("utf-8", "replace")


def _usage(message: str) -> CliError:
    error = CliError(message)
    error.exit_code = 2
    return error
