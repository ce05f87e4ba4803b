"""Test doubles: the fake Bot API (shipped in bot.fakeapi for `hoibot try`) and the rig."""
