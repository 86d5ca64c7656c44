"""Sender-domain checks (SPF, DMARC, DKIM, recipient MX): will the mail be trusted where it lands?"""

from __future__ import annotations

from wizard.core.domain_check.findings import NOT_CHECKED, PASS, PROBLEM, SKIPPED, WARNING, Finding
from wizard.core.domain_check.report import DomainReport, check_domain

__all__ = ["NOT_CHECKED", "PASS", "PROBLEM", "SKIPPED", "WARNING", "DomainReport", "Finding", "check_domain"]
