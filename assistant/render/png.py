"""A chart `Picture` painted as PNG with Pillow, for documents (Word cannot show SVG).

Text uses a TrueType font with Polish letters found on the machine (`assistant.render.fonts`);
the picture is painted at twice its size so it stays sharp in print.
"""

from __future__ import annotations

from functools import lru_cache
from io import BytesIO
from typing import TYPE_CHECKING

from .charts import Box, Line, Picture
from .fonts import font_file

if TYPE_CHECKING:
    from PIL.ImageFont import FreeTypeFont
    from PIL.ImageFont import ImageFont as BitmapFont

SCALE = 2


@lru_cache(maxsize=8)
def _font(size: int, bold: bool) -> FreeTypeFont | BitmapFont:
    from PIL import ImageFont

    path = font_file(bold)
    return ImageFont.truetype(str(path), size) if path else ImageFont.load_default(size)


def png(picture: Picture) -> bytes:
    """The picture as PNG bytes, `SCALE` times its size in pixels; painted once per drawing (a plan's
    DOCX and PDF show the same two charts)."""
    return _painted(picture.width, picture.height, tuple(picture.shapes))


@lru_cache(maxsize=8)
def _painted(width: float, height: float, shapes: tuple) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (int(width * SCALE), int(height * SCALE)), "white")
    draw = ImageDraw.Draw(image)
    for s in shapes:
        if isinstance(s, Box):
            draw.rounded_rectangle(
                [s.x * SCALE, s.y * SCALE, (s.x + s.w) * SCALE, (s.y + s.h) * SCALE],
                radius=s.radius * SCALE,
                fill=s.fill,
                outline=s.stroke,
                width=3,
            )
        elif isinstance(s, Line):
            draw.line([(x * SCALE, y * SCALE) for x, y in s.points], fill=s.stroke, width=3)
        else:
            font = _font(s.size * SCALE, s.bold)
            for i, line in enumerate(s.lines):
                width = draw.textlength(line, font=font)
                x = s.x * SCALE - (width / 2 if s.anchor == "middle" else 0)
                draw.text((x, (s.y + i * s.line_height + 1) * SCALE), line, font=font, fill=s.fill)
    out = BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
