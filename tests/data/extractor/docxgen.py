"""A DOCX writer for the extraction test set (zipfile + WordprocessingML, standard library only):
a centred title, paragraphs split into several runs the way Word saves them (run properties,
proofing marks, bookmarks), tables with w:tblGrid, w:gridSpan and w:vMerge, and a header and
footer part (page number field) that a reader of word/document.xml must not take as text."""
import io
import zipfile
from xml.sax.saxutils import escape

from blocks import expected_row, table_spans

W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
RPR = '<w:rPr><w:rFonts w:ascii="仿宋_GB2312" w:eastAsia="仿宋_GB2312" w:hint="eastAsia"/><w:sz w:val="32"/></w:rPr>'


def runs(text, seed):
    """The text cut into runs at a few deterministic places, with Word's usual clutter between."""
    cuts = sorted({(seed * 7 + k * 13) % len(text) for k in range(3)} - {0}) if len(text) > 8 else []
    out, prev = [], 0
    for k, c in enumerate(cuts + [len(text)]):
        piece = text[prev:c]
        prev = c
        if not piece:
            continue
        space = ' xml:space="preserve"' if piece != piece.strip() else ''
        out.append('<w:r>%s<w:t%s>%s</w:t></w:r>' % (RPR, space, escape(piece)))
        if k == 0 and seed % 3 == 0:
            out.append('<w:proofErr w:type="spellStart"/>')
        if k == 1 and seed % 4 == 1:
            out.append('<w:bookmarkStart w:id="%d" w:name="_Toc%d"/><w:bookmarkEnd w:id="%d"/>' % (seed, seed, seed))
    return ''.join(out)


def para(text, seed, centre=False, size=None):
    ppr = '<w:pPr>%s%s</w:pPr>' % ('<w:jc w:val="center"/>' if centre else '<w:ind w:firstLineChars="200" w:firstLine="640"/>',
                                    '<w:rPr><w:sz w:val="%d"/></w:rPr>' % size if size else '')
    return '<w:p>%s%s</w:p>' % (ppr, runs(text, seed))


def table(rows, seed):
    grid, n = table_spans(rows)
    cols = ''.join('<w:gridCol w:w="%d"/>' % (9000 // n) for _ in range(n))
    x = ['<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblBorders><w:top w:val="single" w:sz="4"/>'
         '<w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/></w:tblBorders></w:tblPr>'
         '<w:tblGrid>%s</w:tblGrid>' % cols]
    lines = []
    for k, cells in enumerate(grid):
        x.append('<w:tr><w:trPr><w:jc w:val="center"/></w:trPr>')
        for c in cells:
            pr = '<w:tcW w:w="%d" w:type="dxa"/>' % (9000 // n * c.span)
            if c.span > 1:
                pr += '<w:gridSpan w:val="%d"/>' % c.span
            if c.vstart:
                pr += '<w:vMerge w:val="restart"/>'
            elif c.vcont:
                pr += '<w:vMerge/>'
            body = runs(c.text, seed + k) if c.text else ''
            x.append('<w:tc><w:tcPr>%s<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:jc w:val="center"/></w:pPr>%s</w:p></w:tc>' % (pr, body))
        x.append('</w:tr>')
        if any(c.text for c in cells):
            lines.append(expected_row(cells))
    x.append('</w:tbl>')
    return ''.join(x), lines


def render_docx(title, bl, agency, title_lines=None, label=None):
    """The DOCX bytes of a report, and the table rows as the canonical text must give them.
    title_lines: the title as several centred paragraphs; label: a paragraph above the title."""
    body = ([para(label, 2)] if label else []) + [para(t, 1, centre=True, size=44) for t in title_lines or [title]]
    body.append('<w:p/>')
    rows = []
    for k, (kind, v) in enumerate(bl):
        if kind == 'p':
            body.append(para(v, k))
        else:
            xml, lines = table(v, k)
            body.append(xml)
            body.append('<w:p/>')
            rows.extend(lines)
    body.append('<w:sectPr><w:headerReference w:type="default" r:id="rIdH"/><w:footerReference w:type="default" r:id="rIdF"/>'
                '<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/></w:sectPr>')
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="%s" xmlns:r="%s"><w:body>%s</w:body></w:document>'
                % (W, R, ''.join(body)))
    header = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr xmlns:w="%s"><w:p><w:pPr><w:jc w:val="right"/></w:pPr>'
              '<w:r><w:t>%s</w:t></w:r></w:p></w:hdr>' % (W, escape(agency + ' ' + title)))
    footer = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr xmlns:w="%s"><w:p><w:pPr><w:jc w:val="center"/></w:pPr>'
              '<w:r><w:t xml:space="preserve">- </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>'
              '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
              '<w:r><w:t xml:space="preserve"> -</w:t></w:r></w:p></w:ftr>' % W)
    types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
             '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
             '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
             '<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    doc_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rIdS" Type="%s/styles" Target="styles.xml"/>'
                '<Relationship Id="rIdH" Type="%s/header" Target="header1.xml"/>'
                '<Relationship Id="rIdF" Type="%s/footer" Target="footer1.xml"/></Relationships>' % (R, R, R))
    styles = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="%s"><w:docDefaults><w:rPrDefault>%s</w:rPrDefault>'
              '</w:docDefaults></w:styles>' % (W, RPR))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, data in [('[Content_Types].xml', types), ('_rels/.rels', rels), ('word/document.xml', document),
                           ('word/_rels/document.xml.rels', doc_rels), ('word/styles.xml', styles),
                           ('word/header1.xml', header), ('word/footer1.xml', footer)]:
            info = zipfile.ZipInfo(name, date_time=(2023, 1, 20, 9, 0, 0))   # reproducible bytes
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data.encode('utf-8'))
    return buf.getvalue(), rows
