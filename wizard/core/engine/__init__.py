"""The live-test engine (Qt-free)."""
