"""End-to-end tests of the operator's command line."""
