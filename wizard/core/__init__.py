"""Qt-free core: catalog, settings, validation, export, engine.

Nothing under this package may import PySide6; tests/core/test_qt_free.py enforces it.
"""
