"""Schema fuzzing: every request schemathesis invents gets a documented answer, never a 5xx."""

from musiccorp.chassis.discovery import InMemoryRegistry
from musiccorp.chassis.testing.openapi import assert_conforms_to_openapi
from musiccorp.notifications.bootstrap import bootstrap
from musiccorp.notifications.config import NotificationsSettings
from musiccorp.notifications.entrypoints.api import create_app


def test_notifications_api_conforms_to_its_schema(directory, mails, mailer):
    """No generated request gets a 5xx, and every answer matches the OpenAPI document."""
    app = create_app(bootstrap(NotificationsSettings(), directory=directory, repository=mails, mailer=mailer,
                               registry=InMemoryRegistry()))
    assert_conforms_to_openapi(app, paths={"/v1/mails"})
