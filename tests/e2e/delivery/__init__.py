"""End-to-end tests of bot/delivery and its storage."""
