"""The local mail sink: every mail the system sends in development lands here, readable.

``python -m musiccorp.mailsink --smtp-port P --http-port Q --data-dir DIR``
accepts any mail over SMTP on ``127.0.0.1:P`` and keeps it as an ``.eml`` file
with a JSON index under ``DIR``; ``http://127.0.0.1:Q/`` lists the mails,
``/api/messages`` serves them as JSON. ``store`` keeps the mails, ``smtp``
receives them, ``web`` and ``page`` show them, ``server`` runs the two servers.
"""

from musiccorp.mailsink.server import MailSink
from musiccorp.mailsink.store import MailStore, Summary

__all__ = ["MailSink", "MailStore", "Summary"]
__version__ = "0.1.0"
