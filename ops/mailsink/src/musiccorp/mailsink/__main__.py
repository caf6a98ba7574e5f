"""``python -m musiccorp.mailsink --smtp-port P --http-port Q --data-dir DIR``; stops on SIGTERM/SIGINT."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
from pathlib import Path

from musiccorp.mailsink.jsonlog import configure_logging
from musiccorp.mailsink.server import MailSink

HOST = "127.0.0.1"
log = logging.getLogger("musiccorp.mailsink")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m musiccorp.mailsink", description=__doc__)
    parser.add_argument("--smtp-port", type=int, required=True, help="SMTP port (0: any free port)")
    parser.add_argument("--http-port", type=int, required=True, help="HTTP port of the viewer (0: any free port)")
    parser.add_argument("--data-dir", type=Path, required=True, help="where mails are kept")
    return parser.parse_args()


async def _serve(arguments: argparse.Namespace) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    async with MailSink(data_dir=arguments.data_dir, host=HOST, smtp_port=arguments.smtp_port,
                        http_port=arguments.http_port) as sink:
        log.info("mail sink started", extra={"fields": {
            "smtp_port": sink.smtp_port, "http_port": sink.http_port, "data_dir": str(arguments.data_dir)}})
        await stop.wait()
        log.info("mail sink stopping")


def main() -> None:
    """Run the sink until SIGTERM or SIGINT, then close both servers and exit 0."""
    arguments = _arguments()
    configure_logging()
    asyncio.run(_serve(arguments))


main()
