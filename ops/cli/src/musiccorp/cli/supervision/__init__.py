"""Supervision: running the system — what to run, launching and keeping children alive, bringing a run down.

``topology``/``providers`` (what to run), ``plan``/``launch``/``ports``/``broker_process``/``mailsink_process``
(how), ``supervisor``/``child``/``backoff``/``probe``/``process``/``logfiles`` (keeping it running),
``run_events`` (what the supervisor reports), ``state``/``control``/``lock``/``lifecycle``/``operate`` (how other
commands see and steer a run). Nothing here shows anything: ``views`` does, and imports this package, never the
other way round.
"""
