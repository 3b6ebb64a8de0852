#!/usr/bin/env python3
"""A simulated government web for nianbao's crawler tests (Python 3 standard library only).

One process serves many virtual hosts, chosen by the Host header, on one loopback port; the
crawler reaches it with --connect-to ::127.0.0.1:PORT (or --proxy http://127.0.0.1:PORT: an
absolute request URI is accepted too). The sites (see SITES below and tests/web/README.md):

  wjw.demo.gov.cn            演示省卫生健康委员会  TRS (createPageHTML pages), UTF-8, robots.txt with a
                                                  nianbao group (Disallow /private/ /internal/, one Allow)
  www.demo.gov.cn            演示省人民政府        Hanweb (text/xml CDATA records + dataproxy.jsp POST);
                                                  aggregates other agencies' reports (获嘉县卫健委 HTML,
                                                  淮安市人民政府 PDF); robots + sitemap; a 21 MB page
  wsjkw.luocheng.demo.gov.cn 洛城市卫生健康委员会  table layout, GBK behind a lying ISO-8859-1 header;
                                                  a .docx report
  www.minzhou.demo.gov.cn    闽州市人民政府        Fujian cluster: POST /fjdzapp/search JSON; 文字版 tabs
  wjj.qingxian.demo.gov.cn   青县卫生健康局        VSB /info/1012/3456.htm; Crawl-delay (--crawl-delay, 2 s);
                                                  an endless calendar; its list resets the connection once
  wjw.chengguan.demo.gov.cn  城关区卫生健康委员会  slow (300 ms); its list answers 503 twice; a removed
                                                  notice with a meta refresh; an .ofd; a 412 challenge;
                                                  its report page has the same report as a .docx below
  wjw.antibot.demo.gov.cn    (no seed)             every page an HTTP 412 JS-cookie challenge
  fetch.test                 endpoints for the fetcher's unit tests (/_t/…)

The hosts match seeds/demo.toml. Every site also has pages that only look like reports (notices, 指南, 预算).

Request log (--log FILE): one JSON object per request, written when the answer is done:
  {"t0": start (s), "t1": end (s), "host", "method", "path", "body" (POST), "status",
   "bytes", "conn": connection id, "port": the client's port}

Mutations (for the daemon's tests), on any host: GET or POST /_control/ACTION?…
  edit?report=ID&find=TEXT&replace=TEXT   change a report's text (e.g. one number)
  remove?report=ID / restore?report=ID    a report page answers 404 and leaves its list
  add?report=ID                           publish a dormant report (luoyang-2023)
  counter?on=1|0                          a view counter (浏览次数) on every page (cosmetic)
  reset                                   everything back as started
  state                                   the reports as JSON
Report IDs: demo-wjw-2019, demo-wjw-2023 (dormant: publish with add), huojia-2021, huaian-2024,
luocheng-2022, luocheng-2021 (.docx), minzhou-2021, qingxian-2020, chengguan-2021.

Usage: testweb.py [--port 0] [--bind 127.0.0.1] [--log FILE] [--data DIR] [--fast] [--crawl-delay S]
  --port 0 picks a free port and prints "PORT <n>" on the first line of stdout.
  --fast   no artificial latency (slow host answers at once).
"""
import argparse
import gzip
import hashlib
import html
import json
import os
import socket
import struct
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA = os.path.normpath(os.path.join(HERE, '..', 'data', 'reports'))
LAST_MODIFIED = 'Tue, 31 Jan 2023 08:00:00 GMT'


def esc(s):
    return html.escape(s, quote=True)


class Report:
    def __init__(self, rid, host, path, list_title, source, year, agency, style, present=True, edits=()):
        self.rid, self.host, self.path, self.list_title = rid, host, path, list_title
        self.source, self.year, self.agency, self.style = source, year, agency, style
        self.present = present
        self.edits = list(edits)  # (find, replace) applied to the source text, in order


class Web:
    """All mutable state of the simulated web. Guarded by self.lock."""

    def __init__(self, data_dir, fast, crawl_delay):
        self.data_dir = data_dir
        self.fast = fast
        self.crawl_delay = crawl_delay
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        with self.lock:
            self.counts = {}
            self.counter_on = False
            self.views = 0
            self.texts = {}
            R = Report
            XJ = [('新疆维吾尔自治区', '演示省'), ('自治区', '演示省'), ('新疆', '演示省')]
            LY = [('洛阳', '洛城')]
            self.reports = {r.rid: r for r in [
                R('demo-wjw-2019', 'wjw.demo.gov.cn', '/zwgk/zfxxgk/zfxxgknb/202001/t20200115_1001.html',
                  '演示省卫生健康委员会2019年政府信息公开工作年度报告', 'xinjiang-wsjkw-2019.txt', 2019,
                  '演示省卫生健康委员会', 'trs', edits=XJ),
                R('demo-wjw-2023', 'wjw.demo.gov.cn', '/zwgk/zfxxgk/zfxxgknb/202401/t20240125_1101.html',
                  '演示省卫生健康委员会2023年政府信息公开工作年度报告', 'xinjiang-wsjkw-2019.txt', 2023,
                  '演示省卫生健康委员会', 'trs', present=False, edits=XJ + [('2019', '2023')]),
                R('huojia-2021', 'www.demo.gov.cn', '/art/2022/1/20/art_1001_3001.html',
                  '获嘉县卫健委2021年政府信息公开工作年度报告', 'huojia-wjw-2021.txt', 2021, '获嘉县卫健委', 'portal'),
                R('huaian-2024', 'www.demo.gov.cn', '/attach/0/P020250120_huaian.pdf',
                  '淮安市人民政府2024年政府信息公开工作年度报告', 'huaian-szfgs-2024.pdf', 2024, '淮安市人民政府', 'pdf'),
                R('luocheng-2022', 'wsjkw.luocheng.demo.gov.cn', '/xxgk/ndbg/2023/0131/2022.html',
                  '洛城市卫生健康委员会2022年政府信息公开工作年度报告', 'luoyang-wsjkw-2022.txt', 2022,
                  '洛城市卫生健康委员会', 'table', edits=LY),
                R('luocheng-2021', 'wsjkw.luocheng.demo.gov.cn', '/uploadfiles/2022/01/ndbg2021.docx',
                  '洛城市卫生健康委员会2021年政府信息公开工作年度报告', 'luoyang-wsjkw-2022.txt', 2021,
                  '洛城市卫生健康委员会', 'docx', edits=LY + [('2022', '2021')]),
                R('minzhou-2021', 'www.minzhou.demo.gov.cn', '/zwgk/zfxxgk/zfxxgknb/202201/t20220117_6001.htm',
                  '闽州市人民政府2021年度政府信息公开工作年度报告', 'tongren-wsjkj-2021.txt', 2021, '闽州市人民政府',
                  'fujian', edits=[('同仁市卫生健康局', '闽州市人民政府'), ('同仁市', '闽州市')]),
                R('qingxian-2020', 'wjj.qingxian.demo.gov.cn', '/info/1012/3456.htm',
                  '青县卫生健康局2020年政府信息公开工作年度报告', 'qingtongxia-wsjkj-2020.txt', 2020, '青县卫生健康局',
                  'vsb', edits=[('青铜峡市卫生健康局', '青县卫生健康局'), ('青铜峡市', '青县')]),
                R('chengguan-2021', 'wjw.chengguan.demo.gov.cn', '/zwgk/ndbg/202201/t20220125_501.html',
                  '城关区卫生健康委员会2021年政府信息公开工作年度报告', 'huojia-wjw-2021.txt', 2021,
                  '城关区卫生健康委员会', 'plain', edits=[('获嘉县卫健委', '城关区卫生健康委员会'), ('获嘉县', '城关区')]),
            ]}

    def count(self, key):
        """Increments the request counter of key; returns how many requests came before."""
        with self.lock:
            n = self.counts.get(key, 0)
            self.counts[key] = n + 1
            return n

    def report_text(self, r):
        if r.source not in self.texts:
            with open(os.path.join(self.data_dir, r.source), encoding='utf-8') as f:
                self.texts[r.source] = f.read()
        t = self.texts[r.source]
        for find, repl in r.edits:
            t = t.replace(find, repl)
        return t

    def file_bytes(self, r):
        with open(os.path.join(self.data_dir, r.source), 'rb') as f:
            return f.read()

    def present(self, host):
        return [r for r in self.reports.values() if r.host == host and r.present]

    def footer(self):
        if not self.counter_on:
            return ''
        with self.lock:
            self.views += 1
            return '<div class="views">浏览次数：%d</div>' % self.views


WEB = None


class Resp:
    def __init__(self, status=200, body=b'', ctype='text/html; charset=utf-8', headers=None,
                 action=None, delay=0.0, stream=None):
        self.status, self.body, self.ctype = status, body, ctype
        self.headers = headers or {}
        self.action = action      # 'reset': close the connection with an RST, no answer
        self.delay = delay        # seconds to wait before answering
        self.stream = stream      # (chunk bytes, total bytes): a body streamed in chunks


def page(title, body, charset='utf-8', head_extra='', ctype_charset=True):
    doc = ('<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; '
           'charset=%s"><title>%s</title>%s</head><body>%s%s</body></html>'
           % (charset, esc(title), head_extra, body, WEB.footer()))
    enc = 'gb18030' if charset.lower() in ('gbk', 'gb2312', 'gb18030') else 'utf-8'
    ctype = 'text/html; charset=%s' % charset if ctype_charset else 'text/html'
    return Resp(200, doc.encode(enc, errors='xmlcharrefreplace'), ctype)


def links(items):
    return '<ul>' + ''.join('<li><a href="%s">%s</a></li>' % (esc(h), esc(t)) for h, t in items) + '</ul>'


def report_body(web, r):
    """The report text as HTML: paragraphs, and table rows (tab-separated lines) as <table>."""
    out, rows = [], []

    def flush():
        if rows:
            out.append('<table border="1">' + ''.join(
                '<tr>' + ''.join('<td>%s</td>' % esc(c) for c in row) + '</tr>' for row in rows)
                + '</table>')
            rows.clear()
    for line in web.report_text(r).split('\n'):
        if '\t' in line:
            rows.append(line.split('\t'))
            continue
        flush()
        if line.strip():
            out.append('<p>%s</p>' % esc(line.strip()))
    flush()
    return '\n'.join(out)


def report_resp(web, r, resp, req):
    """Adds an ETag / Last-Modified to a report page and answers 304 when the client has it."""
    etag = '"%s"' % hashlib.sha1(resp.body).hexdigest()[:16]
    resp.headers['ETag'] = etag
    resp.headers['Last-Modified'] = LAST_MODIFIED
    if req.headers.get('If-None-Match') == etag or (
            not req.headers.get('If-None-Match') and req.headers.get('If-Modified-Since') == LAST_MODIFIED
            and not web.counter_on):
        return Resp(304, b'', resp.ctype, {'ETag': etag, 'Last-Modified': LAST_MODIFIED})
    return resp


def not_found():
    return Resp(404, '<html><body><h1>404 页面不存在</h1></body></html>'.encode('utf-8'))


def find_report(web, host, path):
    for r in web.reports.values():
        if r.host == host and r.path == path:
            return r
    return None


def lookalike(title, text, charset='utf-8', cls='TRS_Editor'):
    return page(title, '<h1>%s</h1><div class="%s"><p>%s</p></div>' % (esc(title), cls, esc(text)), charset=charset)


def make_docx(text):
    """A minimal .docx (Office Open XML) of the text: paragraphs, and tab-separated lines as a table."""
    import io
    import zipfile

    def para(t):
        return '<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % esc(t)
    parts, rows = [], []

    def flush():
        if rows:
            parts.append('<w:tbl>' + ''.join('<w:tr>' + ''.join('<w:tc>%s</w:tc>' % para(c) for c in row) + '</w:tr>'
                                             for row in rows) + '</w:tbl>')
            rows.clear()
    for line in text.split('\n'):
        if '\t' in line:
            rows.append(line.split('\t'))
            continue
        flush()
        if line.strip():
            parts.append(para(line.strip()))
    flush()
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document '
           'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>%s</w:body></w:document>'
           % ''.join(parts))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
                   'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                   'wordprocessingml.document.main+xml"/></Types>')
        z.writestr('_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
                   'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
                   '</Relationships>')
        z.writestr('word/document.xml', doc)
    return buf.getvalue()


def serve_report(web, req, r, html_fn, charset='utf-8', ctype_charset=True):
    if not r.present:
        return not_found()
    if r.style == 'pdf':
        return report_resp(web, r, Resp(200, web.file_bytes(r), 'application/pdf'), req)
    if r.style == 'docx':
        return report_resp(web, r, Resp(200, make_docx(web.report_text(r)),
                                        'application/vnd.openxmlformats-officedocument.wordprocessingml.document'), req)
    resp = page(r.list_title, html_fn(r), charset=charset, ctype_charset=ctype_charset)
    return report_resp(web, r, resp, req)


# --- wjw.demo.gov.cn 演示省卫生健康委员会: TRS, UTF-8, robots rules for nianbao -------------------------
WJW = 'wjw.demo.gov.cn'
WJW_LOOKALIKES = [
    ('/zwgk/zfxxgk/zfxxgknb/201912/t20191201_900.html', '关于做好2019年度政府信息公开工作年度报告编制和发布工作的通知',
     '各市（州）卫生健康委：为做好2019年度政府信息公开工作年度报告编制和发布工作，现将有关事项通知如下。'
     '请于2020年1月31日前向社会公布本机关2019年政府信息公开工作年度报告。'),
    ('/zwgk/zfxxgk/zn/index.html', '演示省卫生健康委员会政府信息公开指南',
     '为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》，编制本指南。一、主动公开 二、依申请公开 三、监督和救济'),
    ('/zwgk/yjs/202302/t20230210_901.html', '演示省卫生健康委员会2023年部门预算公开',
     '第一部分 部门概况 第二部分 2023年部门预算表 收支总表 一般公共预算支出表'),
]
WJW_NEWS = [('/xwdt/202305/t20230510_2001.html', '我委召开2023年政务公开工作会议'),
            ('/xwdt/202306/t20230601_2002.html', '全省卫生健康工作会议召开')]


def site_wjw(web, req, path, query):
    if path == '/robots.txt':
        return Resp(200, b'User-agent: *\nDisallow: /private/\nDisallow: /search\n\n'
                         b'User-agent: nianbao\nDisallow: /private/\nDisallow: /internal/\n'
                         b'Allow: /internal/public.html\n', 'text/plain')
    if path in ('/', '/index.html'):
        return page('演示省卫生健康委员会', '<h1>演示省卫生健康委员会</h1>' + links([
            ('/zwgk/zfxxgk/index.html', '政府信息公开'),
            ('/zwgk/zfxxgk/zfxxgknb/', '政府信息公开年报'),
            ('/xwdt/index.html', '工作动态'),
            ('/private/secret.html', '内部资料'),
            ('/internal/x.html', '内部通知'),
            ('/internal/public.html', '公开目录'),
            ('/search?q=%E5%B9%B4%E6%8A%A5', '搜索'),
        ]) + '<iframe src="/zwgk/frame.html"></iframe>')
    if path == '/zwgk/frame.html':
        return page('公开专栏', links([('/zwgk/zfxxgk/zn/index.html', '政府信息公开指南')]))
    if path == '/zwgk/zfxxgk/index.html':
        return page('政府信息公开', links([
            ('/zwgk/zfxxgk/zn/index.html', '政府信息公开指南'),
            ('/zwgk/zfxxgk/zfxxgknb/index.html', '政府信息公开工作年度报告'),
            ('/zwgk/yjs/202302/t20230210_901.html', '2023年部门预算公开')]))
    pages = {'/zwgk/zfxxgk/zfxxgknb/': 0, '/zwgk/zfxxgk/zfxxgknb/index.html': 0,
             '/zwgk/zfxxgk/zfxxgknb/index_1.html': 1, '/zwgk/zfxxgk/zfxxgknb/index_2.html': 2}
    if path in pages:
        n = pages[path]
        present = web.present(WJW)
        items = {0: [(r.path, r.list_title) for r in present if r.year >= 2023] + [WJW_LOOKALIKES[0][:2]],
                 1: [WJW_LOOKALIKES[1][:2], WJW_NEWS[0]],
                 2: [(r.path, r.list_title) for r in present if r.year < 2023]}[n]
        return page('政府信息公开年报', '<div class="list">' + links(items) + '</div>'
                    '<script>createPageHTML(3, %d, "index", "html");</script>' % n)
    if path == '/xwdt/index.html':
        return page('工作动态', links(WJW_NEWS))
    for p, t in WJW_NEWS:
        if path == p:
            return page(t, '<div class="TRS_Editor"><p>会议强调，要进一步做好政务公开工作。</p></div>')
    if path in ('/internal/public.html', '/internal/x.html', '/private/secret.html'):
        return page('目录', '<p>公开目录</p>')
    for p, title, text in WJW_LOOKALIKES:
        if path == p:
            return lookalike(title, text)
    r = find_report(web, WJW, path)
    if r:
        return serve_report(web, req, r, lambda r: '<h1>%s</h1><div class="TRS_Editor">%s</div>'
                            % (esc(r.list_title), report_body(web, r)))
    return not_found()


# --- www.demo.gov.cn 演示省人民政府: Hanweb, aggregates others' reports, a 21 MB page ---------------------
GOV = 'www.demo.gov.cn'
GOV_FILLER = [('/art/2021/%d/1/art_1001_%d.html' % (m, 100 + m), '演示省人民政府%d月政务公开工作简报' % m)
              for m in range(1, 10)]
GOV_LOOKALIKES = [('/art/2021/3/1/art_1001_901.html', '演示省人民政府政府信息公开指南', '一、主动公开 二、依申请公开'),
                  ('/art/2021/2/1/art_1001_902.html', '演示省人民政府办公厅2021年部门预算', '2021年部门预算收支总表')]


def gov_records(web):
    items = [(r.path, r.list_title) for r in web.present(GOV)]
    items += [(p, t) for p, t, _ in GOV_LOOKALIKES] + GOV_FILLER
    return ['<li><a href="%s" title="%s">%s</a><span>2022-01-20</span></li>' % (p, esc(t), esc(t)) for p, t in items]


def site_gov(web, req, path, query):
    if path == '/robots.txt':
        return Resp(200, b'User-agent: *\nDisallow: /search/\nDisallow: /module/search/\n\n'
                         b'Sitemap: http://www.demo.gov.cn/sitemap.xml\n', 'text/plain')
    if path in ('/', '/index.html'):
        return page('演示省人民政府', links([
            ('/col/col1001/index.html', '政府信息公开工作年度报告'),
            ('/col/col1002/index.html', '资料下载'),
            ('/search/?q=%E5%B9%B4%E6%8A%A5', '搜索')]))
    if path == '/col/col1002/index.html':
        return page('资料下载', links([('/download/huge.html', '全省统计资料汇编（网页版）')]))
    if path == '/sitemap.xml':
        urls = ['http://www.demo.gov.cn/', 'http://www.demo.gov.cn/col/col1001/index.html',
                'http://www.demo.gov.cn/zwgk/zn.html']
        body = ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                + ''.join('<url><loc>%s</loc></url>' % u for u in urls) + '</urlset>')
        return Resp(200, body.encode('utf-8'), 'application/xml')
    if path == '/zwgk/zn.html':
        return lookalike('演示省人民政府政府信息公开指南', '一、主动公开 二、依申请公开')
    if path == '/col/col1001/index.html':
        recs = gov_records(web)
        per = 5
        body = ('<div id="4452251"><script type="text/xml"><datastore>'
                '<nextgroup><![CDATA[<a href="/module/jpage/dataproxy.jsp?page=1&webid=77&path=/'
                '&columnid=1001&unitid=4452251&webname=%%E6%%BC%%94&permissiontype=0"></a>]]></nextgroup>'
                '<recordset>%s</recordset></datastore></script></div>'
                "<script>$('#4452251').jpage({ proxyUrl: '/module/jpage/dataproxy.jsp', perPage: %d, "
                "totalRecord: %d, ajaxParam: { col: 1, webid: 77, path: '/', columnid: 1001, "
                "sourceContentType: 1, unitid: '4452251', webname: '演示', permissiontype: 0 } });</script>"
                % (''.join('<record><![CDATA[%s]]></record>' % x for x in recs[:per]), per, len(recs)))
        return page('政府信息公开工作年度报告', body)
    if path == '/module/jpage/dataproxy.jsp':
        recs = gov_records(web)
        try:
            start = int(query.get('startrecord', ['1'])[0])
            end = int(query.get('endrecord', [str(len(recs))])[0])
        except ValueError:
            return Resp(400, b'bad request')
        form = urllib.parse.parse_qs(req.post_body.decode('utf-8', 'replace'))
        if form.get('columnid') != ['1001'] or req.command != 'POST':
            return Resp(400, b'<datastore><totalrecord>0</totalrecord></datastore>', 'text/xml')
        xml = ('<?xml version="1.0" encoding="UTF-8"?><datastore><totalrecord>%d</totalrecord><recordset>%s'
               '</recordset></datastore>' % (len(recs), ''.join(
                   '<record><![CDATA[%s]]></record>' % x for x in recs[start - 1:end])))
        return Resp(200, xml.encode('utf-8'), 'text/xml;charset=UTF-8')
    if path == '/download/huge.html':
        chunk = ('<p>' + '资料' * 8000 + '</p>\n').encode('utf-8')
        return Resp(200, b'', stream=(chunk, 21 * 1024 * 1024 + 7))
    if path.startswith('/search/'):
        return page('搜索', '<p>搜索结果</p>')
    for p, t in GOV_FILLER:
        if path == p:
            return page(t, '<div id="zoom"><p>%s。本月完成各项工作。</p></div>' % esc(t))
    for p, t, text in GOV_LOOKALIKES:
        if path == p:
            return lookalike(t, text, cls='zoom')
    r = find_report(web, GOV, path)
    if r:
        return serve_report(web, req, r, lambda r: '<div class="title">%s</div><div id="zoom">%s</div>'
                            % (esc(r.list_title), report_body(web, r)))
    return not_found()


# --- wsjkw.luocheng.demo.gov.cn 洛城市卫生健康委员会: table layout, GBK behind a lying header ---------------
LC = 'wsjkw.luocheng.demo.gov.cn'


def site_luocheng(web, req, path, query):
    def gbk(title, body):
        r = page(title, body, charset='gbk')
        r.ctype = 'text/html; charset=ISO-8859-1'  # the header lies; the page is GBK
        return r
    if path == '/robots.txt':
        return Resp(200, b'User-agent: *\nDisallow: /admin/\n', 'text/plain')
    if path in ('/', '/index.html'):
        return gbk('洛城市卫生健康委员会', '<table width="960"><tr><td>信息公开</td><td><a href="/xxgk/ndbg/index.html">'
                   '更多&gt;&gt;</a></td></tr><tr><td><a href="/xxgk/zn.html">政府信息公开指南</a></td><td>'
                   '<a href="/admin/login.html">管理</a></td></tr></table>')
    if path == '/xxgk/ndbg/index.html':
        rows = ''.join('<tr><td><a href="%s">%s</a></td><td>2023-01-31</td></tr>' % (r.path, esc(r.list_title))
                       for r in web.present(LC))
        return gbk('年度报告', '<table width="960">%s<tr><td><a href="/xxgk/yjs/2023.html">2023年部门预算</a></td></tr>'
                   '</table>' % rows)
    if path == '/xxgk/zn.html':
        return gbk('洛城市卫生健康委员会政府信息公开指南', '<table><tr><td>一、主动公开的范围 二、依申请公开</td></tr></table>')
    if path == '/xxgk/yjs/2023.html':
        return gbk('洛城市卫生健康委员会2023年部门预算', '<table><tr><td>2023年部门预算收支总表</td></tr></table>')
    if path.startswith('/admin/'):
        return gbk('管理', 'admin')
    r = find_report(web, LC, path)
    if r:
        resp = serve_report(web, req, r, lambda r: '<table width="960"><tr><td class="title">%s</td></tr><tr>'
                            '<td class="content">%s</td></tr></table>' % (esc(r.list_title), report_body(web, r)),
                            charset='gbk')
        if resp.ctype.startswith('text/html'):
            resp.ctype = 'text/html; charset=ISO-8859-1'
        return resp
    return not_found()


# --- www.minzhou.demo.gov.cn 闽州市人民政府: Fujian cluster JSON search, 全真版/文字版 -------------------
MZ = 'www.minzhou.demo.gov.cn'
MZ_LOOKALIKE = ('/zwgk/zfxxgk/zfxxgknb/202401/t20240105_6901.htm', '闽州市人民政府政府信息公开指南（2024年修订）',
                '一、主动公开 二、依申请公开 三、收费 四、监督保障')


def site_minzhou(web, req, path, query):
    if path == '/robots.txt':
        return Resp(200, b'User-agent: *\nAllow: /\n', 'text/plain')
    if path in ('/', '/index.htm', '/index.html'):
        return page('闽州市人民政府', links([('/zwgk/zfxxgk/zfxxgknb/index.htm', '政府信息公开年报')]))
    if path == '/zwgk/zfxxgk/zfxxgknb/index.htm':
        return page('政府信息公开年报', '<div id="list"></div><script>var fjdzappSearch = { url: "/fjdzapp/search", '
                    'siteid: "7", channelid: "229105", sortfield: "-docreltime", prepage: 2 };</script>')
    if path == '/fjdzapp/search':
        if req.command != 'POST':
            return Resp(405, b'method not allowed')
        try:
            q = json.loads(req.post_body.decode('utf-8'))
            pg = int(q.get('page', 1))
            per = int(q.get('prepage', 2))
        except (ValueError, AttributeError):
            return Resp(400, b'{"error":"bad query"}', 'application/json')
        docs = [{'url': r.path, 'title': r.list_title, 'chnldesc': '政府信息公开年报', 'pubtime': '2022-01-17',
                 'fileurl': ''} for r in web.present(MZ)]
        docs.append({'url': MZ_LOOKALIKE[0], 'title': MZ_LOOKALIKE[1], 'chnldesc': '政府信息公开指南',
                     'pubtime': '2024-01-05', 'fileurl': ''})
        docs.append({'url': '/zwgk/zfxxgk/zfxxgknb/202301/t20230120_6801.htm', 'title': '闽州市政务公开工作要点',
                     'chnldesc': '通知', 'pubtime': '2023-01-20', 'fileurl': ''})
        reply = {'total': len(docs), 'page': pg, 'prepage': per, 'query': q, 'docs': docs[(pg - 1) * per:pg * per]}
        return Resp(200, json.dumps(reply, ensure_ascii=False).encode('utf-8'), 'application/json;charset=UTF-8')
    if path == MZ_LOOKALIKE[0]:
        return lookalike(MZ_LOOKALIKE[1], MZ_LOOKALIKE[2])
    if path == '/zwgk/zfxxgk/zfxxgknb/202301/t20230120_6801.htm':
        return lookalike('闽州市政务公开工作要点', '2023年政务公开工作要点如下。')
    r = find_report(web, MZ, path)
    if r:
        return serve_report(web, req, r, lambda r: '<div class="tabs"><span class="on">文字版</span>'
                            '<span>全真版</span></div><h1>%s</h1><div class="TRS_Editor">%s</div>'
                            % (esc(r.list_title), report_body(web, r)))
    return not_found()


# --- wjj.qingxian.demo.gov.cn 青县卫生健康局: VSB, Crawl-delay, a calendar trap, a reset -----------------
QX = 'wjj.qingxian.demo.gov.cn'


def site_qingxian(web, req, path, query):
    if path == '/robots.txt':
        return Resp(200, ('User-agent: *\nCrawl-delay: %s\nDisallow: /system/\n' % web.crawl_delay).encode(),
                    'text/plain')
    if path in ('/', '/index.htm'):
        return page('青县卫生健康局', links([('/list.jsp?urltype=tree.TreeTempUrl&wbtreeid=1012', '年度报告'),
                                         ('/calendar?date=2024-01', '活动日历'),
                                         ('/system/login.jsp', '登录')]))
    if path == '/list.jsp':
        if web.count((QX, 'list')) == 0:
            return Resp(action='reset')
        items = [(r.path, r.list_title) for r in web.present(QX)]
        items.append(('/info/1012/3400.htm', '青县卫生健康局政府信息公开指南'))
        return page('年度报告', links(items))
    if path == '/info/1012/3400.htm':
        return lookalike('青县卫生健康局政府信息公开指南', '一、主动公开 二、依申请公开', cls='v_news_content')
    if path == '/calendar':
        # An endless calendar: every month links to the next and the previous one.
        try:
            y, m = [int(x) for x in query.get('date', ['2024-01'])[0].split('-')]
        except ValueError:
            return not_found()
        ny, nm = (y + 1, 1) if m == 12 else (y, m + 1)
        py, pm = (y - 1, 12) if m == 1 else (y, m - 1)
        return page('活动日历 %d年%d月' % (y, m), links([('/calendar?date=%04d-%02d' % (ny, nm), '下一月'),
                                                     ('/calendar?date=%04d-%02d' % (py, pm), '上一月')]))
    r = find_report(web, QX, path)
    if r:
        return serve_report(web, req, r, lambda r: '<div class="v_news_title">%s</div><div class="v_news_content">'
                            '%s</div>' % (esc(r.list_title), report_body(web, r)))
    return not_found()


# --- wjw.chengguan.demo.gov.cn 城关区卫生健康委员会: slow, 503 twice, meta refresh, .ofd, 412 challenge ----
CG = 'wjw.chengguan.demo.gov.cn'
CG_DOCX = '/zwgk/ndbg/202201/P020220125_501.docx'


def site_chengguan(web, req, path, query):
    delay = 0 if web.fast else 0.3

    def slow(resp):
        resp.delay = delay
        return resp
    if path == '/robots.txt':
        return not_found()  # 4xx: no restrictions
    if path in ('/', '/index.html'):
        return slow(page('城关区卫生健康委员会', links([('/zwgk/ndbg/index.html', '政府信息公开年度报告'),
                                                  ('/zwgk/tzgg/202001/t20200101_400.html', '一则已撤下的通知'),
                                                  ('/zwgk/protected/index.html', '办事服务')])))
    if path == '/zwgk/ndbg/index.html':
        if web.count((CG, path)) < 2:
            return Resp(503, b'<html><body>503 Service Temporarily Unavailable</body></html>')
        items = [(r.path, r.list_title) for r in web.present(CG)]
        items.append(('/zwgk/ndbg/P020220125_ofd.ofd', '城关区卫生健康委员会2021年政府信息公开工作年度报告（OFD版）'))
        return slow(page('政府信息公开年度报告', links(items)))
    if path == '/zwgk/tzgg/202001/t20200101_400.html':
        # A removed document: a meta refresh to its column.
        return slow(page('提示', '<p>该信息已撤下</p>', head_extra='<meta http-equiv="refresh" '
                         'content="0;url=/zwgk/ndbg/index.html">'))
    if path == '/zwgk/ndbg/P020220125_ofd.ofd':
        return Resp(200, b'PK\x03\x04 not really an OFD', 'application/ofd')
    if path.startswith('/zwgk/protected/'):
        return site_antibot(web, req, path, query)
    r = find_report(web, CG, path)
    if r:
        # The full text on the page, and the same report again as a .docx attachment below it: one
        # document with two sources (the crawler must store one, the page, every time).
        return slow(serve_report(web, req, r, lambda r: '<h1>%s</h1><div class="TRS_Editor">%s</div>'
                                 '<p>附件：<a href="%s">%s.docx</a></p>'
                                 % (esc(r.list_title), report_body(web, r), CG_DOCX, esc(r.list_title))))
    if path == CG_DOCX:
        r = web.reports['chengguan-2021']
        if not r.present:
            return not_found()
        return report_resp(web, r, Resp(200, make_docx(web.report_text(r)),
                                        'application/vnd.openxmlformats-officedocument.wordprocessingml.document'), req)
    return not_found()


# --- an HTTP 412 JS-cookie challenge (as some national sites answer) ------------------------------------
def site_antibot(web, req, path, query):
    if path == '/robots.txt':
        return not_found()
    return Resp(412, b'<html><head><script type="text/javascript">var _0x1=["\\x63\\x6f\\x6f\\x6b\\x69\\x65"];'
                     b'document.cookie="__jsl_clearance=1700000000.1|0|abc;max-age=3600;path=/";'
                     b'location.href=location.pathname+location.search</script></head><body></body></html>')

# --- fetcher unit-test endpoints ----------------------------------------------------------------------
def site_fetchtest(web, req, path, query):
    q = {k: v[0] for k, v in query.items()}
    if path == '/_t/echo':
        body = json.dumps({'method': req.command, 'path': req.path, 'body': req.post_body.decode('utf-8', 'replace'),
                           'headers': dict(req.headers.items())}, ensure_ascii=False).encode('utf-8')
        return Resp(200, body, 'application/json')
    if path == '/_t/bytes':
        n = int(q.get('n', '100'))
        chunk = b'x' * 65536
        if n > 1 << 20:
            return Resp(200, b'', 'application/octet-stream', stream=(chunk, n))
        return Resp(200, (chunk * (n // 65536 + 1))[:n], 'application/octet-stream')
    if path == '/_t/text':
        n = int(q.get('n', '20000'))
        return Resp(200, ('<p>政府信息公开</p>' * (n // 25 + 1)).encode('utf-8')[:n], 'text/html; charset=utf-8')
    if path == '/_t/etag':
        etag = '"v1"'
        if req.headers.get('If-None-Match') == etag:
            return Resp(304, b'', headers={'ETag': etag})
        return Resp(200, b'<html>v1</html>', headers={'ETag': etag, 'Last-Modified': LAST_MODIFIED})
    if path == '/_t/reset':
        return Resp(action='reset')
    if path == '/_t/slow':
        return Resp(200, b'slow', 'text/plain', delay=int(q.get('ms', '1000')) / 1000.0)
    if path == '/_t/status':
        return Resp(int(q.get('code', '500')), b'status')
    if path == '/_t/redirect':
        return Resp(302, b'', headers={'Location': q.get('to', '/_t/echo')}, delay=int(q.get('ms', '0')) / 1000.0)
    return not_found()


SITES = {
    WJW: site_wjw,
    GOV: site_gov,
    LC: site_luocheng,
    MZ: site_minzhou,
    QX: site_qingxian,
    CG: site_chengguan,
    'wjw.antibot.demo.gov.cn': site_antibot,
    'fetch.test': site_fetchtest,
}


def control(web, action, q):
    q = {k: v[0] for k, v in q.items()}
    r = web.reports.get(q.get('report', ''))
    with web.lock:
        if action == 'edit' and r:
            r.edits.append((q.get('find', ''), q.get('replace', '')))
        elif action == 'remove' and r:
            r.present = False
        elif action in ('restore', 'add') and r:
            r.present = True
        elif action == 'counter':
            web.counter_on = q.get('on', '1') == '1'
        elif action == 'state':
            pass
        elif action != 'reset':
            return Resp(400, b'{"error":"unknown action or report"}', 'application/json')
    if action == 'reset':
        web.reset()
    state = {rid: {'host': x.host, 'path': x.path, 'present': x.present, 'year': x.year, 'agency': x.agency,
                   'edits': len(x.edits)} for rid, x in web.reports.items()}
    return Resp(200, json.dumps(state, ensure_ascii=False).encode('utf-8'), 'application/json')


class Log:
    def __init__(self, path):
        self.f = open(path, 'a', encoding='utf-8') if path else None
        self.lock = threading.Lock()

    def write(self, rec):
        if not self.f:
            return
        line = json.dumps(rec, ensure_ascii=False) + '\n'
        with self.lock:
            self.f.write(line)
            self.f.flush()


LOG = None
CONN_IDS = iter(range(1, 1 << 62))
CONN_LOCK = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    server_version = 'TestGovWeb/1.0'

    def setup(self):
        super().setup()
        with CONN_LOCK:
            self.conn_id = next(CONN_IDS)

    def log_message(self, fmt, *args):
        pass

    def do_GET(self):
        self.serve()

    def do_POST(self):
        self.serve()

    def do_HEAD(self):
        self.serve()

    def serve(self):
        t0 = time.time()
        n = int(self.headers.get('Content-Length') or 0)
        self.post_body = self.rfile.read(n) if n > 0 else b''
        target = self.path
        host = (self.headers.get('Host') or '').lower()
        if target.startswith('http://') or target.startswith('https://'):  # through --proxy
            u = urllib.parse.urlsplit(target)
            host = u.netloc.lower()
            target = u.path + ('?' + u.query if u.query else '')
        host = host.rsplit(':', 1)[0] if ':' in host and not host.endswith(']') else host
        u = urllib.parse.urlsplit(target)
        path, query = u.path or '/', urllib.parse.parse_qs(u.query, keep_blank_values=True)
        try:
            if path.startswith('/_control/'):
                resp = control(WEB, path[len('/_control/'):], query)
            else:
                site = SITES.get(host)
                resp = site(WEB, self, path, query) if site else Resp(
                    404, b'<html><body>unknown host</body></html>')
        except Exception as e:  # a bug in a site: answer 500, keep serving
            resp = Resp(500, ('internal error: %r' % e).encode('utf-8'))
        status, sent = self.send(resp)
        LOG.write({'t0': round(t0, 6), 't1': round(time.time(), 6), 'host': host, 'method': self.command,
                   'path': target, 'body': self.post_body.decode('utf-8', 'replace'), 'status': status,
                   'bytes': sent, 'conn': self.conn_id, 'port': self.client_address[1]})

    def send(self, resp):
        if resp.delay:
            time.sleep(resp.delay)
        if resp.action == 'reset':
            try:
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
                self.connection.close()
            except OSError:
                pass
            self.close_connection = True
            return 0, 0
        body = resp.body
        headers = dict(resp.headers)
        if resp.stream:
            chunk, total = resp.stream
            try:
                self.send_response(resp.status)
                self.send_header('Content-Type', resp.ctype)
                self.send_header('Content-Length', str(total))
                self.end_headers()
                sent = 0
                while sent < total:
                    part = chunk[:total - sent]
                    self.wfile.write(part)
                    sent += len(part)
                return resp.status, sent
            except OSError:
                self.close_connection = True
                return resp.status, -1
        ae = self.headers.get('Accept-Encoding') or ''
        if 'gzip' in ae and len(body) > 1024 and resp.status == 200 and (
                resp.ctype.startswith('text/') or 'json' in resp.ctype or 'xml' in resp.ctype):
            body = gzip.compress(body, 5)
            headers['Content-Encoding'] = 'gzip'
            headers['Vary'] = 'Accept-Encoding'
        try:
            self.send_response(resp.status)
            if resp.status != 304:
                self.send_header('Content-Type', resp.ctype)
            self.send_header('Content-Length', str(len(body) if resp.status != 304 else 0))
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            if self.command != 'HEAD' and resp.status != 304:
                self.wfile.write(body)
            return resp.status, len(body)
        except OSError:
            self.close_connection = True
            return resp.status, -1

    def finish(self):
        try:
            super().finish()
        except OSError:
            pass


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def handle_error(self, request, client_address):
        pass  # resets and clients that hang up are part of the game


def main():
    global WEB, LOG
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--port', type=int, default=8080)
    ap.add_argument('--bind', default='127.0.0.1')
    ap.add_argument('--log', default='')
    ap.add_argument('--data', default=DEFAULT_DATA)
    ap.add_argument('--fast', action='store_true')
    ap.add_argument('--crawl-delay', default='2', help='Crawl-delay of wjj.qingxian (seconds)')
    a = ap.parse_args()
    WEB = Web(a.data, a.fast, a.crawl_delay)
    LOG = Log(a.log)
    srv = Server((a.bind, a.port), Handler)
    print('PORT %d' % srv.server_address[1], flush=True)
    try:
        srv.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass


if __name__ == '__main__':
    main()
