#!/usr/bin/env python3
"""The extraction test set, generated at build time (tests/extractor/testset.cmake runs it):
the five real report texts (tests/data/reports/*.txt) rendered into realistic government CMS
page templates, into PDF (pdfgen.py) and into DOCX (docxgen.py), for the extractor's scoring
tests (tests/extractor/score_test.cc).

Each file's true body is the report text itself; manifest.json says, per file, its format, which
text it renders, the Content-Type header a server would send (some lie), the seed region the
crawler would know, the expected year and agency, and (PDF, DOCX) the table rows the canonical
text must hold as tab-separated lines.

    python3 tests/data/extractor/make_testset.py OUT_DIR
    (writes pages/, pdf/, docx/, manifest.json, and classify_set.py's classify/ and classify.json)
"""
import html
import json
import os
import sys

sys.dont_write_bytecode = True   # run from the build: leave no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from blocks import blocks, split_title  # noqa: E402
from classify_set import generate as generate_classify_set  # noqa: E402
from docxgen import render_docx  # noqa: E402
from pdfgen import render_pdf  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPORTS = os.path.join(HERE, '..', 'reports')

# name: (expected agency, expected year, seed region the crawler knows)
REPORT_META = {
    'tongren-wsjkj-2021': ('同仁市卫生健康局', 2021, '同仁市'),
    'qingtongxia-wsjkj-2020': ('青铜峡市卫生健康局', 2020, '青铜峡市'),
    'huojia-wjw-2021': ('获嘉县卫健委', 2021, '获嘉县'),
    'xinjiang-wsjkw-2019': ('新疆维吾尔自治区卫生健康委', 2019, '新疆维吾尔自治区'),
    'luoyang-wsjkw-2022': ('洛阳市卫生健康委员会', 2022, '洛阳市'),
}

OTHER_TITLES = [
    '市教育局2022年政府信息公开工作年度报告', '市财政局2021年政府信息公开工作年度报告',
    '县人民政府2020年政府信息公开工作年度报告', '区民政局2022年度政府信息公开工作年度报告',
    '关于做好2023年政府信息公开工作年度报告编制工作的通知', '政府信息公开指南',
    '2023年部门预算公开', '2022年政务公开工作要点',
]

NAV = ['首页', '机构概况', '政务公开', '政策文件', '新闻动态', '办事服务', '互动交流', '专题专栏']


def render_table(rows, cell_p=False):
    h = ['<table border="1" cellspacing="0" cellpadding="2" style="width:100%">']
    for cells in rows:
        # A first cell followed only by empty cells is a header spanning the row (colspan).
        if cells and cells[0].strip() and all(not c.strip() for c in cells[1:]) and len(cells) > 1:
            spans = [(cells[0], len(cells))]
        else:
            spans = [(c, 1) for c in cells]
        h.append('<tr>')
        for text, span in spans:
            t = html.escape(text)
            if cell_p:
                t = '<p style="text-align:center"><span style="font-size:12px">%s</span></p>' % t
            h.append('<td%s>%s</td>' % (' colspan="%d"' % span if span > 1 else '', t))
        h.append('</tr>')
    h.append('</table>')
    return '\n'.join(h)


def body_html(bl, para='p', cell_p=False):
    parts = []
    for kind, v in bl:
        if kind == 'table':
            parts.append(render_table(v, cell_p))
        elif para == 'p':
            parts.append('<p style="text-indent:2em">%s</p>' % html.escape(v))
        elif para == 'span':
            parts.append('<p><span style="font-family:仿宋">%s</span></p>' % html.escape(v))
        else:  # bare <br> separated text, as old editors write it
            parts.append('&nbsp;&nbsp;&nbsp;&nbsp;%s<br><br>' % html.escape(v))
    return '\n'.join(parts)


def sidebar(current):
    items = [t for t in OTHER_TITLES if t != current]
    return '\n'.join('<li><a href="/xxgk/%d.html" title="%s">%s</a><span>2023-01-%02d</span></li>'
                     % (i, html.escape(t), html.escape(t), i + 3) for i, t in enumerate(items))


def nav():
    return ' '.join('<a href="/%d/">%s</a>' % (i, n) for i, n in enumerate(NAV))


def trs(title, bl, charset, site):
    return f'''<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{html.escape(title)}_{site}</title></head>
<body>
<div class="top"><div class="logo"><img src="/images/logo.png"></div><div class="nav">{nav()}</div>
<div class="search"><input type="text" value="请输入关键字"><button>搜索</button></div></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk/">政务公开</a> &gt; <a href="/xxgk/ndbg/">政府信息公开年报</a></div>
<div class="wrap">
<div class="left-box"><h3>相关文章</h3><ul>{sidebar(title)}</ul></div>
<div class="right-box">
<table class="xxgk-meta"><tr><td>索引号：</td><td>11410300MB0X12345-/2023-00012</td><td>发布机构：</td><td>{site}</td></tr>
<tr><td>生成日期：</td><td>2023-01-20</td><td>主题分类：</td><td>政府信息公开年报</td></tr></table>
<div class="article-title"><h1>{html.escape(title)}</h1></div>
<div class="info">发布时间：2023-01-20 来源：{site} 浏览次数：<span id="c">1234</span> 字号：<a>大</a> <a>中</a> <a>小</a></div>
<div class="TRS_Editor">
{body_html(bl, 'p')}
</div>
<div class="bdshare">分享到：<a class="bds_weixin">微信</a> <a class="bds_tsina">微博</a></div>
<div class="print">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>
</div></div>
<div class="footer"><p>主办单位：{site} 版权所有 地址：人民路1号 联系电话：0379-12345678</p>
<p>网站标识码：4103000012 豫ICP备12345678号 <a href="/sitemap">网站地图</a> <a href="/contact">联系我们</a></p></div>
</body></html>
'''


def table_layout(title, bl, charset, site):
    rows = ''.join('<tr><td height="24"><a href="/info/%d.htm">%s</a></td></tr>' % (i, html.escape(t))
                   for i, t in enumerate(OTHER_TITLES))
    return f'''<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{html.escape(title)}</title></head>
<body bgcolor="#ffffff">
<table width="1000" align="center" border="0"><tr><td><img src="/img/banner.jpg" width="1000"></td></tr>
<tr><td bgcolor="#004499">{nav()}</td></tr></table>
<table width="1000" align="center" border="0"><tr>
<td width="240" valign="top"><table width="100%"><tr><td><b>信息公开年报</b></td></tr>{rows}</table></td>
<td width="760" valign="top">
<table width="100%" border="0"><tr><td align="center" class="biaoti"><font size="4"><b>{html.escape(title)}</b></font></td></tr>
<tr><td align="center">日期：2023-01-18 &nbsp; 点击数：87</td></tr>
<tr><td class="font14">
{body_html(bl, 'br')}
</td></tr>
<tr><td align="right">[<a href="#" onclick="window.print()">打印</a>] [<a href="#" onclick="window.close()">关闭</a>]</td></tr>
</table></td></tr></table>
<table width="1000" align="center"><tr><td align="center">版权所有：{site} &nbsp; 技术支持：某某网络公司 &nbsp; 备案号：宁ICP备000001号</td></tr></table>
</body></html>
'''


def html5(title, bl, charset, site):
    return f'''<!doctype html>
<html lang="zh-CN"><head><meta charset="{charset}"><title>{site} - {html.escape(title)}</title>
<link rel="stylesheet" href="/css/main.css"></head>
<body>
<header><div class="brand">{site}</div><nav>{nav()}</nav></header>
<div class="crumbs"><a href="/">首页</a> / <a href="/gk/">信息公开</a> / 年度报告</div>
<main>
<article>
<h2 class="art-title">{html.escape(title)}</h2>
<div class="meta"><span>来源：{site}</span> <span>阅读次数：532</span></div>
<div class="article-content">
{body_html(bl, 'span', cell_p=True)}
</div>
<div class="tools"><a href="#">【打印】</a><a href="#">【关闭】</a></div>
</article>
<aside class="related"><h3>相关文章</h3><ul>{sidebar(title)}</ul></aside>
</main>
<footer><p>{site}主办 版权所有</p><p><a href="/about">关于我们</a> | <a href="/map">网站地图</a></p></footer>
</body></html>
'''


def ucap(title, bl, charset, site):
    return f'''<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<meta name="ArticleTitle" content="{html.escape(title)}"><title>{html.escape(title)}</title></head>
<body><div id="header"><ul class="menu">{''.join('<li><a href="#">%s</a></li>' % n for n in NAV)}</ul></div>
<div class="main">
<div class="con-title">{html.escape(title)}</div>
<div class="con-info">发布日期：2023-01-16 信息来源：{site}</div>
<div id="zoom"><div id="UCAP-CONTENT">
{body_html(bl, 'p', cell_p=True)}
</div></div>
<div class="xgwz"><p>相关文章：</p>{sidebar(title)}</div>
</div>
<div id="footer">Copyright © {site} 版权所有</div>
</body></html>
'''


TEMPLATES = [
    # name, function, charset written, Content-Type header the server sends
    ('trs', trs, 'utf-8', 'text/html; charset=UTF-8'),
    ('table', table_layout, 'gbk', 'text/html; charset=ISO-8859-1'),   # the classic lie
    ('html5', html5, 'gb2312', ''),
    ('ucap', ucap, 'utf-8', 'text/html'),
    ('tablegbk', table_layout, 'gb18030', 'text/html; charset=GBK'),
]


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'wb') as f:
        f.write(data)


def main():
    if len(sys.argv) != 2:
        sys.exit('usage: make_testset.py OUT_DIR')
    out = sys.argv[1]
    manifest = []
    for k, (name, (agency, year, region)) in enumerate(sorted(REPORT_META.items())):
        text = open(os.path.join(REPORTS, name + '.txt'), encoding='utf-8').read()
        title, body = split_title(text)
        bl = blocks(body)
        site = agency if not agency.startswith('新疆') else '新疆维吾尔自治区卫生健康委员会'
        common = {'truth': 'reports/%s.txt' % name, 'seed_region': region, 'year': year, 'agency': agency}
        for tname, fn, charset, header in TEMPLATES:
            page = fn(title, bl, charset if charset != 'gb18030' else 'gbk', site)
            fname = 'pages/%s.%s.html' % (name, tname)
            write(os.path.join(out, fname),
                  page.encode('gb18030' if charset in ('gbk', 'gb2312', 'gb18030') else 'utf-8'))
            manifest.append(dict(common, format='html', file=fname, content_type=header,
                                 url='http://www.example.gov.cn/xxgk/ndbg/%s.html' % name))
        pdf, rows = render_pdf(title, bl, k % 4, site)
        write(os.path.join(out, 'pdf', name + '.pdf'), pdf)
        manifest.append(dict(common, format='pdf', file='pdf/%s.pdf' % name, content_type='', url='', rows=rows))
        docx, rows = render_docx(title, bl, site)
        write(os.path.join(out, 'docx', name + '.docx'), docx)
        manifest.append(dict(common, format='docx', file='docx/%s.docx' % name, content_type='', url='', rows=rows))
    with open(os.path.join(out, 'manifest.json'), 'w', encoding='utf-8') as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
    # The classification set (classify_set.py): reports in many title forms and their look-alikes.
    with open(os.path.join(out, 'classify.json'), 'w', encoding='utf-8') as f:
        json.dump(generate_classify_set(out, TEMPLATES), f, ensure_ascii=False, indent=1)


if __name__ == '__main__':
    main()
