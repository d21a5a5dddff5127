#!/usr/bin/env python3
"""Makes crates/read/tests/ocr/scan-imageonly.pdf: three pages of fixtures/nhu-quynh-q1-2024.pdf as an
image-only scan (no text layer), one page per image encoding the OCR stage reads:

  page 1  report page 1 (header, title, opening)  150 dpi grey JPEG (DCTDecode), placed by
          a `cm` with a small margin offset, like a scanner that pads the page
  page 2  report page 2                            200 dpi bilevel CCITT G4 (CCITTFaxDecode,
          K -1), the usual archive scan
  page 3  report page 9 (appendix table)           150 dpi grey JPEG stored sideways on a
          landscape MediaBox with /Rotate 90, so it shows upright (read through pdftoppm)

Needs pdftoppm (poppler-utils) and Pillow with libtiff (for the G4 strip). The PDF is
written by hand (no PDF library): objects, xref, trailer.

usage: python3 scripts/make_scan_fixture.py [OUT]   (default crates/read/tests/ocr/scan-imageonly.pdf)
"""
import io
import os
import subprocess
import sys
import tempfile

from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE = os.path.join(ROOT, "fixtures", "nhu-quynh-q1-2024.pdf")
A4 = (595.28, 841.89)


def render(page, dpi, gray=True):
    with tempfile.TemporaryDirectory() as d:
        base = os.path.join(d, "p")
        args = ["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page)]
        if gray:
            args.append("-gray")
        subprocess.run(args + [SOURCE, base], check=True)
        name = next(f for f in os.listdir(d) if f.startswith("p"))
        return Image.open(os.path.join(d, name)).copy()


def jpeg(img, quality=80):
    buf = io.BytesIO()
    img.convert("L").save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def g4_strip(img):
    """The CCITT G4 data of a bilevel image: a one-strip G4 TIFF, strip cut out."""
    buf = io.BytesIO()
    img.convert("1").save(buf, "TIFF", compression="group4", strip_size=1 << 30)
    tif = Image.open(io.BytesIO(buf.getvalue()))
    offsets = tif.tag_v2[273]
    counts = tif.tag_v2[279]
    assert len(offsets) == 1, "expected one strip"
    raw = buf.getvalue()
    return raw[offsets[0]:offsets[0] + counts[0]]


class Pdf:
    def __init__(self):
        self.objects = []

    def add(self, body):
        self.objects.append(body)
        return len(self.objects)

    def stream(self, dict_entries, data):
        head = "<< %s /Length %d >>\nstream\n" % (dict_entries, len(data))
        return self.add(head.encode() + data + b"\nendstream")

    def write(self, path, root):
        out = io.BytesIO()
        out.write(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for i, body in enumerate(self.objects, 1):
            offsets.append(out.tell())
            if isinstance(body, str):
                body = body.encode()
            out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
        xref = out.tell()
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(self.objects) + 1))
        for o in offsets:
            out.write(b"%010d 00000 n \n" % o)
        out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
                  % (len(self.objects) + 1, root, xref))
        with open(path, "wb") as f:
            f.write(out.getvalue())


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "crates", "read", "tests", "ocr", "scan-imageonly.pdf")
    pdf = Pdf()
    pages_id = 1
    pdf.add("")  # the Pages node, filled in at the end
    kids = []

    def page(image_obj, content, media, rotate=0):
        c = pdf.stream("", content.encode())
        rot = " /Rotate %d" % rotate if rotate else ""
        kids.append(pdf.add(
            "<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.2f %.2f]%s "
            "/Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>"
            % (pages_id, media[0], media[1], rot, image_obj, c)))

    # Page 1: JPEG, placed with a 2 pt offset and scaled to 591×838 pt.
    img = render(1, 150)
    im = pdf.stream("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                    "/BitsPerComponent 8 /Filter /DCTDecode" % img.size, jpeg(img))
    page(im, "q 591.28 0 0 837.89 2 2 cm /Im0 Do Q", A4)

    # Page 2: CCITT G4, bilevel 200 dpi, black is 0 (the PDF default).
    img = render(2, 200).point(lambda v: 255 if v > 160 else 0).convert("1")
    data = g4_strip(img)
    w, h = img.size
    im = pdf.stream("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                    "/BitsPerComponent 1 /Filter /CCITTFaxDecode "
                    "/DecodeParms << /K -1 /Columns %d /Rows %d /BlackIs1 false >>"
                    % (w, h, w, h), data)
    page(im, "q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q" % A4, A4)

    # Page 3: the appendix page stored sideways (rotated a quarter turn counter-clockwise)
    # on a landscape MediaBox; /Rotate 90 turns it upright for display.
    img = render(9, 150).rotate(90, expand=True)
    im = pdf.stream("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                    "/BitsPerComponent 8 /Filter /DCTDecode" % img.size, jpeg(img))
    page(im, "q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q" % (A4[1], A4[0]), (A4[1], A4[0]), rotate=90)

    pdf.objects[pages_id - 1] = "<< /Type /Pages /Kids [%s] /Count %d >>" % (
        " ".join("%d 0 R" % k for k in kids), len(kids))
    root = pdf.add("<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    pdf.write(out, root)
    print("%s: %d bytes" % (out, os.path.getsize(out)))


if __name__ == "__main__":
    main()
