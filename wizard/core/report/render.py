"""Sections to Markdown or to one self-contained HTML file, and the atomic write.

Both formats escape every value: Markdown punctuation and HTML tags in a server's reply stay
text (a Markdown viewer renders inline HTML and links), and the HTML page loads nothing from
anywhere (its Content-Security-Policy forbids every source but its own inline style).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from wizard.core.atomic import write_atomic
from wizard.core.report.sections import Section

FORMATS = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}

# What can start markup inside a line: code, emphasis, links/images, tables, strikethrough.
# An underscore inside a word (x86_64) is plain text in CommonMark and stays readable.
_MD_SPECIAL = re.compile(r"([\\`*\[\]|~]|(?<!\w)_|_(?!\w))")


def report_format(path: Path) -> str | None:
    """``markdown`` or ``html`` from the file name; None when the extension says neither."""
    return FORMATS.get(Path(path).suffix.lower())


def _md(text: str) -> str:
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    escaped = escaped.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace("\n", "<br>")


def _md_table(rows) -> list[str]:
    header, *body = rows
    lines = ["| " + " | ".join(_md(cell) for cell in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_md(cell) or " " for cell in row) + " |" for row in body]
    return lines


def to_markdown(sections: list[Section]) -> str:
    lines: list[str] = []
    for index, section in enumerate(sections):
        lines += [f"{'#' if index == 0 else '##'} {_md(section.title)}", ""]
        if section.rows:
            lines += [*_kv_markdown(section.rows), ""]
        if section.table:
            lines += [*_md_table(section.table), ""]
        if section.block is not None:
            longest = max((len(run) for run in re.findall(r"`+", section.block)), default=0)
            fence = "`" * max(3, longest + 1)
            lines += [fence, section.block, fence, ""]
    return "\n".join(lines)


def _kv_markdown(rows) -> list[str]:
    return [f"- **{_md(label)}**: {_md(value)}" for label, value in rows]


_POLICY = "default-src 'none'; style-src 'unsafe-inline'"  # nothing loads, nothing runs
_STYLE = """
body { font-family: sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin-bottom: 1em; }
th, td { border: 1px solid #bbb; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
pre { background: #f6f6f6; padding: 1em; overflow-x: auto; white-space: pre-wrap; }
"""


def _h(text: str) -> str:
    return html.escape(text, quote=True).replace("\n", "<br>")


def to_html(sections: list[Section], lang: str = "zh_CN") -> str:
    title = _h(sections[0].title) if sections else ""
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh_CN" else "en"}">',
        '<head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">',
        f"<title>{title}</title><style>{_STYLE}</style></head>",
        "<body>",
    ]
    for index, section in enumerate(sections):
        tag = "h1" if index == 0 else "h2"
        parts.append(f"<{tag}>{_h(section.title)}</{tag}>")
        if section.rows:
            parts.append("<table>")
            parts += [f"<tr><th>{_h(label)}</th><td>{_h(value)}</td></tr>" for label, value in section.rows]
            parts.append("</table>")
        if section.table:
            header, *body = section.table
            parts.append("<table><tr>" + "".join(f"<th>{_h(cell)}</th>" for cell in header) + "</tr>")
            parts += ["<tr>" + "".join(f"<td>{_h(cell)}</td>" for cell in row) + "</tr>" for row in body]
            parts.append("</table>")
        if section.block is not None:
            parts.append(f"<pre>{html.escape(section.block, quote=True)}</pre>")
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def render(sections: list[Section], fmt: str, lang: str = "zh_CN") -> str:
    return to_html(sections, lang) if fmt == "html" else to_markdown(sections)


def write_report(path: Path, sections: list[Section], lang: str = "zh_CN") -> None:
    """Write the report atomically in the format its extension names (ValueError otherwise)."""
    fmt = report_format(path)
    if fmt is None:
        raise ValueError(f"unknown report format: {Path(path).suffix!r}")
    write_atomic(Path(path), render(sections, fmt, lang).encode("utf-8"), private=False)
