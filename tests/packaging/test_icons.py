"""The icons the specs name exist, come from the one SVG source, and hold the sizes each
platform asks for."""

from __future__ import annotations

import os
import struct
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QImageReader, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[2] / "resources" / "icons"


def test_png_is_the_svg_rendered(qapp):
    """app.png matches a fresh rendering of app.svg: the committed icons follow their source."""
    png = QImage(str(ICONS / "app.png")).convertToFormat(QImage.Format.Format_ARGB32)
    assert (png.width(), png.height()) == (256, 256)
    fresh = QImage(256, 256, QImage.Format.Format_ARGB32)
    fresh.fill(Qt.GlobalColor.transparent)
    painter = QPainter(fresh)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(ICONS / "app.svg")).render(painter)
    painter.end()
    points = [(x, y) for x in range(0, 256, 8) for y in range(0, 256, 8)]
    differing = [p for p in points if png.pixelColor(*p).rgba() != fresh.pixelColor(*p).rgba()]
    assert len(differing) < len(points) // 50, "app.png is stale: run scripts/build_icons.py"


def test_windows_icon_has_the_sizes_windows_shows(qapp):
    reader = QImageReader(str(ICONS / "app.ico"))
    sizes = set()
    for _ in range(reader.imageCount()):
        sizes.add(reader.read().width())
        reader.jumpToNextImage()
    assert {16, 24, 32, 48, 256} <= sizes  # title bar, taskbar, Explorer


def test_macos_icon_has_the_retina_sizes():
    data = (ICONS / "app.icns").read_bytes()
    magic, length = struct.unpack(">4sI", data[:8])
    assert magic == b"icns" and length == len(data)
    kinds, offset = set(), 8
    while offset < length:
        kind, size = struct.unpack(">4sI", data[offset : offset + 8])
        kinds.add(kind)
        offset += size
    # 128, 256 and 512 points at 1x and 2x (ic10 is 512@2x = 1024 px): Finder and the Dock.
    assert {b"ic07", b"ic08", b"ic09", b"ic10", b"ic13", b"ic14"} <= kinds
