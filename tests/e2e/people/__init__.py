"""End-to-end tests of bot/people and its storage."""
