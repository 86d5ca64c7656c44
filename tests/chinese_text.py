"""The punctuation and spacing convention of the project's Chinese text, and where that text is.

The convention (the admin console's own, README "Development"):
- inside a Chinese sentence the ASCII ``,`` ``:`` ``;`` ``(`` ``)`` (no full-width ，：；（）),
  with the full-width 、。「」 … —— for what ASCII has no form of;
- exactly one space between a Chinese character and an adjacent run of Latin letters or digits
  (获取 QQ 邮箱的授权码, 465 端口), none between two Chinese characters, none between a Chinese
  character and punctuation, except one after a label's colon (账号: demo@example.com).
Placeholders ({host}, %1, %(prog)s) stand for either kind of text and are not checked at their edges.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CJK = r"\u3400-\u4dbf\u4e00-\u9fff"
FULL_WIDTH = {"，": ",", "：": ":", "；": ";", "（": "(", "）": ")"}
RULES = (
    (re.compile("[，：；（）]"), "full-width ，：；（） (use ASCII ,:;())"),
    (re.compile(rf"[{CJK}][A-Za-z0-9]|[A-Za-z0-9][{CJK}]"), "no space between Chinese and Latin/digits"),
    (re.compile(rf"[{CJK}] {{2,}}[A-Za-z0-9]|[A-Za-z0-9] {{2,}}[{CJK}]"), "more than one space"),
    (re.compile(rf"[{CJK}] +[{CJK}]"), "space between two Chinese characters"),
    # (*.pem) in a file-dialog filter is Qt's syntax, a space before it included
    (
        re.compile(rf"[{CJK}] +(?:[,:;)、。「」]|\((?!\*))|[{CJK}][,;、。「」(] +[{CJK}]"),
        "space beside punctuation",
    ),
)
# {name}, {name!r}, %1, %(name)s, %s: their text is unknown here
_PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\d|%\([a-z_]+\)[a-z]|%[sdr]")


def violations(text: str) -> list[str]:
    masked = _PLACEHOLDER.sub("\x00", text)  # a neutral character: neither Chinese nor Latin
    return [
        f"{why}: …{masked[max(0, m.start() - 8) : m.end() + 8]}…".replace("\x00", "{}")
        for pattern, why in RULES
        for m in pattern.finditer(masked)
    ]


def ts_translations(path: Path) -> Iterator[tuple[str, str]]:
    for message in ET.parse(path).getroot().iter("message"):
        translation = message.find("translation")
        source = message.findtext("source") or ""
        if translation is not None:
            texts = [n.text or "" for n in translation.iter("numerusform")] or [translation.text or ""]
            for text in texts:
                yield f"{path.name}: {source!r}", text


def message_texts() -> Iterator[tuple[str, str]]:
    for path in sorted((ROOT / "resources" / "messages").glob("*.json")):
        for key, text in json.loads(path.read_text(encoding="utf-8"))["zh_CN"].items():
            yield f"{path.name}: {key}", text


def usage_texts() -> Iterator[tuple[str, str]]:
    from wizard import usage_zh

    for name, table in vars(usage_zh).items():
        if isinstance(table, dict):
            for source, text in table.items():
                if isinstance(text, str):
                    yield f"usage_zh.{name}[{source!r}]", text


def _zh_values(node, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "zh_CN":
                for i, text in enumerate(value if isinstance(value, list) else [value]):
                    if isinstance(text, str):
                        yield f"{where}.zh_CN[{i}]", text
            else:
                yield from _zh_values(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _zh_values(value, f"{where}[{i}]")


def catalog_texts() -> Iterator[tuple[str, str]]:
    data = json.loads((ROOT / "resources" / "providers.json").read_text(encoding="utf-8"))
    for provider in data["providers"]:
        yield from _zh_values(provider, f"providers.json: {provider['id']}")


def all_chinese_texts() -> Iterator[tuple[str, str]]:
    for path in sorted((ROOT / "resources" / "i18n").glob("*zh_CN.ts")):
        yield from ts_translations(path)
    yield from message_texts()
    yield from usage_texts()
    yield from catalog_texts()
