"""Unit tests of bot/text and its storage."""
