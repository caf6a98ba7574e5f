"""The HTML pages: the list of mails and one mail's text. Plain, semantic and escaped."""

from __future__ import annotations

from html import escape

from musiccorp.mailsink.store import Summary

__all__ = ["list_page", "message_page", "not_found_page"]

_STYLE = """
body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 72rem; padding: 1rem; color: #1a1a1a; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; padding: .5rem 0; color: #444; }
th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #ccc; vertical-align: top; }
a { color: #0645ad; } a:focus { outline: 3px solid #ffbf47; }
pre { white-space: pre-wrap; background: #f6f6f6; padding: 1rem; border: 1px solid #ccc; }
dt { font-weight: bold; } dd { margin: 0 0 .5rem 0; }
"""


def _document(title: str, body: str) -> str:
    return (f'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n"
            f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n")


def list_page(summaries: list[Summary]) -> str:
    """Every mail, newest first: time, from, to and subject linking to its text."""
    if not summaries:
        return _document("Mail sink", "<h1>Mail sink</h1>\n<p>No mail has arrived yet.</p>")
    rows = "\n".join(
        f'<tr><td><time datetime="{escape(s.received_at)}">{escape(s.received_at)}</time></td>'
        f"<td>{escape(s.mail_from)}</td><td>{escape(', '.join(s.to))}</td>"
        f'<td><a href="/messages/{escape(s.id)}">{escape(s.subject or "(no subject)")}</a></td></tr>'
        for s in summaries
    )
    noun = "mail" if len(summaries) == 1 else "mails"
    table = (f"<table>\n<caption>{len(summaries)} {noun}, newest first</caption>\n"
             '<thead><tr><th scope="col">Received (UTC)</th><th scope="col">From</th>'
             f'<th scope="col">To</th><th scope="col">Subject</th></tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>')
    return _document("Mail sink", f"<h1>Mail sink</h1>\n{table}")


def message_page(summary: Summary, *, text: str | None, html: str | None) -> str:
    """One mail: its envelope and headers, then its text (the HTML part as source if it has no text)."""
    subject = summary.subject or "(no subject)"
    facts = "".join(f"<dt>{name}</dt><dd>{escape(value)}</dd>" for name, value in (
        ("Received (UTC)", summary.received_at), ("From", summary.mail_from), ("To", ", ".join(summary.to)),
    ))
    if text is not None:
        content = f"<h2>Text</h2>\n<pre>{escape(text)}</pre>"
    elif html is not None:
        content = f"<h2>HTML source</h2>\n<pre>{escape(html)}</pre>"
    else:
        content = "<p>This mail has no text.</p>"
    body = (f'<p><a href="/">All mails</a></p>\n<h1>{escape(subject)}</h1>\n<dl>{facts}</dl>\n{content}\n'
            f'<p><a href="/messages/{escape(summary.id)}/raw">The mail as received (.eml)</a></p>')
    return _document(f"{subject} — Mail sink", body)


def not_found_page(message_id: str) -> str:
    """What an unknown mail id shows."""
    return _document("Not found — Mail sink",
                     f'<h1>No such mail</h1>\n<p>No mail has the id {escape(message_id)}.</p>\n'
                     '<p><a href="/">All mails</a></p>')
