"""hoibot: a Telegram assistant for Vietnamese membership associations."""

__version__ = "0.1.0"
