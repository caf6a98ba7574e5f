"""Provider verification: notifications honours every contract its consumers published (practice 7.8)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pact import Verifier

from musiccorp.chassis.discovery import InMemoryRegistry
from musiccorp.chassis.testing.servers import serving
from musiccorp.notifications.adapters.memory import FakeCustomerDirectory, FakeMailer, InMemoryMailRepository
from musiccorp.notifications.bootstrap import bootstrap
from musiccorp.notifications.config import NotificationsSettings
from musiccorp.notifications.domain.model import Contact, welcome_mail

PACTS = Path(__file__).resolve().parents[4] / "contracts" / "pacts"


@pytest.fixture
def provider():
    from musiccorp.notifications.entrypoints.api import create_app

    mails = InMemoryMailRepository()
    notifications = bootstrap(NotificationsSettings(), directory=FakeCustomerDirectory(), repository=mails,
                              mailer=FakeMailer(), registry=InMemoryRegistry())
    with serving(create_app(notifications)) as url:
        yield url, mails


def test_notifications_honours_its_consumers_contracts(provider):
    """Every interaction of every pact naming notifications as provider replays green."""
    url, mails = provider

    def welcome_sent(action: str, parameters: dict | None = None) -> None:
        mails.mails.clear()
        if action == "setup":
            now = datetime.now(UTC)
            mail = welcome_mail(customer_id=parameters["customer_id"], contact=Contact("Ada", "ada@example.com"),
                                event_id="event-1", at=now).sent(at=now)
            mails.mails[mail.id] = mail

    contracts = sorted(PACTS.glob("*-notifications.json"))
    assert contracts, "no consumer has published a contract with notifications"
    verifier = (Verifier("notifications", host="127.0.0.1").add_transport(url=url)
                .state_handler({"a welcome mail was sent": welcome_sent}, teardown=True))
    for contract in contracts:
        verifier.add_source(contract)
    verifier.verify()
