"""End-to-end tests of bot/announcements and its storage."""
