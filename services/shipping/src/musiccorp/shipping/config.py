from musiccorp.chassis import ServiceSettings


class ShippingSettings(ServiceSettings, env_prefix="MUSICCORP_SHIPPING_"):
    """Configuration of the shipping service (``MUSICCORP_SHIPPING_*``)."""

    port: int = 8108
