"""The local mail sink (``musiccorp.mailsink``), run like the broker: before the services, on its own ports.

SMTP on 8025 and its viewer on 8026, both shifted by ``MUSICCORP_PORT_OFFSET``;
mails are kept under ``HOME/mail``. The CLI only launches it and probes it over
HTTP; it does not import it.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

from musiccorp.cli.environment import Environment
from musiccorp.cli.supervision.launch import ChildSpec
from musiccorp.cli.supervision.ports import HOST, PortClaim

__all__ = ["MAIL_NAME", "MailPorts", "mail_child"]

MAIL_NAME = "mail"
SMTP_PORT = 8025
HTTP_PORT = 8026


@dataclass(frozen=True, slots=True)
class MailPorts:
    """The sink's SMTP and HTTP ports for one port offset."""

    smtp: int
    http: int

    @classmethod
    def for_offset(cls, offset: int) -> MailPorts:
        return cls(smtp=SMTP_PORT + offset, http=HTTP_PORT + offset)

    @property
    def smtp_url(self) -> str:
        return f"smtp://{HOST}:{self.smtp}"

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.http}"

    @property
    def claims(self) -> list[PortClaim]:
        return [PortClaim(self.smtp, f"{MAIL_NAME} SMTP"), PortClaim(self.http, f"{MAIL_NAME} viewer")]


def mail_child(*, environment: Environment) -> ChildSpec:
    """The launch of ``python -m musiccorp.mailsink``, ready when its ``/health/ready`` answers."""
    ports = MailPorts.for_offset(environment.port_offset)
    argv = (sys.executable, "-m", "musiccorp.mailsink", "--smtp-port", str(ports.smtp),
            "--http-port", str(ports.http), "--data-dir", str(environment.home.mail_dir))
    return ChildSpec(
        name=MAIL_NAME,
        argv=argv,
        env=dict(os.environ),
        cwd=environment.home.path,
        log_path=environment.home.log_file(MAIL_NAME),
        url=ports.url,
        ready_url=f"{ports.url}/health/ready",
        info_url=f"{ports.url}/info",
    )
