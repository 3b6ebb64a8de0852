"""A small PDF writer for the extraction test set: A4 pages of positioned text in one
non-embedded Type0 font (Identity-H, two-byte codes = Unicode code points) with a ToUnicode CMap,
so poppler extracts the text without any font file; tables drawn as ruled, positioned cells.
Page furniture as published reports have it: a running header with a rule, page numbers in
several styles. Standard library only (zlib for the content streams)."""
import zlib

from blocks import table_spans

PAGE_W, PAGE_H = 595.3, 841.9
LEFT, RIGHT = 90.0, 505.3          # the measure: 415 pt
TOP, BOTTOM = 770.0, 85.0          # body area (baselines)
BODY_PT, BODY_LEAD = 14.0, 24.0
TITLE_PT, TITLE_LEAD = 20.0, 30.0
CELL_PT, CELL_LEAD, PAD = 10.5, 13.5, 3.0
NO_LINE_START = set('，。、；：？！）》」』”’%)，.,;:')


def char_w(ch):
    """Advance width in em: ASCII is half width, everything else full width."""
    return 0.5 if ' ' <= ch <= '~' else 1.0


def text_w(s, pt):
    return sum(char_w(c) for c in s) * pt


def wrap(text, width, pt, indent=0.0):
    """Greedy line breaking: CJK breaks anywhere, an ASCII word moves whole to the next line,
    closing punctuation never starts a line (it hangs into the margin instead)."""
    lines, cur, w, avail = [], '', 0.0, width - indent
    i = 0
    while i < len(text):
        j = i + 1
        if text[i].isascii() and text[i].isalnum():
            while j < len(text) and text[j].isascii() and (text[j].isalnum() or text[j] == '.'):
                j += 1
        piece = text[i:j]
        pw = text_w(piece, pt)
        if cur and w + pw > avail + 0.01 and piece[0] not in NO_LINE_START:
            lines.append(cur)
            cur, w, avail = '', 0.0, width
        cur += piece
        w += pw
        i = j
    if cur or not lines:
        lines.append(cur)
    return lines


def hexcodes(s):
    return ''.join('%04X' % ord(c) for c in s)


class Page:
    def __init__(self):
        self.ops = []

    def text(self, x, y, s, pt):
        if s:
            self.ops.append('BT /F1 %.1f Tf 1 0 0 1 %.2f %.2f Tm <%s> Tj ET' % (pt, x, y, hexcodes(s)))

    def line(self, x1, y1, x2, y2, w=0.5):
        self.ops.append('%.1f w %.2f %.2f m %.2f %.2f l S' % (w, x1, y1, x2, y2))


class Layout:
    """Flows a report's blocks onto pages; furniture is added when all pages are known."""

    def __init__(self):
        self.pages = [Page()]
        self.y = TOP
        self.one_line_rows = []   # table rows whose every cell fits on one line

    def need(self, h):
        if self.y - h < BOTTOM:
            self.pages.append(Page())
            self.y = TOP

    def title(self, t):
        for line in wrap(t, RIGHT - LEFT, TITLE_PT):
            self.need(TITLE_LEAD)
            self.pages[-1].text((LEFT + RIGHT - text_w(line, TITLE_PT)) / 2, self.y - TITLE_PT, line, TITLE_PT)
            self.y -= TITLE_LEAD
        self.y -= BODY_LEAD

    def paragraph(self, t):
        for k, line in enumerate(wrap(t, RIGHT - LEFT, BODY_PT, indent=2 * BODY_PT)):
            self.need(BODY_LEAD)
            self.pages[-1].text(LEFT + (2 * BODY_PT if k == 0 else 0), self.y - BODY_PT, line, BODY_PT)
            self.y -= BODY_LEAD

    def table(self, rows):
        grid, n = table_spans(rows)
        measure = RIGHT - LEFT
        natural = [2 * CELL_PT + 2 * PAD] * n
        for cells in grid:
            for c in cells:
                if c.span == 1:
                    natural[c.col] = max(natural[c.col], text_w(c.text, CELL_PT) + 2 * PAD)
        # Water-filling: the widest columns give way until the table fits the measure.
        widths = natural
        if sum(natural) > measure:
            lo, hi = 0.0, max(natural)
            for _ in range(40):
                cap = (lo + hi) / 2
                if sum(min(w, cap) for w in natural) > measure:
                    hi = cap
                else:
                    lo = cap
            widths = [min(w, lo) for w in natural]
        xs = [LEFT]
        for w in widths:
            xs.append(xs[-1] + w)
        self.y -= 4
        for cells in grid:
            laid = []
            for c in cells:
                w = xs[c.col + c.span] - xs[c.col] - 2 * PAD
                laid.append((c, wrap(c.text, w, CELL_PT) if c.text else []))
            lines = max(len(ls) for _, ls in laid)
            if lines == 1:
                self.one_line_rows.append('\t'.join(c.text for c in cells if c.text))
            h = max(1, lines) * CELL_LEAD + 2 * PAD
            if self.y - h < BOTTOM:
                self.pages.append(Page())
                self.y = TOP
            p = self.pages[-1]
            top, bottom = self.y, self.y - h
            for c, ls in laid:
                x1, x2 = xs[c.col], xs[c.col + c.span]
                if not c.vcont:
                    p.line(x1, top, x2, top)
                p.line(x1, top, x1, bottom)
                p.line(x2, top, x2, bottom)
                # Vertically centred, horizontally centred (numbers) or left (text).
                y0 = top - (h - len(ls) * CELL_LEAD) / 2 - CELL_PT
                for k, line in enumerate(ls):
                    lw = text_w(line, CELL_PT)
                    x = x1 + PAD if len(ls) > 1 else (x1 + x2 - lw) / 2
                    p.text(x, y0 - k * CELL_LEAD, line, CELL_PT)
            p.line(xs[0], bottom, xs[-1], bottom)
            self.y = bottom
        self.y -= BODY_LEAD - CELL_LEAD


def page_furniture(pages, style, title, agency):
    """Running headers and page numbers, in one of the styles published reports use."""
    total = len(pages)
    for i, p in enumerate(pages, 1):
        if i > 1 and style in (0, 2):
            head = title if style == 0 else agency
            p.text(RIGHT - text_w(head, 9) if style == 0 else LEFT, 800, head, 9)
            if style == 2:
                tail = '政府信息公开工作年度报告'
                p.text(RIGHT - text_w(tail, 9), 800, tail, 9)
            p.line(LEFT, 795, RIGHT, 795)
        num = {0: '- %d -' % i, 1: '第 %d 页 共 %d 页' % (i, total), 2: '— %d —' % i, 3: '%d / %d' % (i, total)}[style]
        x = (LEFT + RIGHT - text_w(num, 10.5)) / 2
        if style == 2:   # odd pages on the right, even on the left, as printed double-sided
            x = RIGHT - text_w(num, 10.5) if i % 2 else LEFT
        p.text(x, 50, num, 10.5)


def to_unicode_cmap(codes):
    highs = sorted({c >> 8 for c in codes})
    ranges = ['<%02X00> <%02XFF> <%02X00>' % (h, h, h) for h in highs]
    parts = []
    for k in range(0, len(ranges), 100):
        chunk = ranges[k:k + 100]
        parts.append('%d beginbfrange\n%s\nendbfrange' % (len(chunk), '\n'.join(chunk)))
    return ('/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n'
            '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n'
            '/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n'
            '1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n' + '\n'.join(parts) +
            '\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n')


def write_pdf(pages, title):
    objs = []   # bytes of objects 1..n

    def add(body):
        objs.append(body if isinstance(body, bytes) else body.encode('latin-1'))
        return len(objs)

    def stream(data, extra=''):
        z = zlib.compress(data)
        return b'<< /Length %d /Filter /FlateDecode %s>>\nstream\n' % (len(z), extra.encode()) + z + b'\nendstream'

    codes = set()
    contents = []
    for p in pages:
        contents.append('\n'.join(p.ops))
    for s in contents:
        for seg in s.split('<')[1:]:
            hexpart = seg.split('>')[0]
            codes.update(int(hexpart[k:k + 4], 16) for k in range(0, len(hexpart), 4))
    catalog = add('')   # placeholders, filled below
    pages_obj = add('')
    descriptor = add('<< /Type /FontDescriptor /FontName /SimSun /Flags 6 /FontBBox [-8 -145 1000 859] '
                     '/ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 683 /StemV 80 >>')
    cid = add('<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) '
              '/Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R /DW 1000 /W [32 [%s]] '
              '/CIDToGIDMap /Identity >>' % (descriptor, ' '.join(['500'] * 95)))
    tounicode = add(stream(to_unicode_cmap(codes).encode('ascii')))
    font = add('<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H '
               '/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>' % (cid, tounicode))
    kids = []
    for s in contents:
        c = add(stream(s.encode('ascii')))
        kids.append(add('<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.1f %.1f] /Resources << /Font << /F1 %d 0 R >> >> '
                        '/Contents %d 0 R >>' % (pages_obj, PAGE_W, PAGE_H, font, c)))
    objs[catalog - 1] = b'<< /Type /Catalog /Pages %d 0 R >>' % pages_obj
    objs[pages_obj - 1] = ('<< /Type /Pages /Kids [%s] /Count %d >>' % (' '.join('%d 0 R' % k for k in kids), len(kids))).encode()
    info = add('<< /Title <FEFF%s> /Producer (nianbao make_testset.py) >>' % hexcodes(title))
    out = bytearray(b'%PDF-1.5\n%\xe2\xe3\xcf\xd3\n')
    offsets = []
    for k, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b'%d 0 obj\n' % k + body + b'\nendobj\n'
    xref = len(out)
    out += b'xref\n0 %d\n0000000000 65535 f \n' % (len(objs) + 1)
    for o in offsets:
        out += b'%010d 00000 n \n' % o
    out += b'trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n' % (len(objs) + 1, catalog, info, xref)
    return bytes(out)


def render_pdf(title, bl, style, agency, title_lines=None, label=None):
    """The PDF bytes of a report, and the table rows that fit on one line in every cell (rows a
    reader must give back as one tab-separated line: their non-empty cells in order).
    title_lines: the title set as several centred lines (the agency, then the report's name);
    label: a line above the title, flush left in body type ("附件1", a document number)."""
    lay = Layout()
    if label:
        lay.pages[-1].text(LEFT, lay.y - BODY_PT, label, BODY_PT)
        lay.y -= 2 * BODY_LEAD
    for t in title_lines or [title]:
        lay.title(t)
    for kind, v in bl:
        if kind == 'p':
            lay.paragraph(v)
        else:
            lay.table(v)
    page_furniture(lay.pages, style, title, agency)
    return write_pdf(lay.pages, title), lay.one_line_rows
