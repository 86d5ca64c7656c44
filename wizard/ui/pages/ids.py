"""Explicit page ids (Qt's licensewizard relies on implicit ones; we don't)."""

from enum import IntEnum


class PageId(IntEnum):
    MODE = 0
    PROVIDER = 1
    AUTH_HELP = 2
    SETTINGS = 3
    TEST = 4
    EXPORT = 5
    DONE = 6
