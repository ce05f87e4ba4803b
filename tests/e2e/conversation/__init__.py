"""End-to-end tests of what the bot waits for from each member (bot/conversation)."""
