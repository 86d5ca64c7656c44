"""Page 2: which provider. A searchable, grouped list; typing the sender address picks the
provider by its domain at once, and for company domains by detection in the background (MX,
SPF, CNAME, autoconfig, ISPDB, guess); the panel says how it was found and the user may pick another."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from wizard.core.addresses import InputError, domain_of, normalize_address
from wizard.core.catalog import CATEGORIES, Provider
from wizard.core.engine.api import CancelToken
from wizard.ui.pages.base import Page
from wizard.ui.pages.ids import PageId
from wizard.ui.texts import core, fill
from wizard.ui.widgets.detection_panel import DetectionPanel
from wizard.ui.widgets.dns_choice import DnsServerField
from wizard.ui.widgets.issue_label import IssueLabel
from wizard.ui.workers import BackgroundTasks

ID_ROLE = Qt.ItemDataRole.UserRole
DETECT_SECONDS = 8.0  # all detection steps together, on a worker thread


class ProviderPage(Page):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Which mail provider?"))
        self.setSubTitle(
            self.tr("Type the sender address to pick it automatically, or choose from the list.")
        )
        self.tasks = BackgroundTasks(self)
        self.address = QLineEdit()
        self.address.setObjectName("detectAddressEdit")
        self.address.setPlaceholderText("name@company.com")
        self.detect_status = QLabel()
        self.detect_status.setObjectName("detectStatus")
        self.detect_status.setWordWrap(True)
        self.detection = DetectionPanel()
        self.detection.choose_another.connect(self._choose_another)
        self.search = QLineEdit()
        self.search.setObjectName("providerSearch")
        self.search.setPlaceholderText(self.tr("Search: QQ, 163, exmail, sendgrid …"))
        self.search.setClearButtonEnabled(True)
        self.list = QTreeWidget()
        self.list.setObjectName("providerList")
        self.list.setHeaderHidden(True)
        self.list.setRootIsDecorated(False)
        self.list.setMinimumHeight(220)
        self.provider_issue = IssueLabel("providerIssue")  # e.g. OAuth2 only: cannot be used
        self._recognized_id: str | None = None  # the provider the status line claims was recognized

        form = QFormLayout()
        address_label = QLabel(self.tr("Sender &address:"))
        address_label.setBuddy(self.address)
        form.addRow(address_label, self.address)
        form.addRow("", self.detect_status)
        # Offered when the lookup could not ask DNS: another server (e.g. 223.5.5.5) may answer.
        self.dns_choice = DnsServerField("dnsServerEdit")
        self.dns_choice.hide()
        self.dns_choice.chosen.connect(self._dns_server_changed)
        form.addRow("", self.dns_choice)
        form.addRow("", self.detection)
        search_label = QLabel(self.tr("&Find:"))
        search_label.setBuddy(self.search)
        form.addRow(search_label, self.search)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.provider_issue)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(600)
        self._debounce.timeout.connect(self._detect)
        # No "detecting …" outlives the detection budget, whatever happens on the worker.
        self._watchdog = QTimer(self)
        self._watchdog.setSingleShot(True)
        self._watchdog.setInterval(int((DETECT_SECONDS + 2) * 1000))
        self._watchdog.timeout.connect(self._detection_overdue)
        self._pending = ""
        self._cancel = CancelToken()  # of the detection running now; a newer address cancels it
        self.address.textChanged.connect(self._address_changed)
        self.search.textChanged.connect(self._filter)
        self.search.installEventFilter(self)  # Down and Enter reach the list (eventFilter)
        self.list.currentItemChanged.connect(self._selected)
        self.list.itemActivated.connect(lambda *_: self.wizard().next())

    # -- list ------------------------------------------------------------------------------
    def initializePage(self) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for category in CATEGORIES:
            members = [p for p in self.state.catalog if p.category == category]
            if not members:
                continue
            group = QTreeWidgetItem([core(f"category.{category}", self.lang)])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            self.list.addTopLevelItem(group)
            for provider in members:
                item = QTreeWidgetItem([self._label(provider)])
                item.setData(0, ID_ROLE, provider.id)
                item.setToolTip(0, provider.host or self.tr("Enter the server yourself"))
                group.addChild(item)
        self.list.expandAll()
        self.list.blockSignals(False)
        self.address.setText(str(self.draft.get("sender")))
        self.select(str(self.draft.get("provider")))

    def _label(self, provider: Provider) -> str:
        name = provider.name.get(self.lang)
        if provider.oauth_only:
            name += " — " + self.tr("OAuth only, not usable")
        return name

    def _items(self):
        for i in range(self.list.topLevelItemCount()):
            group = self.list.topLevelItem(i)
            for j in range(group.childCount()):
                yield group, group.child(j)

    def select(self, provider_id: str) -> None:
        for _, item in self._items():
            if item.data(0, ID_ROLE) == provider_id:
                self.list.setCurrentItem(item)
                self.list.scrollToItem(item)
                return

    def _filter(self, text: str) -> None:
        needle = text.strip().lower()
        for _group, item in self._items():
            provider = self.state.catalog.get(item.data(0, ID_ROLE))
            haystack = " ".join(
                [
                    provider.id,
                    provider.name.zh_CN,
                    provider.name.en,
                    provider.host,
                    *provider.domains,
                    *provider.aliases.zh_CN,  # 钉钉邮箱 finds Aliyun enterprise mail
                    *provider.aliases.en,
                ]
            )
            item.setHidden(bool(needle) and needle not in haystack.lower())
        for i in range(self.list.topLevelItemCount()):
            group = self.list.topLevelItem(i)
            group.setHidden(all(group.child(j).isHidden() for j in range(group.childCount())))

    def _visible_items(self) -> list[QTreeWidgetItem]:
        return [item for group, item in self._items() if not item.isHidden() and not group.isHidden()]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the search field, Down goes into the list on its first match, and Enter chooses
        the only match (a second Enter, with it chosen, goes on through Next as usual)."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            visible = self._visible_items()
            if event.key() == Qt.Key.Key_Down and visible:
                if self.list.currentItem() not in visible:
                    self.list.setCurrentItem(visible[0])
                self.list.setFocus()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and len(visible) == 1:
                if self.list.currentItem() is not visible[0]:
                    self.list.setCurrentItem(visible[0])
                    self.list.scrollToItem(visible[0])
                    return True
        return super().eventFilter(watched, event)

    def _selected(self, item: QTreeWidgetItem | None, _previous=None) -> None:
        provider_id = item.data(0, ID_ROLE) if item else None
        if provider_id and provider_id != self.draft.get("provider"):
            self.draft.choose_provider(self.state.catalog.get(provider_id))
        if provider_id and self._recognized_id not in (None, provider_id):
            # the user chose another one: the "✓ recognized" line must not name the old one
            self._recognized_id = None
            name = self.draft.provider.name.get(self.lang)
            self.detect_status.setText(fill(self.tr("Chosen from the list: %1"), name))
        self.provider_issue.show_issues(self.draft.validation().for_field("provider"), self.lang)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        item = self.list.currentItem()
        return bool(item and item.data(0, ID_ROLE))

    def focus_target(self):
        return self.address if not self.address.text() else self.list

    def nextId(self) -> int:
        return PageId.AUTH_HELP if self.draft.provider.needs_setup else PageId.SETTINGS

    # -- detection -----------------------------------------------------------------------------
    def _address_changed(self, text: str) -> None:
        self.draft.set("sender", text.strip())
        self._debounce.stop()
        self._watchdog.stop()
        self._cancel.cancel()  # the address changed: an answer for the old one is no use
        self._pending = ""
        self.detection.clear()
        try:
            address = normalize_address(text)
        except InputError:
            self.detect_status.setText("")
            return
        provider = self.state.catalog.by_domain(domain_of(address))
        if provider is not None:
            self._found(provider, core("detect.by_domain", self.lang))
            return
        self._pending = address
        self.detect_status.setText(fill(self.tr("Detecting the provider of %1 …"), domain_of(address)))
        self._debounce.start()

    def _dns_server_changed(self, _server: str) -> None:
        if self._pending and self.address.text():
            self._address_changed(self.address.text())  # ask again, through that server

    def _detect(self) -> None:
        address, catalog = self._pending, self.state.catalog
        nameserver = self.dns_choice.value or None
        self._cancel.cancel()
        self._cancel = cancel = CancelToken()

        def work(_progress):
            from wizard.core.detect import detect  # imported here: keeps HTTP/XML/PSL off the start-up path

            return address, detect(
                address, catalog=catalog, nameserver=nameserver, timeout=DETECT_SECONDS, cancel=cancel
            )

        self._watchdog.setInterval(int((DETECT_SECONDS + 2) * 1000))
        self._watchdog.start()
        self.tasks.start(
            work, on_result=self._detected, on_error=lambda _details: self._detection_stopped(address)
        )

    def _detection_stopped(self, address: str) -> None:
        """Detection failed on the worker or overran its budget: say so, never spin on."""
        if address != self._pending:
            return
        self._watchdog.stop()
        self.detect_status.setText(self.tr("Detection did not finish. Choose the provider from the list."))
        self.dns_choice.offer(self.lang)  # shows a DNS server that is no address with its error

    def _detection_overdue(self) -> None:
        if self._pending:
            self._cancel.cancel()
            self._detection_stopped(self._pending)

    def _detected(self, outcome) -> None:
        address, result = outcome
        if address != self._pending:
            return  # the user typed on; a newer lookup is coming
        self._watchdog.stop()
        lang = self.lang
        self.detection.show_result(result, lang)
        if result.method != "none":
            how = core(f"detect.by_{result.method}", lang, mx=", ".join(result.mx_hosts[:2]))
        if result.provider is not None:
            self._found(result.provider, how)
        elif result.server is not None:
            self._found_server(result, how)
        elif result.error:
            self.detect_status.setText(core(f"detect.{result.error}", lang, domain=result.domain))
            if result.error in ("dns_timeout", "dns_failure"):
                self.dns_choice.offer(lang)  # another DNS server may answer
        else:
            self.detect_status.setText(core("detect.none", lang, domain=result.domain))

    def _found(self, provider: Provider, how: str) -> None:
        self._recognized_id = provider.id
        found = fill(self.tr("✓ %1 (%2)"), provider.name.get(self.lang), how)
        self.detect_status.setText(found)
        self.select(provider.id)

    def _found_server(self, result, how: str) -> None:
        """No preset, but a server (autoconfig, ISPDB, guess): the custom server, prefilled."""
        server = result.server
        security = core(f"security.{server.security.value}", self.lang)
        found = core(
            "detect.server_found",
            self.lang,
            domain=result.domain,
            host=server.host,
            port=server.port,
            security=security,
        )
        from wizard.core.detect.autoconfig import server_notes

        notes = server_notes(server, result.domain, self.lang)  # outside the domain, insecure, untrusted
        self.detect_status.setText("\n".join([f"{found} ({how})", *notes]))
        self.select(self.state.catalog.custom.id)
        for name, value in (
            ("security", server.security.value),
            ("port", server.port),
            ("host", server.host),
        ):
            self.draft.set(name, value)  # encryption first: it moves the port to the preset's

    def _choose_another(self) -> None:
        self.search.clear()
        self.search.setFocus()
