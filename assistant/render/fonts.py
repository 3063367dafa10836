"""A TrueType font with Polish letters for the pictures and the PDF, found on the machine.

DejaVu Sans comes with Debian (fonts-dejavu-core) and with matplotlib; Liberation Sans and
Arial are the usual fall-backs on other systems. No font is downloaded.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

_FOLDERS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/TTF",
    "/usr/share/fonts/truetype/liberation",
    "/Library/Fonts",
    "C:/Windows/Fonts",
)
_NAMES = {
    False: ("DejaVuSans.ttf", "LiberationSans-Regular.ttf", "Arial.ttf", "arial.ttf"),
    True: ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf", "Arial Bold.ttf", "arialbd.ttf"),
}


def _folders() -> list[Path]:
    folders = [Path(f) for f in _FOLDERS]
    spec = importlib.util.find_spec("matplotlib")  # found without importing it
    if spec and spec.origin:
        folders.insert(0, Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf")
    return folders


@lru_cache(maxsize=2)
def font_file(bold: bool = False) -> Path | None:
    """The first regular (or bold) font file found, or None."""
    for name in _NAMES[bold]:
        for folder in _folders():
            if (folder / name).is_file():
                return folder / name
    return None
