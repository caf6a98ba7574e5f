from musiccorp.chassis import ServiceSettings


class CustomersSettings(ServiceSettings, env_prefix="MUSICCORP_CUSTOMERS_"):
    """Configuration of the customers service (``MUSICCORP_CUSTOMERS_*``)."""

    port: int = 8102
