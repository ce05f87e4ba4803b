"""hoibot: a Telegram assistant for Vietnamese membership associations."""

import os

__version__ = "0.1.0"

# python-telegram-bot 22 gives time periods (a 429's retry_after) as timedelta when asked to,
# and warns on every one otherwise; hoibot reads both, and asks for what PTB 23 will give.
os.environ.setdefault("PTB_TIMEDELTA", "1")
