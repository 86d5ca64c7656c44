"""Render resources/icons/app.svg into the icon files the PyInstaller specs name.

    .venv/bin/python -m pip install pillow     # once; only this script needs it
    .venv/bin/python scripts/build_icons.py

Qt's SVG renderer draws each size from the vector source (small sizes stay sharp); Pillow
writes the multi-size Windows .ico and the macOS .icns. The outputs are committed, so builds
need neither tool: app.png (Linux, window icon), app.ico (Windows), app.icns (macOS).
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def render(renderer: QSvgRenderer, size: int) -> Image.Image:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGBA")


def main() -> int:
    QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "app.svg"))
    if not renderer.isValid():
        raise SystemExit("resources/icons/app.svg is not a valid SVG")
    images = {size: render(renderer, size) for size in sorted({*ICO_SIZES, *ICNS_SIZES})}
    images[256].save(ICONS / "app.png", optimize=True)
    largest = images[256]
    largest.save(
        ICONS / "app.ico", sizes=[(s, s) for s in ICO_SIZES], append_images=[images[s] for s in ICO_SIZES]
    )
    images[1024].save(ICONS / "app.icns", append_images=[images[s] for s in ICNS_SIZES])
    for name in ("app.png", "app.ico", "app.icns"):
        print(f"resources/icons/{name}: {(ICONS / name).stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
