"""Operations tooling: the ``musiccorp`` command.

It launches services as processes and talks to them over HTTP; it imports no
service and not the chassis. ``main`` holds the commands only (``up`` is in
``up``, which joins the supervisor to its progress); the work lives in four
concerns, each a subpackage:

- ``supervision``: running the system — what to run, launching, keeping it
  running, the supervisor's run events, the state file and control channel;
- ``views``: how runs and logs look;
- ``checks``: judging a running system now (``musiccorp status``);
- ``broker``: the broker's events (``musiccorp events``, ADR 0005).

They import one way: ``views`` reads ``supervision``; ``checks`` and ``broker``
use both; ``supervision`` imports none of them. ``errors``, ``environment`` and
``crashlog`` are shared by all.
"""
