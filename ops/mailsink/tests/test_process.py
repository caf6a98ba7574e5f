"""``python -m musiccorp.mailsink`` as the CLI runs it: JSON log lines, mail kept, graceful on SIGTERM."""

from __future__ import annotations

import json
import signal
import smtplib
import subprocess
import sys
import urllib.request
from email.message import EmailMessage
from pathlib import Path


def test_module_receives_mail_logs_it_and_stops_on_sigterm(tmp_path: Path):
    """Started on free ports it logs them, accepts a mail, and exits 0 on SIGTERM with the mail on disk."""
    argv = [sys.executable, "-m", "musiccorp.mailsink", "--smtp-port", "0", "--http-port", "0",
            "--data-dir", str(tmp_path / "mail")]
    sink = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        started = json.loads(sink.stdout.readline())
        assert (started["event"], started["service"]) == ("mail sink started", "mail")
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = "shop@example.com", "ada@example.com", "Hi"
        message.set_content("Hello")
        with smtplib.SMTP("127.0.0.1", started["smtp_port"], timeout=10) as client:
            client.send_message(message)
        url = f"http://127.0.0.1:{started['http_port']}/api/messages?to=ada@example.com"
        with urllib.request.urlopen(url, timeout=10) as response:
            assert [entry["subject"] for entry in json.load(response)] == ["Hi"]
        received = json.loads(sink.stdout.readline())
        assert received["event"] == "mail received" and received["to"] == ["ada@example.com"]
    finally:
        sink.send_signal(signal.SIGTERM)
        code = sink.wait(timeout=15)
    assert code == 0 and sink.stderr.read() == ""
    assert len(list((tmp_path / "mail" / "messages").glob("*.eml"))) == 1
