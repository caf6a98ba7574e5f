from pydantic import model_validator

from musiccorp.chassis import ServiceSettings

DEVELOPMENT_SECRET = "musiccorp-local-development-only"


class StorefrontSettings(ServiceSettings, env_prefix="MUSICCORP_STOREFRONT_"):
    """Configuration of the storefront (``MUSICCORP_STOREFRONT_*``)."""

    port: int = 8000
    catalog_timeout: float = 1.0
    page_size: int = 24
    featured_count: int = 12
    account_timeout: float = 1.0
    session_secret: str = DEVELOPMENT_SECRET

    @model_validator(mode="after")
    def _refuse_development_secret(self):
        if self.environment in ("staging", "production") and self.session_secret == DEVELOPMENT_SECRET:
            raise ValueError("set SESSION_SECRET: the development secret would let anyone forge a session")
        return self
