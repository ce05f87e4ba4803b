"""Unit tests of bot/people and its storage."""
