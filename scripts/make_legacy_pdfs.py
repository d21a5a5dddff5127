#!/usr/bin/env python3
"""Makes the two small legacy-text-layer PDF fixtures (issue #14), deterministically:

- fixtures/legacy-mixed.pdf: a short CCHC report whose body is Unicode (DejaVu Serif), whose
  statistics table is typed in VNI-Windows (the font's /BaseFont is `VNI-Times`, the text
  bytes are VNI code points: `Toång soá hoà sô`), and whose last paragraph is TCVN3 text in a
  font whose name tells nothing (`Garamond`): baocao must decode the table by font name and
  the paragraph by the text's statistics.
- fixtures/garbage-text-layer.pdf: a report whose page shows Vietnamese but whose font has a
  scrambled ToUnicode map, so the text layer is letter salad: baocao must mark it `partial`
  with a reason, and OCR repair must leave it alone.

The VNI "font" is DejaVu Serif renamed: a real VNI-Times would draw the VNI bytes as
Vietnamese; this one draws them as the Latin-1 letters they are, which changes nothing for a
text layer. Needs fpdf2 (`pip install fpdf2`, which brings fontTools) and
/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf. Run from the repository root:

    python3 scripts/make_legacy_pdfs.py
"""

import random
import re
import unicodedata
from pathlib import Path

from fpdf import FPDF

ROOT = Path(__file__).resolve().parent.parent
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"


def table(name):
    rows = (ROOT / "data" / "encodings" / name).read_text(encoding="utf-8").splitlines()[1:]
    return dict(r.split("\t")[:2] for r in rows if "\t" in r)


VNI = table("vni.tsv")
TCVN3 = table("tcvn3.tsv")


def to_vni(text):
    return "".join(VNI.get(c, c) for c in unicodedata.normalize("NFC", text))


def to_tcvn3(text):
    return "".join(TCVN3.get(c, c) for c in unicodedata.normalize("NFC", text))


class Doc(FPDF):
    def __init__(self):
        super().__init__(format="A4")
        self.set_compression(False)  # the names and CMaps are edited in place below
        self.set_creation_date(__import__("datetime").datetime(2024, 7, 5, 8, 0, 0))
        self.set_margins(25, 20, 20)
        self.add_font("Body", "", FONT)
        self.add_font("Body", "B", FONT_BOLD)


def header(pdf):
    pdf.set_font("Body", "B", 11)
    y = pdf.get_y()
    pdf.multi_cell(70, 6, "ỦY BAN NHÂN DÂN\nXÃ AN BÌNH", align="C")
    pdf.set_xy(92, y)
    pdf.multi_cell(100, 6, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc", align="C")
    pdf.set_font("Body", "", 11)
    y = pdf.get_y() + 2
    pdf.set_xy(25, y)
    pdf.cell(70, 6, "Số: 52/BC-UBND", align="C")
    pdf.set_xy(92, y)
    pdf.cell(100, 6, "An Bình, ngày 05 tháng 7 năm 2024", align="C")
    pdf.ln(12)
    pdf.set_font("Body", "B", 13)
    pdf.cell(0, 7, "BÁO CÁO", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 7, "Kết quả công tác cải cách hành chính quý II năm 2024", align="C",
             new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)


BODY = [
    "Thực hiện Kế hoạch số 12/KH-UBND ngày 10/01/2024 của UBND huyện về cải cách hành chính "
    "năm 2024, Ủy ban nhân dân xã An Bình báo cáo kết quả công tác cải cách hành chính quý II "
    "năm 2024 như sau:",
    "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH",
    "Trong quý, UBND xã đã ban hành 05 văn bản chỉ đạo, điều hành về cải cách hành chính; "
    "đăng 12 tin, bài tuyên truyền trên trang thông tin điện tử của xã và tổ chức 02 buổi đối "
    "thoại với người dân về thủ tục hành chính.",
    "II. KẾT QUẢ THỰC HIỆN",
    "Kết quả giải quyết hồ sơ thủ tục hành chính tại Bộ phận Một cửa trong quý được tổng hợp "
    "tại bảng sau:",
]

TABLE = [
    ("STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu"),
    ("1", "Tổng số hồ sơ tiếp nhận trong kỳ", "Hồ sơ", "1.245"),
    ("2", "Số hồ sơ tiếp nhận trực tuyến", "Hồ sơ", "1.102"),
    ("3", "Số hồ sơ đã giải quyết đúng hạn", "Hồ sơ", "1.230"),
    ("4", "Số hồ sơ giải quyết quá hạn", "Hồ sơ", "0"),
    ("5", "Số hồ sơ đang giải quyết", "Hồ sơ", "15"),
]

CLOSING = (
    "Trong quý II, xã tiếp tục rà soát, đơn giản hóa thủ tục hành chính, nâng cao chất lượng "
    "phục vụ người dân và doanh nghiệp; không để xảy ra tình trạng hồ sơ trễ hạn, "
    "phấn đấu tỷ lệ hài lòng của người dân đạt trên 95%."
)


def body(pdf, legacy_table):
    for p in BODY:
        bold = p.startswith(("I.", "II."))
        pdf.set_font("Body", "B" if bold else "", 12)
        pdf.multi_cell(0, 6.5, p, align="J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)
    pdf.ln(2)
    widths = (14, 86, 30, 30)
    for i, row in enumerate(TABLE):
        pdf.set_font("Legacy" if legacy_table else "Body", "", 11)
        for w, cell in zip(widths, row):
            text = to_vni(cell) if legacy_table else cell
            pdf.cell(w, 8, text, border=1, align="C" if w < 40 else "L")
        pdf.ln(8)
    pdf.ln(4)


def rename_font(data, old, new):
    """Renames every `/TAG+old` name to `new`, padded with spaces so byte offsets hold."""
    def sub(m):
        repl = b"/" + new
        assert len(repl) <= len(m.group(0)), (repl, m.group(0))
        return repl + b" " * (len(m.group(0)) - len(repl))
    return re.sub(rb"/" + re.escape(old), sub, data)


def objects(data):
    return {int(m.group(1)): (m.start(), m.end())
            for m in re.finditer(rb"(\d+) 0 obj\b.*?endobj", data, re.S)}


def font_objects(data, resource):
    """Object numbers of the Type0 font behind a page font resource (`/F2`), its CIDFont and
    its descriptor, and its ToUnicode stream."""
    objs = objects(data)
    body = lambda n: data[objs[n][0]:objs[n][1]]
    font_dicts = [n for n in objs if re.search(rb"/" + resource + rb"\s+(\d+) 0 R", body(n))]
    ref = int(re.search(rb"/" + resource + rb"\s+(\d+) 0 R", body(font_dicts[0])).group(1))
    cid = int(re.search(rb"/DescendantFonts\s*\[\s*(\d+) 0 R", body(ref)).group(1))
    desc = int(re.search(rb"/FontDescriptor\s+(\d+) 0 R", body(cid)).group(1))
    tounicode = int(re.search(rb"/ToUnicode\s+(\d+) 0 R", body(ref)).group(1))
    return objs, [ref, cid, desc], tounicode


def rename_objects(data, numbers, new_name):
    objs = objects(data)
    for n in numbers:
        s, e = objs[n]
        chunk = data[s:e]
        chunk = re.sub(rb"/(BaseFont|FontName)\s*/([A-Z]{6})\+([^\s/<>\[\]]+)",
                       lambda m: (b"/" + m.group(1) + b" /" + m.group(2) + b"+" + new_name).ljust(
                           len(m.group(0))), chunk)
        assert len(chunk) == e - s
        data = data[:s] + chunk + data[e:]
    return data


def scramble_tounicode(data, number, seed):
    """Permutes the Unicode values of the letters in a ToUnicode CMap (same lengths)."""
    objs = objects(data)
    s, e = objs[number]
    chunk = data[s:e]
    pairs = re.findall(rb"<([0-9A-F]{4})> <([0-9A-F]{4})>", chunk)
    letters = [u for _, u in pairs if chr(int(u, 16)).isalpha()]
    shuffled = letters[:]
    random.Random(seed).shuffle(shuffled)
    mapping = dict(zip(letters, shuffled))
    chunk = re.sub(rb"<([0-9A-F]{4})> <([0-9A-F]{4})>",
                   lambda m: b"<" + m.group(1) + b"> <" + mapping.get(m.group(2), m.group(2)) + b">",
                   chunk)
    assert len(chunk) == e - s
    return data[:s] + chunk + data[e:]


def resource_of(data, family_index):
    names = sorted(set(re.findall(rb"/(F\d+)\s+\d+ 0 R", data)))
    return names[family_index]


def mixed():
    pdf = Doc()
    pdf.add_font("Legacy", "", FONT)
    pdf.add_font("Plain", "", FONT)
    pdf.add_page()
    header(pdf)
    body(pdf, legacy_table=True)
    pdf.set_font("Body", "B", 12)
    pdf.cell(0, 7, "III. PHƯƠNG HƯỚNG NHIỆM VỤ QUÝ III", new_x="LMARGIN", new_y="NEXT")
    # TCVN3 text in a font whose name tells nothing (no toned capitals: a plain TCVN3 font
    # has no codes for them).
    pdf.set_font("Plain", "", 12)
    pdf.multi_cell(0, 6.5, to_tcvn3(CLOSING), align="L",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("Body", "B", 12)
    pdf.cell(0, 7, "CHỦ TỊCH", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 7, "Nguyễn Văn Hòa", align="R", new_x="LMARGIN", new_y="NEXT")
    data = bytes(pdf.output())
    # Fonts in order of first use: Body-B, Body, Legacy, Plain.
    resources = sorted(set(re.findall(rb"/(F\d+)\s+\d+ 0 R", data)), key=lambda r: int(r[1:]))
    _, legacy, _ = font_objects(data, resources[2])
    data = rename_objects(data, legacy, b"VNI-Times")
    _, plain, _ = font_objects(data, resources[3])
    data = rename_objects(data, plain, b"Garamond")
    return data


def garbage():
    pdf = Doc()
    pdf.add_page()
    header(pdf)
    body(pdf, legacy_table=False)
    pdf.set_font("Body", "", 12)
    pdf.multi_cell(0, 6.5, CLOSING, align="J", new_x="LMARGIN", new_y="NEXT")
    data = bytes(pdf.output())
    resources = sorted(set(re.findall(rb"/(F\d+)\s+\d+ 0 R", data)), key=lambda r: int(r[1:]))
    for k, r in enumerate(resources):
        _, numbers, tu = font_objects(data, r)
        data = scramble_tounicode(data, tu, seed=14 + k)
    return data


def main():
    out = ROOT / "fixtures"
    (out / "legacy-mixed.pdf").write_bytes(mixed())
    (out / "garbage-text-layer.pdf").write_bytes(garbage())
    print("wrote fixtures/legacy-mixed.pdf, fixtures/garbage-text-layer.pdf")


if __name__ == "__main__":
    main()
