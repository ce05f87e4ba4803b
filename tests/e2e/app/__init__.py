"""End-to-end tests of bot/app and its storage."""
