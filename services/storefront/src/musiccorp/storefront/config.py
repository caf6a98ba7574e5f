from musiccorp.chassis import ServiceSettings


class StorefrontSettings(ServiceSettings, env_prefix="MUSICCORP_STOREFRONT_"):
    """Configuration of the storefront (``MUSICCORP_STOREFRONT_*``)."""

    port: int = 8000
    catalog_timeout: float = 1.0
    page_size: int = 24
    featured_count: int = 12
