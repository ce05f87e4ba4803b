"""Building and running the bot: the Application, its update scope, settings, jobs and the
web of calls to Telegram. Import the modules; this package imports nothing."""
