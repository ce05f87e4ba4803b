"""Unit tests of bot/app and its storage."""
