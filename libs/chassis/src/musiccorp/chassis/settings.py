"""Typed service settings, read only from the environment and checked at start.

Every service declares one subclass of :class:`ServiceSettings`; its fields
come from ``MUSICCORP_<SERVICE>_<FIELD>`` variables. A bad or missing value stops
start-up with one readable line instead of a stack trace. A secret setting
(:data:`~musiccorp.chassis.secrets.SecretSetting`) fails closed: outside a local
run on loopback, a service without its configured, strong secret refuses to start.


>>> class CatalogSettings(ServiceSettings, env_prefix="MUSICCORP_CATALOG_"):
...     page_size: int = 20
>>> load_settings(CatalogSettings).page_size
20
"""

from __future__ import annotations

import sys
from typing import Literal, TypeVar

from pydantic import ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from musiccorp.chassis.secrets import Secrets, is_loopback, weakness

__all__ = ["ServiceSettings", "SettingsError", "load_settings"]

Environment = Literal["local", "test", "staging", "production"]


class SettingsError(SystemExit):
    """Start-up refused: the environment does not describe a runnable service (exit status 1)."""

    def __init__(self, message: str) -> None:
        super().__init__(1)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ServiceSettings(BaseSettings):
    """What every service needs to know about where and how it runs."""

    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    environment: Environment = "local"
    host: str = "127.0.0.1"
    port: int = 8080
    instance_id: str = ""
    public_url: str = ""
    database_url: str = "sqlite+aiosqlite:///:memory:"
    nats_url: str | None = None
    service_urls: dict[str, str] = {}
    git_sha: str = "unknown"
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    log_format: Literal["json", "console"] = "json"

    def __init_subclass__(cls, *, env_prefix: str | None = None, **kwargs):
        super().__init_subclass__(**kwargs)
        if env_prefix is not None:
            cls.model_config = SettingsConfigDict(**{**cls.model_config, "env_prefix": env_prefix})

    @model_validator(mode="after")
    def _refuse_unsafe_production(self):
        if self.environment == "production" and self.database_url.startswith("sqlite"):
            raise ValueError("production needs a server database; set DATABASE_URL to postgresql+asyncpg://...")
        return self

    @model_validator(mode="after")
    def _refuse_weak_secrets(self):
        local_on_loopback = self.environment == "local" and is_loopback(self.host)
        for name, field in type(self).model_fields.items():
            value, built_in = getattr(self, name), field.default if isinstance(field.default, tuple) else ()
            if isinstance(value, Secrets) and (why := weakness(value, built_in=built_in,
                                                               local_on_loopback=local_on_loopback)):
                prefix = self.model_config.get("env_prefix", "")
                raise ValueError(f"{prefix}{name.upper()} is {why}")
        return self

    @property
    def url(self) -> str:
        """The address other services reach this instance at."""
        return self.public_url or f"http://{self.host}:{self.port}"


S = TypeVar("S", bound=ServiceSettings)


def load_settings(settings_class: type[S], **overrides) -> S:
    """Read and validate settings, or exit with one line naming the bad variable."""
    try:
        return settings_class(**overrides)
    except ValidationError as exc:
        prefix = settings_class.model_config.get("env_prefix", "")
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"])
        reason = error["msg"].removeprefix("Value error, ")
        if field:
            message = f"invalid configuration: {prefix}{field.upper()}: {reason}"
        else:  # a rule across settings: its reason names the variables
            message = f"invalid configuration: {reason}"
        print(message, file=sys.stderr)
        raise SettingsError(message) from None
