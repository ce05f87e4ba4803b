"""End-to-end tests of bot/figures and its storage."""
