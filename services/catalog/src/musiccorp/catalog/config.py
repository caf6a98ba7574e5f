from musiccorp.chassis import ServiceSettings


class CatalogSettings(ServiceSettings, env_prefix="MUSICCORP_CATALOG_"):
    """Configuration of the catalog service (``MUSICCORP_CATALOG_*``)."""

    port: int = 8101
    cache_max_age: int = 60
    read_model: bool = True
