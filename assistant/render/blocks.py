"""The blocks a printable plan is made of, whatever lays them out: headings, paragraphs, bullet
lists, tables with fitted column widths, pictures and page breaks. The brief, the appendix and
the document are lists of them; Markdown, DOCX and PDF each write them in their own way.
"""

from __future__ import annotations

from dataclasses import dataclass

from .charts import Picture


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str
    lead: str = ""  # bold words before the text


@dataclass(frozen=True)
class Bullets:
    items: tuple[tuple[str, str], ...]  # (bold lead or "", text)
    numbered: bool = False


LONG_WORD = 24  # letters: the longest word a table column is made wide enough for


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def widths(self, line_chars: int = 95) -> tuple[float, ...]:
        """Each column's share of the width: first what its longest word needs (no word is broken),
        then the rest shared by how much text the column holds, so prose gets room and numbers don't.

        A token longer than `LONG_WORD` letters (a URL, an id) is no word: it is broken wherever the
        line ends, so it cannot squeeze the other columns to nothing."""
        columns = [[header, *(row[i] for row in self.rows)] for i, header in enumerate(self.headers)]
        need = [  # + 4: the cell's margins and a bold header's wider letters (LibreOffice wrapped "(FTE)" at + 2)
            (min(max(len(word) for text in cells for word in (text.split() or [""])), LONG_WORD) + 4) / line_chars
            for cells in columns
        ]
        want = [min(sum(len(text) for text in cells) / len(cells), 60) + 1 for cells in columns]
        spare = max(0.0, 1 - sum(need))
        shares = [n + spare * w / sum(want) for n, w in zip(need, want, strict=True)]
        return tuple(share / sum(shares) for share in shares)


@dataclass(frozen=True)
class Figure:
    picture: Picture


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | Bullets | Table | Figure | PageBreak
