"""What the pages share: the settings being built, the catalog, and what the test proved.

Plain Python on purpose: pages read and write it, the core validates it; no logic here
beyond keeping the draft and its validation together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wizard.core.catalog import Catalog, Provider
from wizard.core.settings import MailSettings, Verification
from wizard.core.validation import Validation, validate


@dataclass
class WizardState:
    lang: str
    catalog: Catalog
    draft: dict[str, Any] = field(default_factory=lambda: {"mode": "platform", "provider": "custom"})
    verified: Verification | None = None
    unverified_confirmed: bool = False
    pinned_sha256: str | None = None
    ca_file: str | None = None  # the demo server's CA, trusted by this run only
    remember_password: bool = False
    opened_file: Path | None = None
    demo: Any = None  # wizard.core.demo.DemoServer in demo mode

    @property
    def provider(self) -> Provider:
        return self.catalog.find(self.draft.get("provider")) or self.catalog.custom

    def validation(self, *, require_password: bool = False) -> Validation:
        return validate(self.draft, catalog=self.catalog, require_password=require_password)

    @property
    def settings(self) -> MailSettings | None:
        return self.validation().settings

    def update(self, **values: Any) -> None:
        """Change fields; a change to what was tested voids the earlier verification."""
        before = self.settings
        self.draft.update(values)
        after = self.settings
        if before is None or after is None or before.without_password() != after.without_password():
            self.verified = None
            self.unverified_confirmed = False

    @property
    def secrets(self) -> tuple[str, ...]:
        """Values to scrub from anything shown or copied (crash reports, transcripts)."""
        password = str(self.draft.get("password") or "")
        return (password,) if len(password) >= 3 else ()
