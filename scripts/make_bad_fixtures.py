#!/usr/bin/env python3
"""Writes fixtures/bad/: hostile and broken inputs for the isolation tests, and the small
seed files of the fuzz targets (fuzz/seeds/). Python 3 standard library only; deterministic
(the same bytes on every run). Run from anywhere:

    python3 scripts/make_bad_fixtures.py

Every file here must get exactly one documents row with a clear reason (see tests/hostile.rs).
"""

import hashlib
import io
import os
import struct
import zipfile
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BAD = os.path.join(ROOT, "fixtures", "bad")
SEEDS = os.path.join(ROOT, "fuzz", "seeds")


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


# ---------------------------------------------------------------- PDF

def pdf(objects, root=1, encrypt=None, file_id=None):
    """A PDF with a classic xref table. `objects` maps number -> body bytes (without obj/endobj)."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objects):
        offsets[num] = out.tell()
        out.write(b"%d 0 obj\n" % num + objects[num] + b"\nendobj\n")
    size = max(objects) + 1
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
    for num in range(1, size):
        if num in offsets:
            out.write(b"%010d 00000 n \n" % offsets[num])
        else:
            out.write(b"0000000000 65535 f \n")
    trailer = b"<< /Size %d /Root %d 0 R" % (size, root)
    if encrypt is not None:
        trailer += b" /Encrypt %d 0 R" % encrypt
    if file_id is not None:
        trailer += b" /ID [<%s> <%s>]" % (file_id.hex().encode(), file_id.hex().encode())
    out.write(b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def stream(data, extra=b"", compress=False):
    if compress:
        data = zlib.compress(data, 9)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
TEXT = (b"BT /F1 12 Tf 72 720 Td (BAO CAO Ket qua cai cach hanh chinh nam 2024) Tj "
        b"0 -20 Td (Tong so ho so tiep nhan: 1451 ho so.) Tj ET")


def simple_pdf(content=TEXT, page_extra=b"", resources=b"<< /Font << /F1 4 0 R >> >>"):
    return {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources %s "
           b"/Contents 5 0 R%s >>" % (resources, page_extra),
        4: FONT,
        5: stream(content),
    }


def rc4(key, data):
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    i = j = 0
    out = bytearray()
    for c in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(c ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def encrypted_pdf(user_pw, owner_pw):
    """Standard security handler, revision 3, 128-bit RC4 (PDF 1.4)."""
    file_id = hashlib.md5(b"baocao-fixture" + user_pw + owner_pw).digest()
    p = -3904
    n = 16
    # O entry (algorithm 3.3).
    h = hashlib.md5((owner_pw + PAD)[:32]).digest()
    for _ in range(50):
        h = hashlib.md5(h[:n]).digest()
    okey = h[:n]
    o = rc4(okey, (user_pw + PAD)[:32])
    for i in range(1, 20):
        o = rc4(bytes(b ^ i for b in okey), o)
    # File key (algorithm 3.2).
    h = hashlib.md5((user_pw + PAD)[:32] + o + struct.pack("<i", p) + file_id).digest()
    for _ in range(50):
        h = hashlib.md5(h[:n]).digest()
    key = h[:n]
    # U entry (algorithm 3.5).
    u = rc4(key, hashlib.md5(PAD + file_id).digest())
    for i in range(1, 20):
        u = rc4(bytes(b ^ i for b in key), u)
    u += b"\x00" * 16

    def obj_key(num):
        return hashlib.md5(key + struct.pack("<i", num)[:3] + b"\x00\x00").digest()[: min(n + 5, 16)]

    objs = simple_pdf()
    content = rc4(obj_key(5), TEXT)
    objs[5] = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
    objs[6] = (b"<< /Filter /Standard /V 2 /R 3 /Length 128 /P %d /O <%s> /U <%s> >>"
               % (p, o.hex().encode(), u.hex().encode()))
    return pdf(objs, encrypt=6, file_id=file_id)


# ---------------------------------------------------------------- DOCX

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)


def document_xml(body):
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="%s"><w:body>%s</w:body></w:document>' % (W, body))


def para(text):
    return "<w:p><w:r><w:t>%s</w:t></w:r></w:p>" % text


def docx(document, extra=()):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", RELS),
                           ("word/document.xml", document)] + list(extra):
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return out.getvalue()


def patch_declared_size(zip_bytes, name, size):
    """Makes an entry claim `size` uncompressed bytes in its local and central headers."""
    b = bytearray(zip_bytes)
    enc = name.encode()
    i = b.find(b"PK\x03\x04" + b"")
    while i != -1:
        nlen = struct.unpack_from("<H", b, i + 26)[0]
        if b[i + 30:i + 30 + nlen] == enc:
            struct.pack_into("<I", b, i + 22, size)
        i = b.find(b"PK\x03\x04", i + 4)
    i = b.find(b"PK\x01\x02")
    while i != -1:
        nlen = struct.unpack_from("<H", b, i + 28)[0]
        if b[i + 46:i + 46 + nlen] == enc:
            struct.pack_into("<I", b, i + 24, size)
        i = b.find(b"PK\x01\x02", i + 4)
    return bytes(b)


def rezip(zip_bytes, comment):
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(zip_bytes)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename))
        dst.comment = comment
    return out.getvalue()


GOOD_BODY = (para("ỦY BAN NHÂN DÂN XÃ NGỌC KỲ")
             + para("BÁO CÁO Kết quả thực hiện công tác cải cách hành chính năm 2024")
             + para("Tổng số hồ sơ tiếp nhận: 1451 hồ sơ; đã giải quyết 1450 hồ sơ.")
             + "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>"
               "<w:tc><w:p><w:r><w:t>Số hồ sơ tiếp nhận</w:t></w:r></w:p></w:tc>"
               "<w:tc><w:p><w:r><w:t>1.451</w:t></w:r></w:p></w:tc></w:tr></w:tbl>")


def main():
    with open(os.path.join(ROOT, "fixtures", "ngoc-ky-2023.pdf"), "rb") as f:
        good_pdf = f.read()
    with open(os.path.join(ROOT, "fixtures", "nhu-quynh-q1-2024.docx"), "rb") as f:
        good_docx = f.read()

    files = {}
    files["empty.pdf"] = b""
    files["empty.docx"] = b""
    files["truncated.pdf"] = good_pdf[: len(good_pdf) * 2 // 5]
    files["truncated.docx"] = good_docx[: len(good_docx) // 2]
    # The same report (re-zipped with a comment, so its SHA-256 and doc_id differ) named .pdf.
    files["word-renamed.pdf"] = rezip(good_docx, b"renamed to .pdf")
    files["not-a-document.pdf"] = ("Đây không phải là một báo cáo.\n" * 20).encode()
    files["html-named.docx"] = b"<!DOCTYPE html><html><body>404 Not Found</body></html>\n"
    files["garbage-after-header.pdf"] = b"%PDF-1.7\n" + bytes((i * 7919) % 251 for i in range(4000))
    files["encrypted-password.pdf"] = encrypted_pdf(b"secret", b"owner")
    files["encrypted-empty-password.pdf"] = encrypted_pdf(b"", b"owner")

    # Page tree whose second level points back at the root.
    objs = simple_pdf()
    objs[2] = b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>"
    objs[6] = b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>"
    files["cyclic-page-tree.pdf"] = pdf(objs)

    # One real page, a tree that claims five million.
    objs = simple_pdf()
    objs[2] = b"<< /Type /Pages /Kids [3 0 R] /Count 5000000 >>"
    files["million-pages.pdf"] = pdf(objs)

    # 100 levels of /Pages nodes.
    objs = simple_pdf()
    depth = 100
    for level in range(depth):
        num = 10 + level
        kid = b"%d 0 R" % (num + 1) if level < depth - 1 else b"3 0 R"
        objs[num] = b"<< /Type /Pages /Kids [%s] /Count 1 >>" % kid
    objs[2] = b"<< /Type /Pages /Kids [10 0 R] /Count 1 >>"
    files["deep-page-tree.pdf"] = pdf(objs)

    # A form XObject that draws itself (pdf-extract would recurse until the stack overflows).
    objs = simple_pdf(content=TEXT + b" /X1 Do",
                      resources=b"<< /Font << /F1 4 0 R >> /XObject << /X1 6 0 R >> >>")
    objs[6] = stream(b"BT /F1 12 Tf (loop) Tj ET /X1 Do",
                     b" /Type /XObject /Subtype /Form /BBox [0 0 100 100]"
                     b" /Resources << /Font << /F1 4 0 R >> /XObject << /X1 6 0 R >> >>")
    files["form-cycle.pdf"] = pdf(objs)

    # A content stream that inflates to 48 MiB.
    objs = simple_pdf()
    objs[5] = stream(TEXT + b" " * (48 * 1024 * 1024), compress=True)
    files["flate-bomb.pdf"] = pdf(objs)

    files["malformed-xml.docx"] = docx(document_xml(para("Tổng số hồ sơ") + "<w:p><w:r><w:t>1451</w:r></w:p>"))
    files["deep-nesting.docx"] = docx(document_xml("<w:sdt>" * 5000 + para("x") + "</w:sdt>" * 5000))
    files["zip-bomb.docx"] = docx(document_xml(para("x") + " " * (60 * 1024 * 1024)))
    files["zip-bomb-declared.docx"] = patch_declared_size(
        docx(document_xml(GOOD_BODY), extra=[("word/media/image1.png", b"\x89PNG" + b"\0" * 64)]),
        "word/media/image1.png", 0xFFFFFFF0)

    os.makedirs(BAD, exist_ok=True)
    for name in os.listdir(BAD):
        if name != "README.md":
            os.remove(os.path.join(BAD, name))
    for name, data in sorted(files.items()):
        write(os.path.join(BAD, name), data)

    # Fuzz seeds: small and valid enough to reach deep code.
    write(os.path.join(SEEDS, "pdf", "text.pdf"), pdf(simple_pdf()))
    write(os.path.join(SEEDS, "pdf", "flate.pdf"), pdf({**simple_pdf(), 5: stream(TEXT, compress=True)}))
    write(os.path.join(SEEDS, "pdf", "form-cycle.pdf"), files["form-cycle.pdf"])
    write(os.path.join(SEEDS, "docx", "small.docx"), docx(document_xml(GOOD_BODY)))
    write(os.path.join(SEEDS, "numbers", "1"), "2.252 hồ sơ; 99,8%; 8.066.841.050 đồng".encode())
    write(os.path.join(SEEDS, "numbers", "2"), b"26.09 1,5 trieu dong 0,25 ty")
    write(os.path.join(SEEDS, "patterns", "1"), (
        "Tổng số hồ sơ tiếp nhận và giải quyết: 1451 hồ sơ, đã giải quyết 1055 hồ sơ, "
        "còn 03 hồ sơ đang giải quyết trong hạn; 99,8% đúng hạn.\n"
        "1|Số hồ sơ tiếp nhận|1.601|\n2|Số hồ sơ trễ hạn|Không có|\n"
        "Từ ngày 15/12/2023 đến hết ngày 14/3/2024\n").encode())


if __name__ == "__main__":
    main()
