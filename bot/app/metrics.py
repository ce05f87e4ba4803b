"""What an operator can watch at /metrics (Prometheus text format, via prometheus-client).

Counters and histograms are counted where things happen (the processor, the sender);
the outbox's depth is read from the database when /metrics is asked for.
"""

from __future__ import annotations

import os
import socket

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    Counter,
    Gauge,
    Histogram,
    Info,
    generate_latest,
)

UPDATES = Counter(
    "hoibot_updates_total",
    "Updates handled, by kind (command, text, callback…) and outcome (ok, refused, repeat, error).",
    ["kind", "outcome"],
)
UPDATE_SECONDS = Histogram(
    "hoibot_update_seconds",
    "Time to handle one update, from its transaction's start to its commit.",
    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)
SENDS = Counter(
    "hoibot_sends_total",
    "Outbox rows sent or tried, by result (ok, 429, 403, 400, 5xx, timeout).",
    ["result"],
)
OUTBOX = Gauge(
    "hoibot_outbox_rows",
    "Outbox rows waiting or in flight, by lane (free, paid) and state.",
    ["lane", "state"],
)
LEADER = Gauge("hoibot_sender_leader", "1 while this process's sender holds the lead, else 0.")
PACE = Gauge(
    "hoibot_send_pace", "Messages sent per second by this process, over the last few seconds."
)
PROCESS = Info("hoibot_process", "This process: its host and process id (as its sender's lease).")
PROCESS.info({"host": socket.gethostname(), "pid": str(os.getpid())})


def sent_so_far() -> float:
    """Messages this process has sent (the `ok` sends), for the pace."""
    return REGISTRY.get_sample_value("hoibot_sends_total", {"result": "ok"}) or 0.0


def exposition() -> tuple[bytes, str]:
    """The metrics as Prometheus reads them, and their content type."""
    return generate_latest(), CONTENT_TYPE_LATEST
