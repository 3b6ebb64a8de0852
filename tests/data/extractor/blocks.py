"""The report texts' structure, shared by the HTML, PDF and DOCX renderers of make_testset.py:
title lines, paragraphs, tables (runs of tab-separated lines), and a table's cells with the
horizontal and vertical merges a word processor would have made of its empty cells."""


def split_title(text):
    """The title lines (up to the one naming the report) joined, and the body lines."""
    lines = text.split('\n')
    while lines and not lines[0].strip():
        lines.pop(0)
    title = []
    i = 0
    while i < len(lines) and len(title) < 3:
        line = lines[i].strip()
        i += 1
        if not line:
            continue
        title.append(line)
        if '报告' in line:
            break
    return ''.join(title), lines[i:]


def blocks(body_lines):
    """[('p', text) | ('table', [[cell, ...], ...])] in order."""
    out, table = [], []
    for line in body_lines:
        if '\t' in line:
            table.append(line.split('\t'))
            continue
        if table:
            out.append(('table', table))
            table = []
        if line.strip():
            out.append(('p', line.strip()))
    if table:
        out.append(('table', table))
    return out


class Cell:
    def __init__(self, text, col, span=1, vcont=False):
        self.text, self.col, self.span, self.vcont = text, col, span, vcont
        self.vstart = False   # the first cell of a vertical merge


def table_spans(rows):
    """Rows of Cells over a grid as wide as the widest row. An empty position under a cell of the
    row above (same column and width, the positions it would cover all empty) continues that cell
    downwards (vMerge/rowspan); another empty position widens the cell on its left (gridSpan/
    colspan). Expanding the spans again gives back the tab-separated lines (but trailing tabs)."""
    width = max(len(r) for r in rows)
    out = []
    for r in rows:
        r = [c.strip() for c in r] + [''] * (width - len(r))
        above = {c.col: c for c in out[-1]} if out else {}
        cells = []
        col = 0
        while col < width:
            up = above.get(col)
            if not r[col] and up and (up.text or up.vcont) and all(not t for t in r[col:col + up.span]):
                cells.append(Cell('', col, up.span, vcont=True))
                if not up.vcont:
                    up.vstart = True
                col += up.span
            elif not r[col] and cells and not cells[-1].vcont:
                cells[-1].span += 1
                col += 1
            else:
                cells.append(Cell(r[col], col))
                col += 1
        out.append(cells)
    return out, width


def expected_row(cells):
    """The canonical line of a row of Cells as the DOCX/HTML readers give it: text at a cell's
    top-left position, empty elsewhere, trailing tabs removed."""
    parts = []
    for c in cells:
        parts.append(c.text if not c.vcont else '')
        parts.extend([''] * (c.span - 1))
    return '\t'.join(parts).rstrip('\t')
