"""A Word document of a plan bundle, for a consultant to hand to a client.

Lays out `assistant.render.document`'s blocks on A4: a title page, a table of contents (a TOC
field that Word fills in on opening), page numbers in the footer, the document's properties
(title, author "omniteam", language), tables with fitted column widths and the org chart and
Gantt as pictures. python-docx is imported lazily: only this renderer needs it.
"""

from __future__ import annotations

from io import BytesIO
from typing import TYPE_CHECKING

from ..plans import PlanBundle
from .document import Bullets, Document, Figure, Heading, PageBreak, Paragraph, Table, bundle_document
from .parts import render_text
from .png import png

if TYPE_CHECKING:
    from docx.document import Document as Word

PAGE_MM, MARGIN_MM = (210, 297), 20
TEXT_WIDTH_MM = PAGE_MM[0] - 2 * MARGIN_MM
PICTURE_MAX_MM = (TEXT_WIDTH_MM, 200)


def _field(paragraph, instruction: str, shown: str = "") -> None:
    """A Word field (PAGE, NUMPAGES, TOC) in the paragraph, with the text shown until Word updates it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str):
        run = OxmlElement("w:r")
        mark = OxmlElement("w:fldChar")
        mark.set(qn("w:fldCharType"), kind)
        run.append(mark)
        return run

    code = OxmlElement("w:r")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    code.append(text)
    paragraph._p.extend([char("begin"), code, char("separate")])
    paragraph.add_run(shown)
    paragraph._p.append(char("end"))


def _page_setup(word: Word, doc: Document) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    section = word.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(MARGIN_MM))
    section.different_first_page_header_footer = True  # no number on the title page
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    words = render_text("page", doc.language, n="\0", total="\1")
    before, rest = words.split("\0")
    middle, after = rest.split("\1")
    footer.add_run(before)
    _field(footer, "PAGE", "1")
    footer.add_run(middle)
    _field(footer, "NUMPAGES", "1")
    footer.add_run(after)
    word.styles["Normal"].font.name = "Calibri"
    word.styles["Normal"].font.size = Pt(10.5)


def _title_page(word: Word, doc: Document) -> None:
    from docx.shared import Pt

    for _ in range(6):
        word.add_paragraph()
    word.add_heading(doc.title, level=0)
    subtitle = word.add_paragraph()
    subtitle.add_run(doc.subtitle).font.size = Pt(20)
    word.add_paragraph(doc.prepared)
    word.add_page_break()
    word.add_heading(doc.contents_title, level=1)
    contents = word.add_paragraph()
    headings = [b.text for b in doc.blocks if isinstance(b, Heading) and b.level <= 2]
    _field(contents, 'TOC \\o "1-2" \\h \\z \\u', "\n".join(headings))
    word.add_page_break()


def _table(word: Word, table: Table) -> None:
    from docx.shared import Mm

    grid = word.add_table(rows=1, cols=len(table.headers))
    grid.style = "Table Grid"
    grid.autofit = False
    widths = [Mm(TEXT_WIDTH_MM * share) for share in table.widths()]
    for cell, header in zip(grid.rows[0].cells, table.headers):
        cell.paragraphs[0].add_run(header).bold = True
    for row in table.rows:
        for cell, value in zip(grid.add_row().cells, row):
            cell.text = value
    for column, width in zip(grid.columns, widths):  # the grid for LibreOffice, the cells for Word
        column.width = width
        for cell in column.cells:
            cell.width = width
    word.add_paragraph()


def _figure(word: Word, figure: Figure) -> None:
    from docx.shared import Mm

    picture = figure.picture
    scale = min(PICTURE_MAX_MM[0] / picture.width, PICTURE_MAX_MM[1] / picture.height)
    word.add_picture(BytesIO(png(picture)), width=Mm(picture.width * scale))
    word.paragraphs[-1].runs[-1]._r.xpath(".//pic:cNvPr")[0].set("descr", picture.title)  # alternative text
    word.add_paragraph(picture.title, style="Caption")


def _blocks(word: Word, doc: Document) -> None:
    for block in doc.blocks:
        if isinstance(block, Heading):
            word.add_heading(block.text, level=block.level)
        elif isinstance(block, Paragraph):
            paragraph = word.add_paragraph()
            if block.lead:
                paragraph.add_run(block.lead).bold = True
            paragraph.add_run(block.text)
        elif isinstance(block, Bullets):
            for lead, text in block.items:
                paragraph = word.add_paragraph(style="List Number" if block.numbered else "List Bullet")
                if lead:
                    paragraph.add_run(f"{lead}: ").bold = True
                paragraph.add_run(text)
        elif isinstance(block, Table):
            _table(word, block)
        elif isinstance(block, Figure):
            _figure(word, block)
        elif isinstance(block, PageBreak):
            word.add_page_break()


def document_docx(doc: Document) -> bytes:
    """The document as .docx bytes."""
    from docx import Document as new_document

    word = new_document()
    _page_setup(word, doc)
    properties = word.core_properties
    properties.title, properties.subject = f"{doc.title}: {doc.subtitle}", doc.subtitle
    properties.author = properties.last_modified_by = "omniteam"
    properties.language, properties.keywords = doc.language, "omnichannel"
    _title_page(word, doc)
    _blocks(word, doc)
    out = BytesIO()
    word.save(out)
    return out.getvalue()


def bundle_docx(bundle: PlanBundle) -> bytes:
    """Every plan of the bundle in one .docx."""
    return document_docx(bundle_document(bundle))
