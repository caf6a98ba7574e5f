from musiccorp.chassis import ServiceSettings


class LoyaltySettings(ServiceSettings, env_prefix="MUSICCORP_LOYALTY_"):
    """Configuration of the loyalty service (``MUSICCORP_LOYALTY_*``)."""

    port: int = 8103
