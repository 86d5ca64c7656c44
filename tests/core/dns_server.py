"""A small authoritative DNS server on loopback for detection tests (real UDP, real dnspython)."""

from __future__ import annotations

import socket
import threading

import dns.flags
import dns.message
import dns.rcode
import dns.rdatatype
import dns.rrset


class LocalDns:
    """Answers MX queries from ``zones`` and any type from ``records`` ({(name, "TXT"): [rdata, ...]});
    names in ``nxdomain`` do not exist, names in ``silent`` get no answer at all, ``servfail``
    names get SERVFAIL; ``deny_all`` answers NXDOMAIN for every name, as offline stubs and captive
    networks do."""

    def __init__(
        self,
        zones: dict[str, list[tuple[int, str]]] | None = None,
        nxdomain=(),
        silent=(),
        records: dict[tuple[str, str], list[str]] | None = None,
        delay: float = 0.0,
        servfail=(),
        deny_all: bool = False,
    ) -> None:
        self.deny_all = deny_all
        self.delay = delay  # seconds before each answer (answers still overlap: a slow server, not a queue)
        self.zones = zones or {}
        self.servfail = set(servfail)
        self.records = {
            (name.lower(), kind.upper()): rdata for (name, kind), rdata in (records or {}).items()
        }
        self.nxdomain = set(nxdomain)
        self.silent = set(silent)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def __enter__(self) -> LocalDns:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                data, peer = self.sock.recvfrom(4096)
            except TimeoutError:
                continue
            except OSError:
                return
            query = dns.message.from_wire(data)
            question = query.question[0]
            name = question.name.to_text(omit_final_dot=True).lower()
            if name in self.silent:
                continue
            response = dns.message.make_response(query)
            response.flags |= dns.flags.AA
            if name in self.servfail:
                response.set_rcode(dns.rcode.SERVFAIL)
            elif name in self.nxdomain or self.deny_all:
                response.set_rcode(dns.rcode.NXDOMAIN)
            elif name in self.zones and question.rdtype == dns.rdatatype.MX:
                records = [f"{pref} {host}." for pref, host in self.zones[name]]
                response.answer.append(dns.rrset.from_text(question.name, 300, "IN", "MX", *records))
            elif (name, dns.rdatatype.to_text(question.rdtype)) in self.records:
                kind = dns.rdatatype.to_text(question.rdtype)
                rdata = self.records[(name, kind)]
                response.answer.append(dns.rrset.from_text(question.name, 300, "IN", kind, *rdata))
            if self.delay:
                threading.Timer(self.delay, self._send, (response.to_wire(), peer)).start()
            else:
                self._send(response.to_wire(), peer)

    def _send(self, wire: bytes, peer) -> None:
        try:
            self.sock.sendto(wire, peer)
        except OSError:  # closed while a delayed answer waited
            pass
