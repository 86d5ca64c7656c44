"""Plain helpers shared by the test packages: loopback servers and their clients, the CLI runner,
the in-memory keyring, the window-manager display. Fixtures stay in the conftest files
(tests/conftest.py holds the shared ones); tests/test_layout.py keeps test modules off conftests."""
