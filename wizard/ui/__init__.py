"""The PySide6 wizard (thin layer over wizard.core)."""
