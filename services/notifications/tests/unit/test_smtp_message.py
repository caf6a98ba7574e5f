from musiccorp.notifications.adapters.smtp import to_message
from musiccorp.notifications.domain.model import Contact, welcome_mail


def test_message_id_is_stable_for_one_mail(clock):
    """A mail's Message-ID is derived from its id, so a repeated delivery is recognisable."""
    mail = welcome_mail(customer_id="c-1", contact=Contact("Ada", "ada@example.com"), event_id="e-1", at=clock())
    first, again = to_message(mail, sender="MusicCorp <hello@musiccorp.example>"), to_message(mail, sender="x@y")
    assert first["Message-ID"] == again["Message-ID"] == f"<{mail.id}@musiccorp.example>"
    assert first["To"] == "ada@example.com"
