"""Settings: PayBuddy's sandbox credentials are for local runs only; callbacks come to the public URL."""

import pytest
from pydantic import ValidationError

from musiccorp.payments.adapters.paybuddy import SIGNATURE_HEADER, read_settlement, signature
from musiccorp.payments.config import PaymentsSettings
from musiccorp.payments.domain.errors import UnverifiedNotification

POSTGRES = "postgresql+asyncpg://payments@db/payments"
LIVE_KEY = "pb_live_4hT9xQ2mZ7vK1pR8sW3nB6cY5dF0gJ"
NEW_SECRET = "whsec_N7qX2vL9kR4tM8pB3wY6zC1dF5gH0jK"
OLD_SECRET = "whsec_A3sD8fG1hJ6kL0zX4cV9bN2mQ7wE5rT"


def test_production_refuses_the_public_sandbox_credentials():
    """Anyone could sign a callback with the sandbox's secret: staging and production need their own."""
    with pytest.raises(ValidationError, match="MUSICCORP_PAYMENTS_PAYBUDDY_API_KEY is not set"):
        PaymentsSettings(environment="production", database_url=POSTGRES)
    with pytest.raises(ValidationError, match="MUSICCORP_PAYMENTS_PAYBUDDY_WEBHOOK_SECRET is not set"):
        PaymentsSettings(environment="production", database_url=POSTGRES, paybuddy_api_key=LIVE_KEY)
    real = PaymentsSettings(environment="production", database_url=POSTGRES, paybuddy_api_key=LIVE_KEY,
                            paybuddy_webhook_secret=f"{NEW_SECRET},{OLD_SECRET}")
    assert real.paybuddy_api_key.current == LIVE_KEY
    assert tuple(real.paybuddy_webhook_secret) == (NEW_SECRET, OLD_SECRET)


def test_a_callback_signed_with_a_secret_being_rotated_out_is_still_read():
    """While the webhook secret rotates, a callback signed with the old one settles too; any other is refused."""
    body = b'{"eventKind": "charge.settled", "chargeId": "ch_1", "merchantReference": "order-7"}'
    for secret in (NEW_SECRET, OLD_SECRET):
        headers = {SIGNATURE_HEADER: signature(body, secret=secret)}
        assert read_settlement(body, headers, secrets=(NEW_SECRET, OLD_SECRET)).reference == "ch_1"
    with pytest.raises(UnverifiedNotification):
        read_settlement(body, {SIGNATURE_HEADER: signature(body, secret=OLD_SECRET)}, secrets=(NEW_SECRET,))


def test_paybuddy_calls_back_at_the_public_url():
    """The callback URL PayBuddy is given is ours as others reach it."""
    settings = PaymentsSettings(public_url="https://payments.musiccorp.example")
    assert settings.callback_url == "https://payments.musiccorp.example/v1/paybuddy/notifications"


def test_the_charge_timeout_is_a_positive_number_of_seconds(monkeypatch):
    """MUSICCORP_PAYMENTS_PAYBUDDY_TIMEOUT sets it (5 s by default); zero is refused."""
    monkeypatch.delenv("MUSICCORP_PAYMENTS_PAYBUDDY_TIMEOUT", raising=False)
    assert PaymentsSettings().paybuddy_timeout == 5.0
    monkeypatch.setenv("MUSICCORP_PAYMENTS_PAYBUDDY_TIMEOUT", "0")
    with pytest.raises(ValidationError):
        PaymentsSettings()
