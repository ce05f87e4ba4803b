"""Unit tests of bot/figures and its storage."""
