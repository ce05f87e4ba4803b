"""Telegram-facing handlers: one package per feature, each with register(application)."""
