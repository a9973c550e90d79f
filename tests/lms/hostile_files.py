"""Hostile spreadsheets built in memory, for the import limit tests and the
benchmark (tests/perf/bench.py, figure "limits")."""

import io
import struct
import zipfile
import zlib

import openpyxl

GIB = 1024**3

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="名册" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def _workbook(sheet_xml_chunks):
    """An .xlsx of one sheet whose XML is the chunks (bytes), written as they
    come (so a sheet of a gigabyte is never in memory)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for chunk in sheet_xml_chunks:
                sheet.write(chunk)
    return out.getvalue()


def zip_bomb(size=GIB):
    """An .xlsx of about 1 MB whose sheet1.xml is ``size`` bytes of blank rows
    once decompressed (a true zip, CRC and all). Built from one compressed
    megabyte repeated (a full flush makes each copy stand alone), in a second
    rather than the half minute deflating a gigabyte takes."""
    block = b"<row/>" * (1024 * 1024 // 6)
    header = (SHEET_START + "<sheetData>").encode()
    footer = b"</sheetData></worksheet>"
    count = max(1, (size - len(header) - len(footer)) // len(block))
    deflated_block = _deflated(block, zlib.Z_FULL_FLUSH)
    deflated = b"".join(
        [
            _deflated(header, zlib.Z_FULL_FLUSH),
            deflated_block * count,
            _deflated(footer, zlib.Z_FINISH),
        ]
    )
    crc = zlib.crc32(header)
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(footer, crc)
    sheet = (deflated, crc, len(header) + len(block) * count + len(footer))
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
    }
    entries = [
        (
            name,
            _deflated(text.encode(), zlib.Z_FINISH),
            zlib.crc32(text.encode()),
            len(text.encode()),
        )
        for name, text in parts.items()
    ]
    entries.append(("xl/worksheets/sheet1.xml", *sheet))
    return _zip(entries)


def _deflated(data, mode):
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(mode)


def _zip(entries):
    """A zip of (name, deflated bytes, crc, size) entries."""
    out, directory = io.BytesIO(), []
    for name, data, crc, size in entries:
        encoded = name.encode()
        offset = out.tell()
        fields = (20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded))
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0))
        out.write(encoded + data)
        directory.append(
            struct.pack("<IH", 0x02014B50, 20)
            + struct.pack("<HHHHHIIIHHHHHII", *fields, 0, 0, 0, 0, 0, offset)
            + encoded
        )
    start = out.tell()
    for record in directory:
        out.write(record)
    size = out.tell() - start
    out.write(
        struct.pack(
            "<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), size, start, 0
        )
    )
    return out.getvalue()


def far_cell_xlsx(cell="XFD1048576"):
    """A workbook (saved by openpyxl) with one value, in ``cell``."""
    workbook = openpyxl.Workbook()
    workbook.active[cell] = "x"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def hidden_far_cell_xlsx(cell="XFD1"):
    """A sheet whose <dimension> says A1 but which has a cell at ``cell``."""
    xml = (
        f'{SHEET_START}<dimension ref="A1"/><sheetData><row r="1">'
        f'<c r="A1" t="inlineStr"><is><t>姓名</t></is></c>'
        f'<c r="{cell}" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
        "</worksheet>"
    )
    return _workbook([xml.encode()])


def blank_rows_xlsx(last_row):
    """A header, then blank rows down to ``last_row`` (a row element each)."""
    rows = "".join(f'<row r="{r}"/>' for r in range(2, last_row + 1))
    xml = (
        f'{SHEET_START}<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>姓名'
        f"</t></is></c></row>{rows}</sheetData></worksheet>"
    )
    return _workbook([xml.encode()])
