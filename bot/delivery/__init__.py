"""Delivery: everything the bot sends that is not a direct reply goes through the outbox.

Queue (in the caller's transaction; commit to send):

    await enqueue(session, chat_id, text, member_id=..., priority=Priority.DIRECTIVE,
                  reply_markup={"inline_keyboard": [...]}, document={"file_id": ...},
                  dedupe_key="directive:72:member:5", topic="directive:72", not_before=...,
                  paid=False) -> bool
    await enqueue_many(session, [message_row(chat_id, text, **options), ...]) -> int
    await enqueue_many(session, message_rows([(chat_id, member_id), ...], text,
                                             dedupe_prefix="ann:12", **options)) -> int

`text` is HTML, of any length: the sender splits it (4,096 characters a message, 1,024 a
caption) and puts the buttons on the last part. `document` is {"file_id"}, {"url"} or
{"path"} with optional "filename" and "type" ("document" or "photo"). Priorities: replies,
then directives, then reminders, then bulk. `paid` rows use the paid lane when
HOIBOT_PAID_BROADCAST is on (allow_paid_broadcast, up to HOIBOT_PAID_PER_SECOND).

Follow and steer a topic (the caller commits):

    await progress(session, topic) -> Progress(total, sent, pending, failed, eta_seconds,
                                               cancelled)
    await cancel(session, topic) -> int         # pending rows -> cancelled
    await resend_failed(session, topic) -> int  # failed rows -> pending, attempts reset

Send (the background job of every bot process does this; `hoibot worker` runs it alone):

    await drain(db, bot, now=None, limit=5000) -> DrainResult(claimed, sent, failed, retried,
                                                              requeued, unreachable)
    Sender(db, bot, DeliveryPolicy.from_settings(settings)).run_forever(stop_event)
    await stop_sending(db)   # this process's background sender gives up the lead

A row's life: pending -> sending (claimed, just before its call) -> sent, or failed with a
reason in `error` (403: the member is marked unreachable and their later rows fail as
"unreachable" without a call until they write to the bot again; 400 at once; network
errors, timeouts and 5xx after HOIBOT_DELIVERY_MAX_ATTEMPTS tries with exponential backoff),
or back to pending (a 429 pauses every send for its retry_after and costs no attempt).
A row a crashed sender left `sending` is queued again as soon as another sender takes the
lead (its claim carries the dead sender's lease; without a lease, after
HOIBOT_DELIVERY_STUCK_SECONDS): it may arrive twice, nothing else can. A sent row keeps the
`telegram_message_id` of its last part, the one with the buttons (to edit it later), and
every message sent is in the interaction log with the row's member and their unit.
"""

from bot.delivery.loop import Sender, send_due, stop_sending
from bot.delivery.outbox import enqueue, enqueue_many, message_row, message_rows
from bot.delivery.pacer import Pacer
from bot.delivery.policy import DeliveryPolicy
from bot.delivery.progress import Progress, cancel, progress, resend_failed
from bot.delivery.sender import DrainResult, drain

__all__ = [
    "DeliveryPolicy",
    "DrainResult",
    "Pacer",
    "Progress",
    "Sender",
    "cancel",
    "drain",
    "enqueue",
    "enqueue_many",
    "message_row",
    "message_rows",
    "progress",
    "resend_failed",
    "send_due",
    "stop_sending",
]
