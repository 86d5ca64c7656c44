"""What the pages share: the draft being edited (the core owns every rule about it) and the
run's own context (language, demo server, keyring choice)."""

from __future__ import annotations

from typing import Any

from wizard.core.catalog import Catalog
from wizard.core.draft import Draft


class WizardState:
    def __init__(self, lang: str, catalog: Catalog) -> None:
        self.lang = lang
        self.draft = Draft(catalog)
        self.remember_password = False
        self.demo: Any = None  # wizard.core.demo.DemoServer in demo mode

    @property
    def ca_file(self) -> str | None:
        """The CA file the tests trust besides the system's (the demo's, or one the user chose);
        kept on the draft, since what a test trusted is part of what it verified."""
        return self.draft.ca_file

    @ca_file.setter
    def ca_file(self, path: str | None) -> None:
        self.draft.ca_file = path

    @property
    def catalog(self) -> Catalog:
        return self.draft.catalog

    @catalog.setter
    def catalog(self, catalog: Catalog) -> None:
        self.draft.catalog = catalog
