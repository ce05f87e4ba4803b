"""Unit tests of bot/directives and its storage."""
