"""Delivery: everything the bot sends that is not a direct reply goes through the outbox."""

from bot.delivery.outbox import enqueue, enqueue_many

__all__ = ["enqueue", "enqueue_many"]
