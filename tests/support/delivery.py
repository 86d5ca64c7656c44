"""The Dovecot IMAP account of the delivery-confirmation tests (fixtures in tests/conftest.py)."""

IMAP_USER = "lisi@example.org"
IMAP_PASSWORD = "imap-授权码-2026"
