"""Receiving mail over SMTP and reading it back over HTTP."""

from __future__ import annotations

import json
import re
from pathlib import Path

import aiohttp

from musiccorp.mailsink import MailSink
from musiccorp.mailsink.store import MailStore


async def test_a_sent_mail_is_listed_by_the_api(sink, viewer, send_mail):
    """A mail sent over SMTP appears in /api/messages with its time, sender, recipients and subject."""
    await send_mail(sink.smtp_port, to="ada@example.com", subject="Welcome to MusicCorp")
    status, messages = await viewer.json("/api/messages")
    assert status == 200 and len(messages) == 1
    [message] = messages
    assert message["from"] == "MusicCorp Records <hello@musiccorp.example>"
    assert (message["to"], message["subject"]) == (["ada@example.com"], "Welcome to MusicCorp")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", message["received_at"])


async def test_one_message_has_its_headers_and_text(sink, viewer, send_mail):
    """/api/messages/{id} adds the headers and the plain text (with \\n line ends)."""
    await send_mail(sink.smtp_port, to="ada@example.com", subject="Your order", text="Line one\nLine two")
    [summary] = (await viewer.json("/api/messages"))[1]
    status, message = await viewer.json(f"/api/messages/{summary['id']}")
    assert status == 200
    assert message["text"] == "Line one\nLine two\n" and message["html"] is None
    assert ["Subject", "Your order"] in message["headers"]


async def test_unknown_message_is_404_problem(viewer):
    """An id no mail has is a 404 problem document, and a 404 page."""
    status, problem = await viewer.json("/api/messages/nope")
    assert status == 404 and problem["status"] == 404 and "nope" in problem["detail"]
    assert (await viewer.text("/messages/nope"))[0] == 404


async def test_to_filter_keeps_mails_for_that_recipient(sink, viewer, send_mail):
    """?to= keeps mails delivered to that address (any recipient, case-insensitive), newest first."""
    await send_mail(sink.smtp_port, to="ada@example.com", subject="first for Ada")
    await send_mail(sink.smtp_port, to="bob@example.com", subject="for Bob")
    await send_mail(sink.smtp_port, to=["bob@example.com", "ada@example.com"], subject="for both")
    _, for_ada = await viewer.json("/api/messages", to="ADA@example.com")
    _, everyone = await viewer.json("/api/messages")
    assert [message["subject"] for message in for_ada] == ["for both", "first for Ada"]
    assert [message["subject"] for message in everyone] == ["for both", "for Bob", "first for Ada"]


async def test_to_filter_matches_a_plus_address_sent_unencoded(sink, viewer, send_mail):
    """?to=ada+shop@example.com finds the mail even though a bare '+' in a query decodes as a space."""
    await send_mail(sink.smtp_port, to="ada+shop@example.com", subject="plus")
    status, messages = await viewer.json("/api/messages?to=ada+shop@example.com")
    assert status == 200 and [message["subject"] for message in messages] == ["plus"]


async def test_page_lists_mails_newest_first_and_links_to_their_text(sink, viewer, send_mail):
    """GET / is an HTML table (escaped), newest first; each subject links to a page with the mail's text."""
    await send_mail(sink.smtp_port, to="ada@example.com", subject="older")
    await send_mail(sink.smtp_port, to="ada@example.com", subject="<b>newer</b>", text="Tickets & more")
    status, content_type, page = await viewer.text("/")
    assert (status, content_type) == (200, "text/html")
    assert '<html lang="en">' in page and '<th scope="col">Subject</th>' in page
    links = re.findall(r'<a href="(/messages/[^"]+)">([^<]*)</a>', page)
    assert [text for _, text in links] == ["&lt;b&gt;newer&lt;/b&gt;", "older"]
    _, _, message_page = await viewer.text(links[0][0])
    assert "<pre>Tickets &amp; more\n</pre>" in message_page and "ada@example.com" in message_page


async def test_page_says_when_nothing_arrived(viewer):
    """An empty sink says so instead of showing an empty table."""
    assert "No mail has arrived yet." in (await viewer.text("/"))[2]


async def test_ready_once_listening(viewer):
    """/health/ready answers 200 while both servers listen; /info names the sink and its version."""
    assert await viewer.json("/health/ready") == (200, {"status": "ready"})
    assert await viewer.json("/info") == (200, {"name": "mailsink", "version": "0.1.0"})


async def test_mails_survive_a_restart(tmp_path: Path, send_mail):
    """Mails are files (.eml plus index.jsonl): a new sink on the same directory lists the old ones."""
    data_dir = tmp_path / "mail"
    async with MailSink(data_dir=data_dir) as first:
        await send_mail(first.smtp_port, to="ada@example.com", subject="kept")
    assert len(list((data_dir / "messages").glob("*.eml"))) == 1 and (data_dir / "index.jsonl").is_file()
    async with MailSink(data_dir=data_dir) as second, aiohttp.ClientSession() as session:
        async with session.get(f"http://127.0.0.1:{second.http_port}/api/messages") as response:
            assert [message["subject"] for message in await response.json()] == ["kept"]


def test_keeping_a_mail_appends_one_index_line_and_never_rewrites_the_others(tmp_path: Path):
    """The index grows by one line a mail, so the thousandth mail costs what the first did."""
    store = MailStore(tmp_path)
    first = store.add(raw=b"Subject: one\r\n\r\nbody", mail_from="a@example.com", recipients=["b@example.com"])
    written_before = (tmp_path / "index.jsonl").read_bytes()
    store.add(raw=b"Subject: two\r\n\r\nbody", mail_from="a@example.com", recipients=["b@example.com"])
    index = (tmp_path / "index.jsonl").read_bytes()
    assert index.startswith(written_before) and index.count(b"\n") == 2
    assert [s.subject for s in MailStore(tmp_path).summaries()] == ["two", "one"] and first.subject == "one"


def test_a_line_cut_short_by_a_crash_loses_no_other_mail(tmp_path: Path):
    store = MailStore(tmp_path)
    store.add(raw=b"Subject: kept\r\n\r\nbody", mail_from="a@example.com", recipients=["b@example.com"])
    with (tmp_path / "index.jsonl").open("a") as index:
        index.write('{"id": "cut-sh')
    assert [s.subject for s in MailStore(tmp_path).summaries()] == ["kept"]


def test_an_index_of_an_earlier_release_is_carried_over(tmp_path: Path):
    (tmp_path / "index.json").write_text(json.dumps([{
        "id": "20261101T000000-abcd1234", "received_at": "2026-11-01T00:00:00.000+00:00",
        "mail_from": "a@example.com", "to": ["b@example.com"], "subject": "old", "size": 10}]))
    assert [s.subject for s in MailStore(tmp_path).summaries()] == ["old"]
    assert not (tmp_path / "index.json").exists() and (tmp_path / "index.jsonl").is_file()
