"""End-to-end tests of bot/directives and its storage."""
