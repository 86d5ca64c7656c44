"""Qt's own words that its zh_CN catalog (qtbase_zh_CN.qm) does not translate.

The file dialog shows "&Look in:", "Files of &type:" and the kind "Folder" in English although
the rest of it is Chinese: Qt 6 renamed these source texts and its catalog still has the old
ones. Listing them here puts them, in Qt's own contexts, into our catalog (smtp_wizard_zh_CN),
which Qt consults like its own. Nothing calls this list; lupdate reads it.
"""

from PySide6.QtCore import QT_TRANSLATE_NOOP, QT_TRANSLATE_NOOP3

QT_TEXTS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Folder"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "File"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Drive"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "File Folder"),
    QT_TRANSLATE_NOOP3("QAbstractFileIconProvider", "Folder", "Match Windows Explorer"),
    QT_TRANSLATE_NOOP3("QAbstractFileIconProvider", "Alias", "Mac OS X Finder"),
)
