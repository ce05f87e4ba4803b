"""End-to-end tests of bot/schedule and its storage."""
