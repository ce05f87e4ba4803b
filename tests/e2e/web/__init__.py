"""End-to-end tests of the office's dashboard (the Mini App)."""
