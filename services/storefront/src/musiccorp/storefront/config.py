from typing import Annotated

from pydantic import AfterValidator, Field

from musiccorp.chassis import ServiceSettings
from musiccorp.chassis.secrets import SecretSetting, local_secret

DEVELOPMENT_SECRET = "musiccorp-local-development-only"


class StorefrontSettings(ServiceSettings, env_prefix="MUSICCORP_STOREFRONT_"):
    """Configuration of the storefront (``MUSICCORP_STOREFRONT_*``)."""

    port: int = 8000
    catalog_timeout: float = 1.0
    page_size: int = 24
    featured_count: int = 12
    account_timeout: float = 1.0
    orders_timeout: float = 2.0
    order_wait: float = Field(25.0, gt=0, le=30, description="Seconds each long poll of an order may wait (≤ 30)")
    max_order_streams: int = Field(200, ge=0, description="Live order pages one instance follows at once; "
                                                          "beyond, pages poll every 15 s (0: they always poll)")
    paybuddy_url: Annotated[str, AfterValidator(lambda url: url.rstrip("/"))] = Field(
        "http://127.0.0.1:8900", description="PayBuddy as the shopper's browser reaches it: its script and card tokens")
    session_secret: SecretSetting = local_secret(
        DEVELOPMENT_SECRET, description="What session cookies are signed with: newest first, any accepted")
