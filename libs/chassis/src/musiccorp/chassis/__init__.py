"""MusicCorp service chassis: the cross-cutting defaults every service gets from one call.

It knows no service. A service builds a :class:`ServiceRuntime` in its
``bootstrap`` and hands it to :func:`create_service_app`; everything operational
(logs, metrics, health, info, problem+json, database and migrations, discovery,
the resilient HTTP client) comes from here, the same in every service.

Names are imported on first use (PEP 562), so ``python -m musiccorp.chassis.serve``
does not pay for FastAPI and SQLAlchemy before it knows what it serves.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__all__ = [
    "Database",
    "Problem",
    "ServiceManifest",
    "ServiceRuntime",
    "ServiceSettings",
    "create_service_app",
    "find_manifest",
    "load_manifest",
    "load_settings",
    "problem_response",
]

_HOMES = {
    "Database": "database",
    "Problem": "problems",
    "ServiceManifest": "manifest",
    "ServiceRuntime": "runtime",
    "ServiceSettings": "settings",
    "create_service_app": "app",
    "find_manifest": "manifest",
    "load_manifest": "manifest",
    "load_settings": "settings",
    "problem_response": "problems",
}

if TYPE_CHECKING:
    from musiccorp.chassis.app import create_service_app
    from musiccorp.chassis.database import Database
    from musiccorp.chassis.manifest import ServiceManifest, find_manifest, load_manifest
    from musiccorp.chassis.problems import Problem, problem_response
    from musiccorp.chassis.runtime import ServiceRuntime
    from musiccorp.chassis.settings import ServiceSettings, load_settings


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module 'musiccorp.chassis' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"musiccorp.chassis.{_HOMES[name]}"), name)
    globals()[name] = value
    return value
