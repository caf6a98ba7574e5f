"""The broker's events (ADR 0005, the event backbone): ``musiccorp events tail|dlq|replay`` (``commands``) over a
connection to the running broker (``jetstream``), following subjects (``tail``, ``subjects``), dead letters
(``deadletters``), CloudEvents envelopes (``envelopes``) and how they look (``eventview``).

Not the supervisor's run events (``supervision.run_events``), and not the broker process (
``supervision.broker_process``, which only launches NATS).
"""
