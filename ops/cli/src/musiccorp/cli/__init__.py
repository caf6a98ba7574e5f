"""Operations tooling: the ``musiccorp`` command.

It launches services as processes and talks to them over HTTP; it imports no
service and not the chassis. ``main`` holds the commands only; the work lives in
``topology`` (what to run), ``plan``/``launch``/``nats``/``mail`` (how),
``supervisor`` and ``child`` (keeping it running), ``state``/``control`` (how
other commands see and steer a run), ``logs``/``logformat``/``logview`` (reading
logs), ``eventcommands`` with ``jetstream``/``tail``/``deadletters``/``subjects``/
``envelopes``/``eventview`` (the event backbone) and ``render``/``progress``
(showing it all).
"""
