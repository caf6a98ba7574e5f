"""MusicCorp service chassis: the cross-cutting defaults every service gets from one call.

It knows no service. A service builds a :class:`ServiceRuntime` in its
``bootstrap`` and hands it to :func:`create_service_app`; everything operational
(logs, metrics, health, info, problem+json, database and migrations, discovery,
the resilient HTTP client) comes from here, the same in every service.
"""

from musiccorp.chassis.app import create_service_app
from musiccorp.chassis.database import Database
from musiccorp.chassis.manifest import ServiceManifest, find_manifest, load_manifest
from musiccorp.chassis.problems import Problem, problem_response
from musiccorp.chassis.runtime import ServiceRuntime
from musiccorp.chassis.settings import ServiceSettings, load_settings

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
