from pydantic import Field, model_validator

from musiccorp.chassis import ServiceSettings

SANDBOX_API_KEY = "pb_test_musiccorp"
SANDBOX_WEBHOOK_SECRET = "whsec_musiccorp_sandbox"


class PaymentsSettings(ServiceSettings, env_prefix="MUSICCORP_PAYMENTS_"):
    """Configuration of the payments service (``MUSICCORP_PAYMENTS_*``).

    PayBuddy's sandbox credentials are the defaults; staging and production refuse them.
    ``PUBLIC_URL`` is where PayBuddy sends its settlement callbacks.
    """

    port: int = 8106
    paybuddy_url: str = "http://127.0.0.1:8900"
    paybuddy_api_key: str = SANDBOX_API_KEY
    paybuddy_webhook_secret: str = SANDBOX_WEBHOOK_SECRET
    paybuddy_timeout: float = Field(5.0, gt=0, description="Seconds a charge may take before it is a 504")
    catalog_timeout: float = Field(1.0, gt=0)

    @model_validator(mode="after")
    def _refuse_sandbox_credentials(self):
        if self.environment in ("staging", "production") and (
                self.paybuddy_api_key == SANDBOX_API_KEY or self.paybuddy_webhook_secret == SANDBOX_WEBHOOK_SECRET):
            raise ValueError("set PAYBUDDY_API_KEY and PAYBUDDY_WEBHOOK_SECRET: the sandbox's are public")
        return self

    @property
    def callback_url(self) -> str:
        """Where PayBuddy posts settlement callbacks."""
        return f"{self.url}/v1/paybuddy/notifications"
