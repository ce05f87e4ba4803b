"""Unit tests of bot/periods and its storage."""
