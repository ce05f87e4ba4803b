"""Unit tests of bot/delivery and its storage."""
