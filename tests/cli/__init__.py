"""Tests that run the command line (``python -m wizard …``) as a user would."""
