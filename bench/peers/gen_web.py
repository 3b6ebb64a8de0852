#!/usr/bin/env python3
"""Generates the loopback benchmark web: HOSTS government-style sites × PAGES HTML pages each.

Layout written under OUT (one directory per virtual host, served by nginx with root OUT/www/$host):
  OUT/www/<host>/robots.txt            User-agent: * / Disallow: /private/
  OUT/www/<host>/index.html            home: nav to the column's list pages, latest items
  OUT/www/<host>/xxgk/list_<i>.html    column list pages (LIST_SIZE details each, paged)
  OUT/www/<host>/xxgk/2023/t<k>.html   detail pages (~30 KB: nav, scripts, article, footer)
  OUT/www/<host>/private/p<k>.html     linked from every page but disallowed by robots.txt
  OUT/hosts.txt                        one host name a line
  OUT/seeds.toml                       nianbao seed file, one [[agency]] per host
  OUT/urls.txt                         the start URL of every host (for the peers)
  OUT/expected.txt                     pages in scope (robots-allowed HTML pages) in all

Every page is reachable from / within its host in ≤ 3 hops, so every crawler with the same scope
(same host, robots on, HTML pages) should fetch exactly PAGES pages per host plus robots.txt.
Each page also links to a page on another host (out of scope: not followed by any peer).
One host in GBK_EVERY serves GBK pages (<meta charset="gbk">, no charset in the header), like the
older county sites. Deterministic: the same arguments give the same bytes.

Usage: gen_web.py OUT [--hosts 300] [--pages 150] [--page-kb 30] [--gbk-every 5]
"""
import argparse
import os
import random
import sys

DOMAIN = "bench.demo.gov.cn"
LIST_SIZE = 16

# Vocabulary of the annual reports (政府信息公开工作年度报告) and the sites around them.
PHRASES = [
    "政府信息公开", "主动公开", "依申请公开", "年度报告", "行政复议", "行政诉讼", "规章制度",
    "规范性文件", "行政许可", "行政处罚", "行政强制", "政策解读", "新闻发布会", "政务新媒体",
    "信息公开指南", "信息公开目录", "办理结果", "予以公开", "部分公开", "不予公开", "无法提供",
    "不予处理", "国家秘密", "商业秘密", "个人隐私", "三安全一稳定", "保护第三方合法权益",
    "内部事务信息", "过程性信息", "行政执法案卷", "本机关不掌握相关政府信息", "没有现成信息需要另行制作",
    "补正后申请人无正当理由逾期不补正", "信访举报投诉类申请", "重复申请", "要求提供公开出版物",
    "无正当理由大量反复申请", "要求行政机关确认或重新出具已获取信息", "卫生健康委员会", "人民政府办公室",
    "财政局", "自然资源和规划局", "生态环境局", "住房和城乡建设局", "交通运输局", "农业农村局",
    "市场监督管理局", "应急管理局", "统计局", "医疗保障局", "数据资源管理局", "公共资源交易中心",
    "深化政务公开", "优化营商环境", "一网通办", "放管服改革", "重点领域信息公开", "基层政务公开标准化规范化",
    "政府网站与政务新媒体", "人大代表建议和政协提案办理结果", "财政预决算", "重大建设项目", "公共企事业单位",
    "工作人员", "培训", "考核", "社会评议", "责任追究", "收费情况", "存在的主要问题及改进情况",
]
CONNECT = ["，", "，", "，", "、", "；", "。", "。", "", "和", "及", "进一步", "持续", "全面", "按照", "围绕"]
ASCII = ["2023年", "第1号", "12345", "2022", "PDF", "3.5%", "11月", "1—12月", "（一）", "（二）", "（三）"]


def sentence(rng, n):
    out = []
    for _ in range(n):
        out.append(rng.choice(PHRASES))
        if rng.random() < 0.15:
            out.append(rng.choice(ASCII))
        out.append(rng.choice(CONNECT))
    s = "".join(out).rstrip("，、；和及")
    return s + "。"


def host_name(i):
    return f"site{i:03d}.{DOMAIN}"


STYLE = "".join(
    f".c{i}{{margin:{i % 7}px {i % 5}px;padding:{i % 3}px;color:#{(i * 2654435761) % 0xffffff:06x};"
    f"font-size:{12 + i % 6}px;line-height:1.{i % 9};}}\n" for i in range(90))
SCRIPT = ("var _hmt=_hmt||[];(function(){var hm=document.createElement('script');"
          "hm.src='/js/stat.js';var s=document.getElementsByTagName('script')[0];"
          "s.parentNode.insertBefore(hm,s);})();\n"
          + "".join(f"function nav{i}(e){{var m=document.getElementById('m{i}');if(m){{m.style.display="
                    f"(m.style.display=='none')?'block':'none';}}return false;}}\n" for i in range(40)))


def page(rng, host, title, nav_lists, items, body_paras, related, other_host, charset):
    """One page as a str; items/related are (href, text) lists."""
    h = []
    h.append(f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="{charset}">\n'
             f'<meta http-equiv="X-UA-Compatible" content="IE=edge">\n'
             f'<meta name="SiteName" content="{host}">\n<meta name="ArticleTitle" content="{title}">\n'
             f'<title>{title}_{host}</title>\n<style>\n{STYLE}</style>\n'
             f'<script type="text/javascript">\n{SCRIPT}</script>\n</head>\n<body>\n')
    h.append('<div class="header"><div class="logo"><a href="/">演示县人民政府</a></div>\n'
             '<div class="topbar"><a href="/">首页</a> | <a href="/xxgk/list_1.html">政府信息公开</a>'
             ' | <a href="/private/p1.html">内部办公</a></div></div>\n')
    h.append('<div class="nav"><ul>\n')
    for i, (href, text) in enumerate(nav_lists):
        h.append(f'<li class="c{i % 90}" onmouseover="nav{i % 40}(this)"><a href="{href}" '
                 f'target="_self" title="{text}">{text}</a></li>\n')
    h.append('</ul></div>\n<div class="crumb">当前位置：<a href="/">首页</a> &gt; '
             '<a href="/xxgk/list_1.html">政府信息公开</a> &gt; 年度报告</div>\n')
    h.append('<div class="main"><div class="side"><h3>政务公开</h3><ul>\n')
    for i in range(12):
        h.append(f'<li><a href="/xxgk/list_{1 + i % len(nav_lists)}.html">{rng.choice(PHRASES)}</a></li>\n')
    h.append('</ul></div>\n<div class="content">\n')
    if items:
        h.append('<ul class="list">\n')
        for href, text, date in items:
            h.append(f'<li><span class="date">{date}</span><a href="{href}" target="_blank" '
                     f'title="{text}">{text}</a></li>\n')
        h.append('</ul>\n')
    if body_paras:
        h.append(f'<h1 class="title">{title}</h1>\n<div class="info">发布日期：2024-01-{rng.randint(10, 31)}'
                 f' 来源：{rng.choice(PHRASES)} 浏览次数：<span id="hits">{rng.randint(10, 9999)}</span></div>\n'
                 '<div class="TRS_Editor" id="zoom">\n')
        for p in body_paras:
            h.append(f'<p style="text-indent:2em;">{p}</p>\n')
        h.append('</div>\n')
    if related:
        h.append('<div class="related"><h4>相关文章</h4><ul>\n')
        for href, text in related:
            h.append(f'<li><a href="{href}">{text}</a></li>\n')
        h.append('</ul></div>\n')
    h.append('</div></div>\n<div class="footer">\n'
             f'<p>友情链接：<a href="http://{other_host}/">{other_host}</a> '
             '<a href="mailto:xxgk@example.invalid">联系我们</a> <a href="javascript:void(0)">收藏</a></p>\n'
             f'<p>主办单位：演示县人民政府办公室 地址：演示县人民路1号 邮编：000000</p>\n'
             f'<p>网站标识码：{rng.randint(1000000000, 9999999999)} ICP备案号：演ICP备{rng.randint(10000000, 99999999)}号</p>\n'
             '</div>\n</body>\n</html>\n')
    return "".join(h)


def gen_host(out, i, n_hosts, n_pages, page_kb, gbk_every):
    host = host_name(i)
    rng = random.Random(f"{host}/{n_pages}/{page_kb}")
    charset = "gbk" if gbk_every and i % gbk_every == gbk_every - 1 else "utf-8"
    enc = "gbk" if charset == "gbk" else "utf-8"
    root = os.path.join(out, "www", host)
    os.makedirs(os.path.join(root, "xxgk", "2023"), exist_ok=True)
    os.makedirs(os.path.join(root, "private"), exist_ok=True)
    # Pages: 1 home + L list pages + D details = n_pages.
    n_lists = max(1, (n_pages - 1 + LIST_SIZE) // (LIST_SIZE + 1))
    n_details = n_pages - 1 - n_lists
    nav = [(f"/xxgk/list_{k}.html", f"{rng.choice(PHRASES)}{k}") for k in range(1, n_lists + 1)]
    titles = [f"{host[:7]}{sentence(rng, 2)[:-1]}{k}" for k in range(n_details)]
    detail_href = [f"/xxgk/2023/t{k}.html" for k in range(n_details)]
    other = host_name((i + 1) % n_hosts)
    # Article length: tuned so a detail page is about page_kb (UTF-8 bytes).
    target = page_kb * 1024

    def write(rel, text):
        with open(os.path.join(root, rel), "wb") as f:
            f.write(text.encode(enc, errors="replace"))

    def dates(k):
        return f"2024-{1 + k % 12:02d}-{1 + k % 28:02d}"

    home_items = [(detail_href[k], titles[k], dates(k)) for k in range(min(20, n_details))]
    write("index.html", page(rng, host, "首页", nav, home_items, [sentence(rng, 30)], [], other, charset))
    for L in range(n_lists):
        lo, hi = L * LIST_SIZE, min(n_details, (L + 1) * LIST_SIZE)
        items = [(detail_href[k], titles[k], dates(k)) for k in range(lo, hi)]
        pager = []
        if L > 0:
            pager.append((f"/xxgk/list_{L}.html", "上一页"))
        if L + 1 < n_lists:
            pager.append((f"/xxgk/list_{L + 2}.html", "下一页"))
        write(f"xxgk/list_{L + 1}.html", page(rng, host, f"政府信息公开 第{L + 1}页", nav, items,
                                             [], pager, other, charset))
    for k in range(n_details):
        related = [(detail_href[(k + d) % n_details], titles[(k + d) % n_details]) for d in (1, 2, 3, 7, 11)]
        related.append((f"/private/p{k % 5}.html", "内部资料"))
        paras, size = [], 17500  # the frame around the article is about 17 KB
        while size < target:
            p = sentence(rng, rng.randint(8, 30))
            paras.append(p)
            size += len(p.encode("utf-8")) + 40
        write(f"xxgk/2023/t{k}.html", page(rng, host, titles[k], nav, [], paras, related, other, charset))
    for k in range(5):
        write(f"private/p{k}.html", page(rng, host, "内部资料", nav, [], [sentence(rng, 20)], [], other, charset))
    with open(os.path.join(root, "robots.txt"), "w") as f:
        f.write("User-agent: *\nDisallow: /private/\n")
    return host


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--hosts", type=int, default=300)
    ap.add_argument("--pages", type=int, default=150)
    ap.add_argument("--page-kb", type=int, default=30)
    ap.add_argument("--gbk-every", type=int, default=5)
    a = ap.parse_args()
    if a.pages < 3:
        sys.exit("--pages must be ≥ 3")
    stamp = os.path.join(a.out, "params.txt")
    params = f"hosts={a.hosts} pages={a.pages} page_kb={a.page_kb} gbk_every={a.gbk_every} v=1\n"
    if os.path.exists(stamp) and open(stamp).read() == params:
        print(f"gen_web: {a.out} is up to date ({params.strip()})")
        return
    os.makedirs(a.out, exist_ok=True)
    if os.path.exists(stamp):
        os.remove(stamp)
    hosts = [gen_host(a.out, i, a.hosts, a.pages, a.page_kb, a.gbk_every) for i in range(a.hosts)]
    with open(os.path.join(a.out, "hosts.txt"), "w") as f:
        f.write("".join(h + "\n" for h in hosts))
    with open(os.path.join(a.out, "urls.txt"), "w") as f:
        f.write("".join(f"http://{h}/\n" for h in hosts))
    with open(os.path.join(a.out, "seeds.toml"), "w") as f:
        f.write('# Generated by bench/peers/gen_web.py: the benchmark web, one agency per host.\n'
                'province = "演示省"\n')
        for k, h in enumerate(hosts):
            f.write(f'\n[[agency]]\nid = "bench-{k:03d}"\nname = "演示县{k:03d}人民政府"\n'
                    f'region = "演示县{k:03d}"\nlevel = "county"\nurls = ["http://{h}/"]\n')
    with open(os.path.join(a.out, "expected.txt"), "w") as f:
        f.write(f"{a.hosts * a.pages}\n")
    with open(stamp, "w") as f:
        f.write(params)
    print(f"gen_web: {a.hosts} hosts × {a.pages} pages in {a.out}")


if __name__ == "__main__":
    main()
