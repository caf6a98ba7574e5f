"""Settings: PayBuddy's sandbox credentials are for local runs only; callbacks come to the public URL."""

import pytest
from pydantic import ValidationError

from musiccorp.payments.config import PaymentsSettings

POSTGRES = "postgresql+asyncpg://payments@db/payments"


def test_production_refuses_the_public_sandbox_credentials():
    """Anyone could sign a callback with the sandbox's secret: staging and production need their own."""
    with pytest.raises(ValidationError, match="PAYBUDDY_API_KEY"):
        PaymentsSettings(environment="production", database_url=POSTGRES)
    real = PaymentsSettings(environment="production", database_url=POSTGRES, paybuddy_api_key="pb_live_1",
                            paybuddy_webhook_secret="whsec_live_1")
    assert real.paybuddy_api_key == "pb_live_1"


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
