#!/usr/bin/env python3
"""Makes fixtures/panel/: one commune's four periodic CCHC reports of one year, each as DOCX and
as PDF, for the cross-report (panel) audit.

The locality is UBND xã Tân Phong, huyện Vũ Thư, tỉnh Thái Bình; the reports are "Báo cáo kết
quả công tác cải cách hành chính" for quý I, 6 tháng đầu năm, 9 tháng đầu năm and năm 2023,
each with its own number and signing date. Their dossier figures are cumulative from 1 January
(received, resolved, resolved on time, received online, on-time share), consistent within
each report (on-time share = on time / resolved, parts never exceed totals), and consistent
across the year EXCEPT for two deliberate faults the panel audit must find:

  (a) panel.cumulative_decrease: the 9-month report gives dossiers.resolved = 590, less than
      the 620 of the 6-month report (a year-to-date count cannot go down);
  (b) panel.restated_differs: the annual report restates the first half-year in a sentence of
      its own window ("Riêng 6 tháng đầu năm 2023, … đã tiếp nhận 655 hồ sơ …") while the
      6-month report itself says 650.

Each PDF is a copy of its DOCX (same number, date, period and text), so a panel must count
each DOCX+PDF pair as one report. fixtures/panel/expected.json lists, per file, the metadata
and figures the tool must extract, and the two panel findings.

The DOCX files are WordprocessingML written by hand (python-docx is not needed): a heading
table, heading styles, a bordered statistics table and a signature table. The PDFs are drawn
with fpdf2 in DejaVu Serif (subset, compressed).

Deterministic (fixed PDF creation date, fixed zip timestamps): running it twice gives the same
bytes. Needs fpdf2 (`pip install fpdf2`) and /usr/share/fonts/truetype/dejavu/DejaVuSerif*.ttf.
Run from the repository root:

    python3 scripts/make_panel_fixtures.py
"""

import datetime
import json
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from fpdf import FPDF, FontFace

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "fixtures" / "panel"
FONTS = "/usr/share/fonts/truetype/dejavu/"

LOCALITY = "Tân Phong"
DISTRICT = "Vũ Thư"
PROVINCE = "Thái Bình"
SIGNER = "Nguyễn Văn An"

# Year-to-date figures per report. (a): resolved 590 in "9m" < 620 in "6m".
REPORTS = [
    dict(key="q1", number="12/BC-UBND", date=(25, 3, 2023), period="quý I năm 2023",
         start="2023-01-01", end="2023-03-31", during="Trong quý I năm 2023",
         received=320, online=245, resolved=300, on_time=291),
    dict(key="6m", number="45/BC-UBND", date=(20, 6, 2023), period="6 tháng đầu năm 2023",
         start="2023-01-01", end="2023-06-30", during="Trong 6 tháng đầu năm 2023",
         received=650, online=510, resolved=620, on_time=578),
    dict(key="9m", number="78/BC-UBND", date=(20, 9, 2023), period="9 tháng đầu năm 2023",
         start="2023-01-01", end="2023-09-30", during="Trong 9 tháng đầu năm 2023",
         received=980, online=770, resolved=590, on_time=581),
    dict(key="year", number="102/BC-UBND", date=(15, 12, 2023), period="năm 2023",
         start="2023-01-01", end="2023-12-31", during="Trong năm 2023",
         received=1310, online=1030, resolved=1290, on_time=1268),
]
RESTATED_6M_RECEIVED = 655  # (b): the annual report's figure for the first half-year


def vn_int(n):
    """1310 -> '1.310' (Vietnamese thousands separator)."""
    return f"{n:,}".replace(",", ".")


def vn_pct(x):
    """98.47 -> '98,5' (one decimal, decimal comma)."""
    return f"{x:.1f}".replace(".", ",")


def pct(r):
    return round(100.0 * r["on_time"] / r["resolved"], 1)


# ----------------------------------------------------------------------------- content
# A report is a list of blocks shared by both renderers:
#   ("title", text) · ("h1", text) · ("h2", text) · ("p", text) · ("table", rows)


def blocks(r):
    year = r["key"] == "year"
    p = r["period"]
    rows = [
        ["STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu"],
        ["1", "Tổng số hồ sơ TTHC đã tiếp nhận (cả trực tiếp và trực tuyến)", "Hồ sơ",
         vn_int(r["received"])],
        ["1.1", "Số hồ sơ TTHC đã tiếp nhận trực tuyến", "Hồ sơ", vn_int(r["online"])],
        ["2", "Tổng số hồ sơ TTHC đã giải quyết xong", "Hồ sơ", vn_int(r["resolved"])],
        ["2.1", "Số hồ sơ TTHC giải quyết đúng hạn", "Hồ sơ", vn_int(r["on_time"])],
        ["3", "Tỷ lệ hồ sơ TTHC giải quyết đúng hạn", "%", vn_pct(pct(r))],
    ]
    title = f"Kết quả công tác cải cách hành chính {p}"
    if year:
        title += " và phương hướng, nhiệm vụ năm 2024"
    else:
        title += " và phương hướng, nhiệm vụ trọng tâm kỳ tới"
    out = [
        ("title", "BÁO CÁO"),
        ("title", title),
        ("p", "Thực hiện Công văn số 215/UBND-NV ngày 10/02/2023 của UBND huyện Vũ Thư về việc "
              "thực hiện chế độ báo cáo định kỳ công tác cải cách hành chính, Ủy ban nhân dân xã "
              f"Tân Phong báo cáo kết quả công tác cải cách hành chính (CCHC) {p} như sau:"),
        ("h1", "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH"),
        ("h2", "1. Công tác chỉ đạo, điều hành"),
        ("p", "UBND xã đã ban hành Kế hoạch số 05/KH-UBND ngày 09/01/2023 về cải cách hành chính "
              "năm 2023 và Kế hoạch số 06/KH-UBND ngày 09/01/2023 về tuyên truyền cải cách hành "
              "chính năm 2023; phân công nhiệm vụ cụ thể cho từng công chức chuyên môn, "
              "gắn kết quả thực hiện nhiệm vụ CCHC với việc đánh giá, xếp loại cán bộ, "
              "công chức cuối năm."),
        ("h2", "2. Công tác tuyên truyền cải cách hành chính"),
        ("p", "Đài truyền thanh xã thường xuyên tuyên truyền về dịch vụ công trực tuyến, việc sử "
              "dụng tài khoản định danh điện tử và thanh toán trực tuyến; công tác CCHC được lồng "
              "ghép trong các hội nghị giao ban và sinh hoạt của các thôn."),
        ("h1", "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH"),
        ("h2", "1. Cải cách thể chế"),
        ("p", "Các văn bản do HĐND, UBND xã ban hành đúng thẩm quyền, trình tự, thủ tục và thể "
              "thức theo quy định; công chức Tư pháp - Hộ tịch thường xuyên rà soát, kiểm tra văn "
              "bản, không phát hiện văn bản trái pháp luật."),
        ("h2", "2. Cải cách thủ tục hành chính"),
        ("p", "UBND xã niêm yết công khai đầy đủ, kịp thời Bộ thủ tục hành chính cấp xã "
              "tại Bộ phận Một cửa và trên Trang thông tin điện tử của xã; thực hiện nghiêm "
              "việc tiếp nhận, giải quyết hồ sơ theo cơ chế một cửa, một cửa liên thông."),
        ("p", f"{r['during']}, Bộ phận Một cửa xã đã tiếp nhận {vn_int(r['received'])} hồ sơ thủ "
              f"tục hành chính, trong đó tiếp nhận trực tuyến {vn_int(r['online'])} hồ sơ; đã "
              f"giải quyết {vn_int(r['resolved'])} hồ sơ, giải quyết đúng hạn "
              f"{vn_int(r['on_time'])} hồ sơ, tỷ lệ giải quyết đúng hạn đạt {vn_pct(pct(r))}%. "
              "Các hồ sơ còn lại đang được giải quyết trong thời hạn quy định."),
    ]
    if year:
        out.append(("p", f"Riêng 6 tháng đầu năm 2023, Bộ phận Một cửa xã đã tiếp nhận "
                         f"{vn_int(RESTATED_6M_RECEIVED)} hồ sơ thủ tục hành chính."))
    out += [
        ("p", f"Kết quả giải quyết thủ tục hành chính {p} như sau:"),
        ("table", rows),
        ("h2", "3. Cải cách tổ chức bộ máy"),
        ("p", "Tổ chức bộ máy của UBND xã được kiện toàn, ổn định; chức năng, nhiệm vụ của từng "
              "công chức được phân công rõ ràng, không chồng chéo."),
        ("h2", "4. Cải cách chế độ công vụ"),
        ("p", "Cán bộ, công chức xã chấp hành nghiêm kỷ luật, kỷ cương hành chính, thực hiện "
              "đúng quy tắc ứng xử, văn hóa công sở."),
        ("h2", "5. Xây dựng và phát triển Chính quyền điện tử, Chính quyền số"),
        ("p", "UBND xã sử dụng hiệu quả hệ thống quản lý văn bản và điều hành, chữ ký số và hộp "
              "thư điện tử công vụ trong xử lý công việc; hướng dẫn người dân nộp hồ sơ trực "
              "tuyến trên Cổng dịch vụ công."),
        ("h1", "III. ĐÁNH GIÁ CHUNG"),
        ("p", "Công tác CCHC của xã được triển khai đồng bộ, đúng kế hoạch. Tuy nhiên, một bộ phận "
              "người dân còn chưa quen với việc nộp hồ sơ trực tuyến; trang thiết bị tại Bộ phận "
              "Một cửa còn thiếu."),
        ("h1", "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ " + ("NĂM 2024" if year else "TRỌNG TÂM KỲ TỚI")),
        ("p", "Tiếp tục thực hiện tốt Kế hoạch CCHC; nâng cao chất lượng giải quyết thủ tục hành "
              "chính, đẩy mạnh tiếp nhận hồ sơ trực tuyến; tăng cường kỷ luật, kỷ cương hành "
              "chính trong đội ngũ cán bộ, công chức."),
        ("p", "Trên đây là báo cáo kết quả công tác cải cách hành chính " + p
              + " của UBND xã Tân Phong./."),
    ]
    return out


def date_line(r):
    d, m, y = r["date"]
    return f"{LOCALITY}, ngày {d} tháng {m} năm {y}"


RECIPIENTS = ["Nơi nhận:", "- UBND huyện Vũ Thư;", "- Phòng Nội vụ huyện;",
              "- Đảng ủy, HĐND xã;", "- Lưu: VT."]
SIGNATURE = ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", "", SIGNER]


# ----------------------------------------------------------------------------- DOCX

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
ZIP_TIME = (2023, 12, 15, 8, 0, 0)

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/word/document.xml" \
ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
<Override PartName="/word/styles.xml" \
ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
<Override PartName="/docProps/core.xml" \
ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
</Types>"""

RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
Target="word/document.xml"/>\
<Relationship Id="rId2" \
Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" \
Target="docProps/core.xml"/>\
</Relationships>"""

DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" \
Target="styles.xml"/>\
</Relationships>"""


def style(sid, name, size, bold=False, center=False, before=120, after=60):
    ppr = f'<w:spacing w:before="{before}" w:after="{after}"/>'
    if center:
        ppr += '<w:jc w:val="center"/>'
    rpr = ("<w:b/>" if bold else "") + f'<w:sz w:val="{size}"/>'
    return (f'<w:style w:type="paragraph" w:styleId="{sid}"><w:name w:val="{name}"/>'
            f'<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>'
            f'<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>')


STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles {W}>'
    '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" '
    'w:hAnsi="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="28"/><w:lang w:val="vi-VN"/>'
    '</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="276" '
    'w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>'
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    '<w:qFormat/></w:style>'
    + style("Heading1", "heading 1", 28, bold=True, center=True, before=240, after=0)
    + style("Heading2", "heading 2", 28, bold=True, center=True, before=0, after=240)
    + style("Heading3", "heading 3", 28, bold=True)
    + style("Heading4", "heading 4", 28, bold=True)
    + '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
    '<w:tblPr><w:tblCellMar><w:left w:w="108" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
    '</w:tblCellMar></w:tblPr></w:style>'
    '</w:styles>'
)


def core_xml(r):
    d, m, y = r["date"]
    stamp = f"{y:04d}-{m:02d}-{d:02d}T08:00:00Z"
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dc:title>Báo cáo CCHC {escape(r["period"])}</dc:title>'
            '<dc:creator>UBND xã Tân Phong</dc:creator>'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
            '</cp:coreProperties>')


def run(text, bold=False, italic=False, size=None):
    rpr = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    if size:
        rpr += f'<w:sz w:val="{size}"/>'
    rpr = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(text="", pstyle=None, jc=None, indent=False, bold=False, italic=False, size=None,
         tight=False):
    ppr = f'<w:pStyle w:val="{pstyle}"/>' if pstyle else ""
    if tight:
        ppr += '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
    if indent:
        ppr += '<w:ind w:firstLine="567"/>'
    if jc:
        ppr += f'<w:jc w:val="{jc}"/>'
    ppr = f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
    body = run(text, bold, italic, size) if text else ""
    return f"<w:p>{ppr}{body}</w:p>"


def cell(width, content, borders=False):
    tcpr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    return f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{content}</w:tc>"


def table(widths, rows, borders):
    b = "single" if borders else "nil"
    sz = ' w:sz="4" w:space="0" w:color="000000"' if borders else ""
    edges = "".join(f'<w:{e} w:val="{b}"{sz}/>'
                    for e in ("top", "left", "bottom", "right", "insideH", "insideV"))
    tblpr = (f'<w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
             f'<w:tblBorders>{edges}</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr>')
    grid = "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"
    trs = "".join("<w:tr>" + "".join(cell(w, c) for w, c in zip(widths, row)) + "</w:tr>"
                  for row in rows)
    return f"<w:tbl>{tblpr}{grid}{trs}</w:tbl>"


def docx_body(r):
    parts = []
    # Heading table: issuer | national motto; number | place and date.
    left = (para("ỦY BAN NHÂN DÂN", jc="center", tight=True, size=26)
            + para("XÃ TÂN PHONG", jc="center", tight=True, bold=True, size=26)
            + para("", jc="center", tight=True))
    right = (para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", jc="center", tight=True, bold=True,
                  size=26)
             + para("Độc lập - Tự do - Hạnh phúc", jc="center", tight=True, bold=True)
             + para("", jc="center", tight=True))
    parts.append(table([3402, 5896], [
        [left, right],
        [para(f"Số: {r['number']}", jc="center", tight=True, size=26),
         para(date_line(r), jc="center", tight=True, italic=True)],
    ], borders=False))
    first_title = True
    for kind, val in blocks(r):
        if kind == "title":
            parts.append(para(val, pstyle="Heading1" if first_title else "Heading2"))
            first_title = False
        elif kind == "h1":
            parts.append(para(val, pstyle="Heading3"))
        elif kind == "h2":
            parts.append(para(val, pstyle="Heading4", indent=True))
        elif kind == "p":
            parts.append(para(val, jc="both", indent=True))
        elif kind == "table":
            rows = []
            for i, row in enumerate(val):
                rows.append([para(c, jc="left" if j == 1 and i else "center", tight=True,
                                  bold=(i == 0), size=26)
                             for j, c in enumerate(row)])
            parts.append(table([737, 5216, 1474, 1644], rows, borders=True))
    # Signature table: recipients | signature block.
    left = "".join(para(t, tight=True, bold=(i == 0), italic=(i == 0), size=24)
                   for i, t in enumerate(RECIPIENTS))
    right = "".join(para(t, jc="center", tight=True, bold=True) for t in SIGNATURE)
    parts.append(para(""))
    parts.append(table([4253, 4819], [[left, right]], borders=False))
    sect = ('<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" '
            'w:bottom="1134" w:left="1701" w:header="709" w:footer="709" w:gutter="0"/>'
            '</w:sectPr>')
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:document {W}><w:body>' + "".join(parts) + sect + "</w:body></w:document>")


def write_docx(path, r):
    files = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("docProps/core.xml", core_xml(r)),
        ("word/_rels/document.xml.rels", DOC_RELS),
        ("word/styles.xml", STYLES),
        ("word/document.xml", docx_body(r)),
    ]
    with zipfile.ZipFile(path, "w") as z:
        for name, text in files:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            z.writestr(info, text.encode("utf-8"))


# ----------------------------------------------------------------------------- PDF


class Doc(FPDF):
    def __init__(self, r):
        super().__init__(format="A4")
        d, m, y = r["date"]
        self.set_creation_date(datetime.datetime(y, m, d, 8, 0, 0,
                                                 tzinfo=datetime.timezone.utc))
        self.set_title(f"Báo cáo CCHC {r['period']}")
        self.set_author("UBND xã Tân Phong")
        self.set_margins(30, 20, 20)
        self.set_auto_page_break(True, 20)
        self.add_font("Serif", "", FONTS + "DejaVuSerif.ttf")
        self.add_font("Serif", "B", FONTS + "DejaVuSerif-Bold.ttf")
        self.add_font("Serif", "I", FONTS + "DejaVuSerif-Italic.ttf")


def write_pdf(path, r):
    pdf = Doc(r)
    pdf.add_page()
    lm, width = 30, 160
    # Heading block in two columns.
    y = pdf.get_y()
    pdf.set_font("Serif", "", 11)
    pdf.set_xy(lm - 8, y)
    pdf.cell(62, 5.5, "ỦY BAN NHÂN DÂN", align="C")
    pdf.set_font("Serif", "B", 11)
    pdf.set_xy(lm - 8, y + 5.5)
    pdf.cell(62, 5.5, "XÃ TÂN PHONG", align="C")
    pdf.line(lm + 9, y + 12, lm + 37, y + 12)
    pdf.set_xy(lm + 58, y)
    pdf.cell(104, 5.5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="C")
    pdf.set_xy(lm + 58, y + 5.5)
    pdf.cell(104, 5.5, "Độc lập - Tự do - Hạnh phúc", align="C")
    pdf.line(lm + 84, y + 12, lm + 136, y + 12)
    pdf.set_font("Serif", "", 11)
    pdf.set_xy(lm - 8, y + 15)
    pdf.cell(62, 6, f"Số: {r['number']}", align="C")
    pdf.set_font("Serif", "I", 11)
    pdf.set_xy(lm + 58, y + 15)
    pdf.cell(104, 6, date_line(r), align="C")
    pdf.set_xy(lm, y + 28)

    first_title = True
    for kind, val in blocks(r):
        if kind == "title":
            pdf.set_font("Serif", "B", 12.5 if first_title else 11.5)
            pdf.multi_cell(width, 6, val, align="C", new_x="LMARGIN", new_y="NEXT")
            if not first_title:
                pdf.ln(4)
            first_title = False
        elif kind in ("h1", "h2"):
            pdf.set_font("Serif", "B", 11)
            pdf.ln(1)
            pdf.multi_cell(width, 6, ("" if kind == "h1" else "    ") + val, align="L",
                           new_x="LMARGIN", new_y="NEXT")
        elif kind == "p":
            pdf.set_font("Serif", "", 11)
            pdf.multi_cell(width, 6, "    " + val, align="J", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        elif kind == "table":
            pdf.set_font("Serif", "", 10)
            with pdf.table(col_widths=(12, 92, 26, 30), text_align=("CENTER", "LEFT", "CENTER",
                                                                   "CENTER"),
                           line_height=5.5, first_row_as_headings=True,
                           headings_style=FontFace(emphasis="BOLD")) as t:
                for row in val:
                    tr = t.row()
                    for c in row:
                        tr.cell(c)
            pdf.ln(2)
    # Signature block: recipients left, signature right.
    if pdf.get_y() > 230:
        pdf.add_page()
    pdf.ln(4)
    y = pdf.get_y()
    for i, t in enumerate(RECIPIENTS):
        pdf.set_font("Serif", "B" if i == 0 else "", 10)
        pdf.set_xy(lm, y + i * 5)
        pdf.cell(70, 5, t)
    pdf.set_font("Serif", "B", 11)
    for i, t in enumerate(SIGNATURE):
        pdf.set_xy(lm + 75, y + i * 6)
        pdf.cell(85, 6, t, align="C")
    pdf.output(str(path))


# ----------------------------------------------------------------------------- expected


def expected():
    files = {}
    for r in REPORTS:
        d, m, y = r["date"]
        meta = dict(doc_type="bao_cao", doc_number=r["number"], doc_date=f"{y:04d}-{m:02d}-{d:02d}",
                    locality=LOCALITY, locality_level="xa", district=DISTRICT, province=PROVINCE,
                    period_label=r["period"], period_start=r["start"], period_end=r["end"],
                    signer=SIGNER)
        figures = {
            "dossiers.received": r["received"],
            "dossiers.resolved": r["resolved"],
            "dossiers.resolved_on_time": r["on_time"],
            "dossiers.online": r["online"],
            "dossiers.on_time_pct": pct(r),
        }
        for ext in ("docx", "pdf"):
            entry = dict(report=f"tan-phong-2023-{r['key']}", format=ext, **meta,
                         figures=figures)
            if r["key"] == "year":
                entry["other_period_figures"] = [dict(
                    indicator="dossiers.received", value=RESTATED_6M_RECEIVED,
                    period_start="2023-01-01", period_end="2023-06-30",
                    snippet=f"Riêng 6 tháng đầu năm 2023, Bộ phận Một cửa xã đã tiếp nhận "
                            f"{vn_int(RESTATED_6M_RECEIVED)} hồ sơ thủ tục hành chính.")]
            files[f"tan-phong-2023-{r['key']}.{ext}"] = entry
    by = {r["key"]: r for r in REPORTS}
    return {
        "about": "Made by scripts/make_panel_fixtures.py. One commune, four cumulative reports of "
                 "2023, each as DOCX and as a PDF copy (one report per pair). Figures are the "
                 "report's own-period values; every report must have no findings of its own.",
        "reports": 4,
        "files": files,
        "panel_findings": [
            {"rule": "panel.cumulative_decrease", "indicator": "dossiers.resolved",
             "values": [by["6m"]["resolved"], by["9m"]["resolved"]],
             "periods": [[by["6m"]["start"], by["6m"]["end"]],
                         [by["9m"]["start"], by["9m"]["end"]]],
             "reports": [by["6m"]["number"], by["9m"]["number"]],
             "why": "a year-to-date count goes down from 6 tháng đầu năm to 9 tháng đầu năm"},
            {"rule": "panel.restated_differs", "indicator": "dossiers.received",
             "values": [by["6m"]["received"], RESTATED_6M_RECEIVED],
             "period": [by["6m"]["start"], by["6m"]["end"]],
             "reports": [by["6m"]["number"], by["year"]["number"]],
             "why": "the annual report restates the first half-year's intake as 655; the "
                    "6-month report itself says 650"},
        ],
    }


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for r in REPORTS:
        write_docx(OUT / f"tan-phong-2023-{r['key']}.docx", r)
        write_pdf(OUT / f"tan-phong-2023-{r['key']}.pdf", r)
    (OUT / "expected.json").write_text(
        json.dumps(expected(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for p in sorted(OUT.iterdir()):
        print(f"{p.relative_to(ROOT)}\t{p.stat().st_size} bytes")


if __name__ == "__main__":
    main()
