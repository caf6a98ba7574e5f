from pydantic import Field

from musiccorp.chassis import ServiceSettings
from musiccorp.chassis.secrets import SecretSetting, local_secret

SANDBOX_API_KEY = "pb_test_musiccorp"
SANDBOX_WEBHOOK_SECRET = "whsec_musiccorp_sandbox"


class PaymentsSettings(ServiceSettings, env_prefix="MUSICCORP_PAYMENTS_"):
    """Configuration of the payments service (``MUSICCORP_PAYMENTS_*``).

    PayBuddy's sandbox credentials are public: they serve a local run on loopback only, anywhere else payments
    refuses to start without its own (``musiccorp up`` generates them for each run). The webhook secret is a
    list, newest first, so it rotates without a callback refused. ``PUBLIC_URL`` is where PayBuddy sends its
    settlement callbacks.
    """

    port: int = 8106
    paybuddy_url: str = "http://127.0.0.1:8900"
    paybuddy_api_key: SecretSetting = local_secret(SANDBOX_API_KEY, description="Our merchant API key at PayBuddy")
    paybuddy_webhook_secret: SecretSetting = local_secret(
        SANDBOX_WEBHOOK_SECRET, description="What PayBuddy signs its callbacks with: newest first, any accepted")
    paybuddy_timeout: float = Field(5.0, gt=0, description="Seconds a charge may take before it is a 504")
    catalog_timeout: float = Field(1.0, gt=0)

    @property
    def callback_url(self) -> str:
        """Where PayBuddy posts settlement callbacks."""
        return f"{self.url}/v1/paybuddy/notifications"
