"""A PDF of a plan bundle: the same document as the DOCX (`assistant.render.document`), laid out by fpdf2.

A4, a title page, a table of contents with page numbers, bookmarks, page numbers in the footer,
the document's properties, fitted tables and the two charts as pictures. Text is set in a
TrueType font with Polish letters found on the machine (`assistant.render.fonts`).
"""

from __future__ import annotations

from io import BytesIO

from ..errors import ConfigError
from ..plans import PlanBundle
from .document import Bullets, Document, Figure, Heading, PageBreak, Paragraph, Table, bundle_document
from .fonts import font_file
from .parts import render_text
from .png import png

FONT = "body"
SIZES = {0: 24, 1: 17, 2: 13.5, 3: 11.5}
KEEP_MM = 50  # room a heading needs below it to stay on its page


def _pdf(doc: Document):
    from fpdf import FPDF

    class _PDF(FPDF):
        def footer(self) -> None:
            if self.page_no() > 1:
                self.set_y(-14)
                self.set_font(FONT, size=9)
                self.cell(0, 8, render_text("page", doc.language, n=self.page_no(), total="{nb}"), align="C")

    regular, bold = font_file(False), font_file(True)
    if regular is None:
        raise ConfigError("PDF needs a TrueType font with Polish letters: install DejaVu (fonts-dejavu-core)")
    pdf = _PDF(format="A4")
    pdf.add_font(FONT, "", str(regular))
    pdf.add_font(FONT, "B", str(bold or regular))
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_title(f"{doc.title}: {doc.subtitle}")
    pdf.set_author("omniteam")
    pdf.set_subject(doc.subtitle)
    pdf.set_lang(doc.language)
    pdf.set_creator("omniteam")
    return pdf


def _contents(pdf, outline) -> None:
    """The table of contents: one line per heading (levels 1-2), its page number on the right."""
    pdf.set_x(pdf.l_margin)
    pdf.set_font(FONT, "B", SIZES[1])
    pdf.cell(0, 12, pdf.toc_title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=10.5)
    for section in outline:
        if section.level > 1:
            continue
        indent = 6 * section.level
        pdf.set_x(pdf.l_margin + indent)
        pdf.cell(pdf.epw - indent - 12, 7, section.name, link=pdf.add_link(page=section.page_number))
        pdf.cell(12, 7, str(section.page_number), align="R", new_x="LMARGIN", new_y="NEXT")


def _table(pdf, table: Table) -> None:
    pdf.set_font(FONT, size=8.5)
    widths = [share * pdf.epw for share in table.widths()]
    with pdf.table(col_widths=widths, headings_style=_bold(), line_height=4.6, padding=1.2, text_align="LEFT") as grid:
        for row in (table.headers, *table.rows):
            cells = grid.row()
            for value in row:
                cells.cell(value)
    pdf.ln(4)


def _bold():
    from fpdf.fonts import FontFace

    return FontFace(family=FONT, emphasis="BOLD", fill_color=(238, 242, 255))


def _blocks(pdf, doc: Document) -> None:
    for block in doc.blocks:
        if isinstance(block, Heading):
            level = min(block.level, 3)
            if (level == 1 and pdf.get_y() > pdf.t_margin + 1) or pdf.get_y() > pdf.page_break_trigger - KEEP_MM:
                pdf.add_page()  # a plan starts a page; a heading is never the last line of one
            pdf.start_section(block.text, level=level - 1)
            pdf.set_font(FONT, "B", SIZES[level])
            pdf.ln(2)
            pdf.multi_cell(0, SIZES[level] * 0.5, block.text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1.5)
        elif isinstance(block, Paragraph):
            pdf.set_font(FONT, size=10.5)
            text = f"**{block.lead}**{block.text}" if block.lead else block.text
            pdf.multi_cell(0, 5.2, text, markdown=bool(block.lead), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        elif isinstance(block, Bullets):
            pdf.set_font(FONT, size=10.5)
            for i, (lead, text) in enumerate(block.items, 1):
                mark = f"{i}." if block.numbered else "•"
                pdf.cell(6, 5.2, mark)
                body = f"**{_plain(lead)}:** {_plain(text)}" if lead else _plain(text)
                pdf.multi_cell(0, 5.2, body, markdown=True, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        elif isinstance(block, Table):
            _table(pdf, block)
        elif isinstance(block, Figure):
            picture = block.picture
            scale = min(pdf.epw / picture.width, (pdf.eph - 30) / picture.height)
            height = picture.height * scale
            if pdf.get_y() + height > pdf.page_break_trigger:
                pdf.add_page()
            pdf.image(BytesIO(png(picture)), w=picture.width * scale, h=height, alt_text=picture.title)
            pdf.set_font(FONT, size=9)
            pdf.cell(0, 6, picture.title, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        elif isinstance(block, PageBreak):
            pdf.add_page()


def _plain(text: str) -> str:
    """Text that fpdf2's markdown reads as it is (no stray bold or italics markers)."""
    return text.replace("**", "*\u200b*").replace("__", "_\u200b_").replace("--", "-\u200b-")


def document_pdf(doc: Document) -> bytes:
    """The document as PDF bytes."""
    pdf = _pdf(doc)
    pdf.add_page()
    pdf.set_y(90)
    pdf.set_font(FONT, "B", SIZES[0])
    pdf.multi_cell(0, 12, doc.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=18)
    pdf.multi_cell(0, 10, doc.subtitle, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=10.5)
    pdf.cell(0, 10, doc.prepared, new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.toc_title = doc.contents_title
    pdf.insert_toc_placeholder(_contents, pages=1)
    _blocks(pdf, doc)
    return bytes(pdf.output())


def bundle_pdf(bundle: PlanBundle) -> bytes:
    """Every plan of the bundle in one PDF."""
    return document_pdf(bundle_document(bundle))
