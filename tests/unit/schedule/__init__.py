"""Unit tests of bot/schedule and its storage."""
