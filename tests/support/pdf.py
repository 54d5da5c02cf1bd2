"""Real PDF files without a PDF writer: one page of Chinese text that pypdf can extract.

Example:
    (tmp_path / "paper.pdf").write_bytes(minimal_pdf(["青岛港集装箱吞吐量", "同比增长9.1%。"]))
"""

from __future__ import annotations


def minimal_pdf(lines: list[str]) -> bytes:
    """A one-page PDF written byte by byte (no PDF writer is installed).

    The text uses a CID font with Identity-H encoding, so each glyph code is the character's
    Unicode code point, and a ToUnicode map lets pypdf extract the Chinese text.
    """
    chars = sorted({char for line in lines for char in line})
    groups = [chars[i : i + 100] for i in range(0, len(chars), 100)]  # ≤100 entries a block
    bfchar = "\n".join(
        f"{len(group)} beginbfchar\n"
        + "\n".join(f"<{ord(c):04X}> <{ord(c):04X}>" for c in group)
        + "\nendbfchar"
        for group in groups
    )
    cmap = (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        f"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n{bfchar}\n"
        "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
    )
    shown = "".join(f"<{''.join(f'{ord(c):04X}' for c in line)}> Tj T*\n" for line in lines)
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H "
        "/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        _stream(f"BT\n/F1 12 Tf\n14 TL\n72 760 Td\n{shown}ET"),
        "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
        _stream(cmap),
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += f"{number} 0 obj\n{body}\nendobj\n".encode("ascii")
    xref = len(pdf)
    pdf += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("ascii")
    pdf += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode("ascii")
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return bytes(pdf + trailer.encode("ascii"))


def _stream(data: str) -> str:
    return f"<< /Length {len(data)} >>\nstream\n{data}\nendstream"
