#!/usr/bin/env python3
"""Makes fixtures/tables/: one small document per family and table shape of genre.md that the
development reports do not cover. The two table shapes besides the national
row-per-indicator form (§4), each as DOCX (merged cells: w:gridSpan and w:vMerge) and as PDF
(ruled table, merged header cells drawn as one box):

- matrix-q2-2024: a commune's quarterly report whose dossier figures sit in a MATRIX: one row
  per field of work and a "Tổng cộng" row, one column per status under a two-row merged header
  ("Số hồ sơ nhận giải quyết: Tổng số | Kỳ trước chuyển qua | Trực tuyến | Trực tiếp" ·
  "Kết quả giải quyết: Trước hạn | Đúng hạn | Quá hạn" · "Đang giải quyết"). Each cell is a
  figure whose indicator comes from its column and whose qualifier is its row; the total row
  has none.
- scorecard-2023: a commune's PAR-index summary whose SCORECARD table lists each reform area
  with its maximum, self-assessed and assessed score and the share of the maximum, and a total
  row ("Tổng cộng": the index itself).

and three DOCX of other families (§1, §3):

- par-index-2023: a commune's PAR-index summary in sentences: the total with its maximum and
  rank, last year's result (its own period), each area's score, maximum, share and rank —
  one area named only by the heading it sits under ("Lĩnh vực này đạt …"), one criterion by
  its "Tiêu chí 2.3 (…)" label — and the self-assessed against the assessed score.
- plan-2024: a district's inspection plan ("Kế hoạch"): units to inspect and targets
  ("phấn đấu 100 % …"), which are targets, not results.
- decision-2024: a district's decision announcing its communes' PAR index: a table of one
  row per commune with score and rank (each row a unit: the whole-index indicators, the
  commune as qualifier).

The figures are consistent (rows add up to the total row, received = carried over + online +
direct = resolved + pending, shares = score / maximum), so the audit has nothing to report.
fixtures/tables/expected.json lists the figures each file must give (indicator, qualifier,
value). Deterministic: running it twice gives the same bytes. Needs fpdf2 (`pip install fpdf2`)
and /usr/share/fonts/truetype/dejavu. Run from the repository root:

    python3 scripts/make_table_fixtures.py
"""

import datetime
import json
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from fpdf import FPDF
from fpdf.fonts import FontFace

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "fixtures" / "tables"
FONTS = "/usr/share/fonts/truetype/dejavu/"
ZIP_TIME = (2024, 7, 5, 8, 0, 0)
W = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/word/document.xml" \
ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
</Types>"""

RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
Target="word/document.xml"/>\
</Relationships>"""

# ----------------------------------------------------------------------------- the reports

# Matrix: field, carried over, online, direct, early, on time, overdue (pending derived).
FIELDS = [
    ("Tư pháp - Hộ tịch", 5, 250, 57, 120, 185, 0),
    ("Đất đai", 8, 10, 27, 5, 30, 2),
    ("Lao động - Thương binh và Xã hội", 0, 70, 18, 40, 46, 0),
    ("Chứng thực", 0, 300, 110, 400, 10, 0),
]


def matrix_rows():
    rows = []
    for name, carried, online, direct, early, on_time, overdue in FIELDS:
        total = carried + online + direct
        pending = total - early - on_time - overdue
        rows.append([name, total, carried, online, direct, early, on_time, overdue, pending])
    sums = [sum(r[i] for r in rows) for i in range(1, 9)]
    return rows, ["Tổng cộng"] + sums


MATRIX_COLUMNS = [
    "dossiers.received", "dossiers.carried_over", "dossiers.online", "dossiers.direct",
    "dossiers.resolved_early", "dossiers.resolved_on_time", "dossiers.overdue",
    "dossiers.pending",
]

# Scorecard: area, maximum, self-assessed, assessed.
AREAS = [
    ("Công tác chỉ đạo, điều hành CCHC", 11.0, 10.5, 10.0),
    ("Cải cách thể chế", 9.0, 8.5, 8.25),
    ("Cải cách thủ tục hành chính", 14.0, 13.5, 13.0),
    ("Cải cách tổ chức bộ máy hành chính", 8.0, 7.5, 7.5),
    ("Cải cách chế độ công vụ", 15.0, 13.0, 12.5),
    ("Cải cách tài chính công", 9.0, 8.0, 8.0),
    ("Xây dựng và phát triển Chính quyền điện tử, Chính quyền số", 14.0, 12.0, 11.75),
    ("Tác động của CCHC đến người dân, tổ chức", 20.0, 17.5, 16.0),
]


def vn(x):
    """A number as the reports write it: 1.310, 98,5."""
    if float(x).is_integer():
        return f"{int(x):,}".replace(",", ".")
    return f"{x:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def pct(a, b):
    return round(100.0 * a / b, 2)


def scorecard_rows():
    rows = []
    for name, mx, own, assessed in AREAS:
        rows.append([name, mx, own, assessed, pct(assessed, mx)])
    mx = sum(a[1] for a in AREAS)
    own = sum(a[2] for a in AREAS)
    assessed = sum(a[3] for a in AREAS)
    return rows, ["Tổng cộng", mx, own, assessed, pct(assessed, mx)]


REPORTS = {
    "matrix-q2-2024": dict(
        commune="Minh Tân", district="Kiến Xương", number="68/BC-UBND", date=(28, 6, 2024),
        title="Kết quả công tác cải cách hành chính quý II năm 2024",
        period="quý II năm 2024",
        lead=("Trong quý II năm 2024, công tác cải cách hành chính của xã tiếp tục được "
              "quan tâm chỉ đạo; kết quả giải quyết thủ tục hành chính theo từng lĩnh vực "
              "như sau:"),
        caption="Biểu: Kết quả giải quyết thủ tục hành chính quý II năm 2024",
    ),
    "scorecard-2023": dict(
        commune="Đông Hợp", district="Đông Hưng", number="21/BC-UBND", date=(20, 3, 2024),
        title="Kết quả tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm 2023",
        period="năm 2023",
        lead=("Thực hiện Kế hoạch của UBND huyện về xác định Chỉ số cải cách hành chính năm "
              "2023, UBND xã đã tổ chức tự đánh giá, chấm điểm; kết quả thẩm định theo từng "
              "lĩnh vực như sau:"),
        caption="Biểu: Kết quả chấm điểm Chỉ số CCHC năm 2023 theo lĩnh vực",
    ),
}

# ----------------------------------------------------------------------------- DOCX


def run(text, bold=False, italic=False):
    rpr = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    rpr = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(text="", jc=None, bold=False, italic=False):
    ppr = f'<w:jc w:val="{jc}"/>' if jc else ""
    ppr = f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
    return f"<w:p>{ppr}{run(text, bold, italic) if text else ''}</w:p>"


def tc(width, text, span=1, vmerge=None, bold=False, jc="center"):
    """A cell: `span` grid columns wide; `vmerge` "restart" or "continue"."""
    pr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        pr += f'<w:gridSpan w:val="{span}"/>'
    if vmerge == "restart":
        pr += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        pr += "<w:vMerge/>"
    return f"<w:tc><w:tcPr>{pr}</w:tcPr>{para(text, jc=jc, bold=bold)}</w:tc>"


def tbl(widths, rows, header_rows=0, borders=True):
    b = "single" if borders else "nil"
    sz = ' w:sz="4" w:space="0" w:color="000000"' if borders else ""
    edges = "".join(f'<w:{e} w:val="{b}"{sz}/>'
                    for e in ("top", "left", "bottom", "right", "insideH", "insideV"))
    pr = (f'<w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
          f'<w:tblBorders>{edges}</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr>')
    grid = "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"
    trs = ""
    for i, cells in enumerate(rows):
        trpr = "<w:trPr><w:tblHeader/></w:trPr>" if i < header_rows else ""
        trs += f"<w:tr>{trpr}{''.join(cells)}</w:tr>"
    return f"<w:tbl>{pr}{grid}{trs}</w:tbl>"


def heading_table(r):
    left = para("ỦY BAN NHÂN DÂN", jc="center") + para(f"XÃ {r['commune'].upper()}", "center", True)
    right = (para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "center", True)
             + para("Độc lập - Tự do - Hạnh phúc", "center", True))
    d, m, y = r["date"]
    return tbl([3402, 5896], [
        [tc(3402, "", jc="center").replace(para(""), left), tc(5896, "").replace(para(""), right)],
        [tc(3402, f"Số: {r['number']}"),
         tc(5896, f"{r['commune']}, ngày {d:02d} tháng {m:02d} năm {y}")],
    ], borders=False)


def matrix_docx_table():
    w = [600, 2300, 850, 850, 850, 850, 850, 850, 850, 850]
    rows, total = matrix_rows()
    head1 = [tc(w[0], "STT", vmerge="restart", bold=True),
             tc(w[1], "Lĩnh vực", vmerge="restart", bold=True),
             tc(sum(w[2:6]), "Số hồ sơ nhận giải quyết", span=4, bold=True),
             tc(sum(w[6:9]), "Kết quả giải quyết", span=3, bold=True),
             tc(w[9], "Đang giải quyết", vmerge="restart", bold=True)]
    head2 = [tc(w[0], "", vmerge="continue"), tc(w[1], "", vmerge="continue")]
    head2 += [tc(w[2 + i], t, bold=True) for i, t in enumerate(
        ["Tổng số", "Kỳ trước chuyển qua", "Trực tuyến", "Trực tiếp",
         "Trước hạn", "Đúng hạn", "Quá hạn"])]
    head2 += [tc(w[9], "", vmerge="continue")]
    body = []
    for i, row in enumerate(rows, 1):
        body.append([tc(w[0], str(i)), tc(w[1], row[0], jc="left")]
                    + [tc(w[2 + j], vn(v)) for j, v in enumerate(row[1:])])
    body.append([tc(w[0], ""), tc(w[1], total[0], jc="left", bold=True)]
                + [tc(w[2 + j], vn(v), bold=True) for j, v in enumerate(total[1:])])
    return tbl(w, [head1, head2] + body, header_rows=2)


def scorecard_docx_table():
    w = [600, 3800, 1150, 1250, 1250, 1150]
    rows, total = scorecard_rows()
    head = [tc(w[0], "STT", bold=True), tc(w[1], "Lĩnh vực", bold=True),
            tc(w[2], "Điểm tối đa", bold=True), tc(w[3], "Điểm tự đánh giá", bold=True),
            tc(w[4], "Điểm thẩm định", bold=True), tc(w[5], "Tỷ lệ (%)", bold=True)]
    body = []
    for i, row in enumerate(rows, 1):
        body.append([tc(w[0], str(i)), tc(w[1], row[0], jc="left")]
                    + [tc(w[2 + j], vn(v)) for j, v in enumerate(row[1:])])
    body.append([tc(w[0], ""), tc(w[1], total[0], jc="left", bold=True)]
                + [tc(w[2 + j], vn(v), bold=True) for j, v in enumerate(total[1:])])
    return tbl(w, [head] + body, header_rows=1)


def docx_body(key, r):
    parts = [heading_table(r), para("BÁO CÁO", "center", True), para(r["title"], "center", True),
             para("I. KẾT QUẢ ĐẠT ĐƯỢC", bold=True), para(r["lead"], "both"),
             para(r["caption"], "center", italic=True)]
    parts.append(matrix_docx_table() if key.startswith("matrix") else scorecard_docx_table())
    parts += [para("II. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", bold=True),
              para("Tiếp tục đẩy mạnh công tác cải cách hành chính trên địa bàn xã.", "both"),
              para("TM. ỦY BAN NHÂN DÂN", "right", True), para("CHỦ TỊCH", "right", True),
              para("Trần Văn Bình", "right", True)]
    sect = ('<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" '
            'w:bottom="1134" w:left="1418" w:header="709" w:footer="709" w:gutter="0"/>'
            '</w:sectPr>')
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:document {W}><w:body>' + "".join(parts) + sect + "</w:body></w:document>")


def write_package(path, document_xml):
    """A DOCX package of one document part, with fixed timestamps (deterministic bytes)."""
    with zipfile.ZipFile(path, "w") as z:
        for name, text in [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", RELS),
                           ("word/document.xml", document_xml)]:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            z.writestr(info, text.encode("utf-8"))


def write_docx(path, key, r):
    write_package(path, docx_body(key, r))

def narrative_docx(path, issuer_lines, number, place_date, title_lines, body, signature,
                   table=None):
    """A DOCX of paragraphs (`body`: text, or ("table", xml) to place `table`)."""
    left = "".join(para(t, "center", i > 0) for i, t in enumerate(issuer_lines))
    right = (para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "center", True)
             + para("Độc lập - Tự do - Hạnh phúc", "center", True))
    head = tbl([3402, 5896], [
        [f'<w:tc><w:tcPr><w:tcW w:w="3402" w:type="dxa"/></w:tcPr>{left}</w:tc>',
         f'<w:tc><w:tcPr><w:tcW w:w="5896" w:type="dxa"/></w:tcPr>{right}</w:tc>'],
        [tc(3402, number), tc(5896, place_date)],
    ], borders=False)
    parts = [head] + [para(t, "center", True) for t in title_lines]
    for b in body:
        if b == "TABLE":
            parts.append(table)
        elif b.startswith("#"):
            parts.append(para(b[1:].strip(), bold=True))
        else:
            parts.append(para(b, "both"))
    parts += [para(t, "right", True) for t in signature]
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f'<w:document {W}><w:body>' + "".join(parts) + "</w:body></w:document>")
    write_package(path, xml)


PAR_BODY = [
    "# I. KẾT QUẢ CHUNG",
    "Năm 2023, Chỉ số CCHC của UBND xã đạt 87,45/100 điểm, tăng 3,3 điểm so với năm 2022, "
    "xếp thứ 4/19 xã, thị trấn của huyện.",
    "Năm 2022, Chỉ số CCHC của xã đạt 84,15 điểm, xếp thứ 7/19.",
    "Điểm tự đánh giá của xã là 90,5 điểm; điểm thẩm định đạt 87,45 điểm.",
    "# II. KẾT QUẢ TỪNG LĨNH VỰC",
    "1. Công tác chỉ đạo, điều hành CCHC: đạt 10/11 điểm, tỷ lệ 90,91%, xếp thứ 5/19.",
    "2. Cải cách thể chế: 8,25/9 điểm, đạt 91,67%, xếp thứ 2/19.",
    "Tiêu chí 2.3 (Kiểm tra, rà soát văn bản QPPL) đạt 1,5/2 điểm.",
    "3. Cải cách thủ tục hành chính",
    "Lĩnh vực này đạt 13/14 điểm (92,86%), xếp thứ 3/19.",
    "# III. PHƯƠNG HƯỚNG NĂM 2024",
    "Phấn đấu năm 2024 Chỉ số CCHC của xã đạt trên 90 điểm.",
]

PLAN_BODY = [
    "# I. MỤC ĐÍCH, YÊU CẦU",
    "Đánh giá kết quả thực hiện công tác cải cách hành chính tại các cơ quan, đơn vị và "
    "UBND các xã, thị trấn.",
    "# II. NỘI DUNG, ĐỐI TƯỢNG KIỂM TRA",
    "Kiểm tra 08 cơ quan, đơn vị và 10 xã, thị trấn trên địa bàn huyện.",
    "# III. CHỈ TIÊU",
    "Phấn đấu 100% hồ sơ TTHC được giải quyết đúng hạn; tỷ lệ hồ sơ tiếp nhận trực tuyến "
    "đạt trên 80%.",
]

COMMUNES = [("xã Vũ Hội", 89.12, 1), ("xã Tân Phong", 87.45, 2), ("thị trấn Vũ Thư", 85.6, 3),
            ("xã Minh Quang", 80.25, 4)]


def decision_table():
    w = [700, 3600, 1800, 1500]
    head = [tc(w[0], "STT", bold=True), tc(w[1], "Đơn vị", bold=True),
            tc(w[2], "Điểm đạt được", bold=True), tc(w[3], "Xếp hạng", bold=True)]
    body = [[tc(w[0], str(i)), tc(w[1], name, jc="left"), tc(w[2], vn(score)), tc(w[3], str(rank))]
            for i, (name, score, rank) in enumerate(COMMUNES, 1)]
    return tbl(w, [head] + body, header_rows=1)


DECISION_BODY = [
    "Điều 1. Công bố Chỉ số cải cách hành chính năm 2023 của UBND các xã, thị trấn trên địa "
    "bàn huyện như sau:",
    "TABLE",
    "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
]


def write_others():
    narrative_docx(OUT / "par-index-2023.docx", ["ỦY BAN NHÂN DÂN", "XÃ ĐÔNG HỢP"],
                   "Số: 15/BC-UBND", "Đông Hợp, ngày 10 tháng 3 năm 2024",
                   ["BÁO CÁO", "Kết quả Chỉ số cải cách hành chính năm 2023 của UBND xã Đông Hợp"],
                   PAR_BODY, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Trần Văn Bình"])
    narrative_docx(OUT / "plan-2024.docx", ["ỦY BAN NHÂN DÂN", "HUYỆN VŨ THƯ"],
                   "Số: 45/KH-UBND", "Vũ Thư, ngày 05 tháng 01 năm 2024",
                   ["KẾ HOẠCH", "Kiểm tra công tác cải cách hành chính năm 2024"],
                   PLAN_BODY, ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH",
                               "Nguyễn Văn Hùng"])
    narrative_docx(OUT / "decision-2024.docx", ["ỦY BAN NHÂN DÂN", "HUYỆN VŨ THƯ"],
                   "Số: 120/QĐ-UBND", "Vũ Thư, ngày 15 tháng 02 năm 2024",
                   ["QUYẾT ĐỊNH", "Về việc công bố Chỉ số cải cách hành chính năm 2023 của UBND "
                    "các xã, thị trấn", "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN VŨ THƯ"],
                   DECISION_BODY, ["CHỦ TỊCH", "Nguyễn Văn Hùng"], table=decision_table())


# ----------------------------------------------------------------------------- PDF


def body_rows(t, rows, total, bold):
    """A PDF table's numbered rows, then its bold, unnumbered total row."""
    for i, row in enumerate(rows, 1):
        tr = t.row()
        tr.cell(str(i))
        tr.cell(row[0], align="LEFT")
        for v in row[1:]:
            tr.cell(vn(v))
    tr = t.row()
    tr.cell("")
    tr.cell(total[0], align="LEFT", style=bold)
    for v in total[1:]:
        tr.cell(vn(v), style=bold)


def write_pdf(path, key, r):
    pdf = FPDF(format="A4")
    pdf.set_creation_date(datetime.datetime(2024, 7, 5, 8, 0, 0, tzinfo=datetime.timezone.utc))
    pdf.set_margins(20, 18, 15)
    for style, f in (("", "DejaVuSerif.ttf"), ("B", "DejaVuSerif-Bold.ttf"),
                     ("I", "DejaVuSerif-Italic.ttf")):
        pdf.add_font("Serif", style, FONTS + f)
    pdf.add_page()
    d, m, y = r["date"]
    pdf.set_font("Serif", "", 10.5)
    top = pdf.get_y()
    pdf.set_xy(15, top)
    pdf.cell(70, 5.5, "ỦY BAN NHÂN DÂN", align="C")
    pdf.set_xy(85, top)
    pdf.set_font("Serif", "B", 10.5)
    pdf.cell(110, 5.5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="C")
    pdf.set_xy(15, top + 5.5)
    pdf.cell(70, 5.5, f"XÃ {r['commune'].upper()}", align="C")
    pdf.set_xy(85, top + 5.5)
    pdf.cell(110, 5.5, "Độc lập - Tự do - Hạnh phúc", align="C")
    pdf.set_font("Serif", "", 10.5)
    pdf.set_xy(15, top + 13)
    pdf.cell(70, 5.5, f"Số: {r['number']}", align="C")
    pdf.set_font("Serif", "I", 10.5)
    pdf.set_xy(85, top + 13)
    pdf.cell(110, 5.5, f"{r['commune']}, ngày {d:02d} tháng {m:02d} năm {y}", align="C")
    pdf.set_xy(20, top + 26)
    pdf.set_font("Serif", "B", 12)
    pdf.multi_cell(175, 6, "BÁO CÁO", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(175, 6, r["title"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Serif", "B", 11)
    pdf.multi_cell(175, 6, "I. KẾT QUẢ ĐẠT ĐƯỢC", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Serif", "", 11)
    pdf.multi_cell(175, 6, "    " + r["lead"], align="J", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Serif", "I", 10.5)
    pdf.multi_cell(175, 6, r["caption"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    bold = FontFace(emphasis="BOLD")
    if key.startswith("matrix"):
        rows, total = matrix_rows()
        pdf.set_font("Serif", "", 8)
        with pdf.table(col_widths=(9, 40, 16, 16, 16, 16, 16, 16, 16, 16), line_height=4.5,
                       text_align="CENTER", first_row_as_headings=False) as t:
            h = t.row()
            h.cell("STT", rowspan=2, style=bold)
            h.cell("Lĩnh vực", rowspan=2, style=bold)
            h.cell("Số hồ sơ nhận giải quyết", colspan=4, style=bold)
            h.cell("Kết quả giải quyết", colspan=3, style=bold)
            h.cell("Đang giải quyết", rowspan=2, style=bold)
            h = t.row()
            for text in ["Tổng số", "Kỳ trước chuyển qua", "Trực tuyến", "Trực tiếp",
                         "Trước hạn", "Đúng hạn", "Quá hạn"]:
                h.cell(text, style=bold)
            body_rows(t, rows, total, bold)
    else:
        rows, total = scorecard_rows()
        pdf.set_font("Serif", "", 9)
        with pdf.table(col_widths=(10, 75, 22, 24, 24, 20), line_height=5,
                       text_align="CENTER", first_row_as_headings=True,
                       headings_style=bold) as t:
            h = t.row()
            for text in ["STT", "Lĩnh vực", "Điểm tối đa", "Điểm tự đánh giá",
                         "Điểm thẩm định", "Tỷ lệ (%)"]:
                h.cell(text)
            body_rows(t, rows, total, bold)
    pdf.ln(3)
    pdf.set_font("Serif", "B", 11)
    pdf.multi_cell(175, 6, "II. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", new_x="LMARGIN",
                   new_y="NEXT")
    pdf.set_font("Serif", "", 11)
    pdf.multi_cell(175, 6, "    Tiếp tục đẩy mạnh công tác cải cách hành chính trên địa bàn xã.",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Serif", "B", 11)
    for line in ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", "Trần Văn Bình"):
        pdf.set_x(115)
        pdf.cell(80, 6, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))

# ----------------------------------------------------------------------------- expected


def expected():
    out = {}
    rows, total = matrix_rows()
    figs = []
    for row in rows + [total]:
        q = None if row is total else row[0]
        for ind, v in zip(MATRIX_COLUMNS, row[1:]):
            figs.append({"indicator": ind, "qualifier": q, "value": v})
    out["matrix-q2-2024"] = figs
    rows, total = scorecard_rows()
    figs = []
    for row in rows:
        figs += [{"indicator": "par_index.component_max", "qualifier": row[0], "value": row[1]},
                 {"indicator": "par_index.component_score", "qualifier": row[0] + " (tự đánh giá)",
                  "value": row[2]},
                 {"indicator": "par_index.component_score", "qualifier": row[0], "value": row[3]},
                 {"indicator": "par_index.component_pct", "qualifier": row[0], "value": row[4]}]
    figs += [{"indicator": "par_index.max", "qualifier": None, "value": total[1]},
             {"indicator": "par_index.score", "qualifier": "tự đánh giá", "value": total[2]},
             {"indicator": "par_index.score", "qualifier": None, "value": total[3]},
             {"indicator": "par_index.pct", "qualifier": None, "value": total[4]}]
    out["scorecard-2023"] = figs
    f = lambda i, v, q=None, kind="result": {"indicator": i, "qualifier": q, "value": v,
                                              "kind": kind}
    area1 = "Công tác chỉ đạo, điều hành CCHC"
    area2 = "Cải cách thể chế"
    area3 = "Cải cách thủ tục hành chính"
    crit = "Tiêu chí 2.3 (Kiểm tra, rà soát văn bản QPPL)"
    out["par-index-2023"] = [
        f("par_index.score", 87.45), f("par_index.max", 100), f("par_index.rank", 4),
        f("par_index.rank_of", 19),
        # last year's, with last year's period (period_source quoted)
        f("par_index.score", 84.15), f("par_index.rank", 7), f("par_index.rank_of", 19),
        f("par_index.score", 90.5, "tự đánh giá"), f("par_index.score", 87.45),
        f("par_index.component_score", 10, area1), f("par_index.component_max", 11, area1),
        f("par_index.component_pct", 90.91, area1), f("par_index.component_rank", 5, area1),
        f("par_index.component_rank_of", 19, area1),
        f("par_index.component_score", 8.25, area2), f("par_index.component_max", 9, area2),
        f("par_index.component_pct", 91.67, area2), f("par_index.component_rank", 2, area2),
        f("par_index.component_rank_of", 19, area2),
        f("par_index.component_score", 1.5, crit), f("par_index.component_max", 2, crit),
        f("par_index.component_score", 13, area3), f("par_index.component_max", 14, area3),
        f("par_index.component_pct", 92.86, area3), f("par_index.component_rank", 3, area3),
        f("par_index.component_rank_of", 19, area3),
        f("par_index.score", 90, None, "target"),
    ]
    out["plan-2024"] = [
        f("inspection.units", 8, "cơ quan, đơn vị"), f("inspection.units", 10, "xã, thị trấn"),
        f("dossiers.on_time_pct", 100, None, "target"),
        f("dossiers.online_pct", 80, None, "target"),
    ]
    out["decision-2024"] = [x for name, score, rank in COMMUNES
                            for x in (f("par_index.score", score, name),
                                      f("par_index.rank", rank, name))]
    out["metadata"] = {
        "par-index-2023": {"doc_type": "bao_cao", "doc_number": "15/BC-UBND",
                           "locality": "Đông Hợp", "locality_level": "xa",
                           "period_start": "2023-01-01", "period_end": "2023-12-31"},
        "plan-2024": {"doc_type": "ke_hoach", "doc_number": "45/KH-UBND", "locality": "Vũ Thư",
                      "locality_level": "huyen", "province": "Thái Bình"},
        "decision-2024": {"doc_type": "quyet_dinh", "doc_number": "120/QĐ-UBND",
                          "locality": "Vũ Thư", "locality_level": "huyen",
                          "province": "Thái Bình"},
    }
    return out


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for key, r in REPORTS.items():
        write_docx(OUT / f"{key}.docx", key, r)
        write_pdf(OUT / f"{key}.pdf", key, r)
    write_others()
    exp = expected()
    (OUT / "expected.json").write_text(json.dumps(exp, ensure_ascii=False, indent=1) + "\n",
                                       encoding="utf-8")


if __name__ == "__main__":
    main()
