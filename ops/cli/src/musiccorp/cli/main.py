"""The ``musiccorp`` command: start, stop, watch and inspect the whole system."""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Annotated, Any

import typer

from musiccorp.cli.broker.commands import events_app
from musiccorp.cli.crashlog import describe, log_crash
from musiccorp.cli.environment import Environment
from musiccorp.cli.errors import CliError, NotRunning
from musiccorp.cli.supervision import lifecycle, operate
from musiccorp.cli.views.render import format_duration, make_console, status_table

__all__ = ["app"]


class _MusicCorp(typer.Typer):
    """A typer app that ends every failure in one line ``musiccorp: ...`` and a non-zero exit, never a traceback:
    expected errors and the file system's say what to do; anything else says what happened and where its detail
    (the traceback) was logged."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().__call__(*args, **kwargs)
        except CliError as error:
            print(f"musiccorp: {error}", file=sys.stderr)
            sys.exit(error.exit_code)
        except OSError as error:
            where = f" ({error.filename})" if error.filename else ""
            print(f"musiccorp: {error.strerror or error}{where}", file=sys.stderr)
            sys.exit(1)
        except Exception as error:  # noqa: BLE001 — the last line of defence: one line, the detail to the log
            print(f"musiccorp: unexpected error: {describe(error)}; {log_crash(error, argv=_argv(args, kwargs))}",
                  file=sys.stderr)
            sys.exit(1)


def _argv(args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[str]:
    """The command's words: those it was called with, else the process's."""
    given = kwargs.get("args", args[0] if args else None)
    return list(given) if given is not None else sys.argv[1:]


app = _MusicCorp(
    name="musiccorp", help=__doc__, no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False
)

app.add_typer(events_app)

ServiceArg = Annotated[str, typer.Argument(help="A service (services/<name>/service.toml) or a third party "
                                                "(thirdparty/<name>/thirdparty.toml).")]


@app.command()
def up(
    *,
    detach: Annotated[bool, typer.Option("--detach", "-d",
                                         help="Run in the background; return once ready.")] = False,
    start_timeout: Annotated[float, typer.Option(envvar="MUSICCORP_START_TIMEOUT", min=0.1,
                                                 help="Seconds each child gets to become ready.")] = 120.0,
    restart_max_delay: Annotated[float, typer.Option(envvar="MUSICCORP_RESTART_MAX_DELAY", min=0.1,
                                                     help="Longest wait, in seconds, before restarting a crashed "
                                                          "child.")] = 30.0,
) -> None:
    """Start the broker, the mail sink and the third parties, then every service in dependency order; keep them
    running."""
    from musiccorp.cli.up import run_detached, run_foreground

    run = run_detached if detach else run_foreground
    raise typer.Exit(run(environment=Environment.from_environ(), start_timeout=start_timeout,
                         restart_max_delay=restart_max_delay))


@app.command()
def down() -> None:
    """Stop every service, the third parties, the mail sink and the broker (also what a dead supervisor left)."""
    print(lifecycle.bring_down(Environment.from_environ().home))


@app.command()
def status(*, as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
           ) -> None:
    """Show each service's state (probed now), url, pid, version and restarts."""
    from musiccorp.cli.checks.status import NOT_RUNNING_JSON, probe_status, status_document, status_rows

    try:
        state = lifecycle.running_state(Environment.from_environ().home)
    except NotRunning:
        if not as_json:
            raise
        print(json.dumps(NOT_RUNNING_JSON))
        raise typer.Exit(1) from None
    live = asyncio.run(probe_status(state))
    if as_json:
        print(json.dumps(status_document(state, live), indent=2))
        return
    uptime = format_duration(time.time() - state.started_at)
    title = f"MusicCorp — supervisor pid {state.supervisor_pid}, up {uptime}"
    make_console().print(status_table(status_rows(state, live), title=title))


@app.command()
def logs(
    service: Annotated[str | None, typer.Argument(help="Only this service (or nats, supervisor, cli).")] = None,
    *,
    correlation_id: Annotated[str | None, typer.Option("--correlation-id", "-c",
                                                       help="Only lines of this journey.")] = None,
    follow: Annotated[bool, typer.Option("--follow", "-f", help="Keep printing new lines.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the raw JSON lines.")] = False,
) -> None:
    """Show the services' logs merged in time order, readable or as raw JSON."""
    from musiccorp.cli.views.logview import log_sources, show_logs

    sources = log_sources(environment=Environment.from_environ(), service=service)
    try:
        show_logs(sources=sources, correlation_id=correlation_id, follow=follow, as_json=as_json,
                  console=make_console())
    except KeyboardInterrupt:
        pass


@app.command()
def stop(service: ServiceArg) -> None:
    """Stop one service or third party and keep it stopped (no restarts) until `musiccorp start`."""
    state = lifecycle.running_state(Environment.from_environ().home)
    print(operate.ask_supervisor(state=state, command="stop", service=service))


@app.command()
def start(service: ServiceArg) -> None:
    """Start a stopped service or third party again and wait until it is ready."""
    state = lifecycle.running_state(Environment.from_environ().home)
    print(operate.ask_supervisor(state=state, command="start", service=service))


@app.command()
def kill(service: ServiceArg) -> None:
    """SIGKILL a service, a third party, nats or mail (chaos); the supervisor restarts it with backoff."""
    state = lifecycle.running_state(Environment.from_environ().home)
    print(operate.kill_child(state=state, name=service))


@app.command()
def new_service(
    name: Annotated[str, typer.Argument(metavar="NAME", help="The service's name: a lowercase letter, then lowercase "
                                                             "letters, digits or underscores.")],
    *,
    port: Annotated[str | None, typer.Option(metavar="N", show_default="the next free one after the services' highest",
                                             help="Its base port.")] = None,
    owner: Annotated[str | None, typer.Option(metavar="TEAM", show_default="NAME-team",
                                              help="The owning team.")] = None,
    tier: Annotated[str | None, typer.Option(metavar="1-4", show_default="4",
                                             help="1 (most critical) to 4.")] = None,
    on_call: Annotated[str | None, typer.Option("--on-call", metavar="ADDRESS",
                                                show_default="NAME-oncall@musiccorp.example",
                                                help="Who is paged: an e-mail address or a URL.")] = None,
    description: Annotated[str | None, typer.Option(metavar="TEXT", help="What it owns, in one sentence.")] = None,
) -> None:
    """Write services/NAME/ in the documented anatomy (docs/anatomy.md), with passing tests, and add it to the
    workspace."""
    from musiccorp.cli.scaffold import new_service as write_service

    print(write_service(Environment.from_environ().root, name, port=port, owner=owner, tier=tier, on_call=on_call,
                        description=description))
