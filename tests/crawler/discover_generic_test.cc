// The generic discovery scan: tags, attributes, entities, anchors, frames, redirects.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "discover_test_util.h"

using discover_test::Count;
using discover_test::Find;
using discover_test::Run;
using nianbao::crawler::LinkKind;

TEST_CASE("generic: links in a, area, frame, iframe with anchors and kinds", "[discover]") {
  const std::string html = R"X(<!DOCTYPE html><html><head><meta charset="utf-8">
<title> 政府信息公开年报 -  演示省卫生健康委员会 </title></head><body>
<ul class="list">
<li><a href="./202301/t20230131_1001.html" target=_blank title="演示省卫生健康委员会2022年政府信息公开工作年度报告">演示省卫生健康委员会2022年政府信息公开工作...</a><span>2023-01-31</span></li>
<li><A HREF='/zwgk/zfxxgk/P020230131.pdf'>附件：<b>2022年</b>年报(PDF)</A></li>
<li><a href=../../index.html>首页</a></li>
<li><a href="javascript:void(0)">打印</a><a href="mailto:x@demo.gov.cn">信箱</a><a>no href</a></li>
</ul>
<map><area shape="rect" href="/ditu.html" alt="网站 地图"></map>
<iframe src="/common/footer.html"></iframe><frameset><frame src="left.html"></frameset>
</body></html>)X";
  const auto d = Run("http://wjw.demo.gov.cn/zwgk/zfxxgk/zfxxgknb/index.html", html);
  CHECK(d.title == "政府信息公开年报 - 演示省卫生健康委员会");
  CHECK(d.adapter == "generic");
  const auto* report = Find(d, "http://wjw.demo.gov.cn/zwgk/zfxxgk/zfxxgknb/202301/t20230131_1001.html");
  REQUIRE(report);
  CHECK(report->kind == LinkKind::kPage);
  CHECK(report->anchor == "演示省卫生健康委员会2022年政府信息公开工作年度报告");  // title attr beats "…"
  CHECK(report->priority >= 60);
  const auto* pdf = Find(d, "http://wjw.demo.gov.cn/zwgk/zfxxgk/P020230131.pdf");
  REQUIRE(pdf);
  CHECK(pdf->kind == LinkKind::kAttachment);
  CHECK(pdf->anchor == "附件：2022年年报(PDF)");
  CHECK(Find(d, "http://wjw.demo.gov.cn/zwgk/index.html"));
  CHECK(Find(d, "http://wjw.demo.gov.cn/ditu.html")->anchor == "网站 地图");
  CHECK(Find(d, "http://wjw.demo.gov.cn/common/footer.html")->kind == LinkKind::kFrame);
  CHECK(Find(d, "http://wjw.demo.gov.cn/zwgk/zfxxgk/zfxxgknb/left.html")->kind == LinkKind::kFrame);
  CHECK(d.links.size() == 6);
}

TEST_CASE("generic: entities in hrefs and text, base href, dedupe", "[discover]") {
  const std::string html = R"X(<head><base href="http://www.demo.gov.cn/col/col1001/"><base href="/ignored/"></head>
<a href="list.jsp?a=1&amp;b=2&copy=3">A&nbsp;&amp;&#x4E00;&#19968;</a>
<a href="list.jsp?a=1&b=2&copy=3">again, with better words: 年度报告</a>
<a href="/x.html">x</a><a href="/x.html#frag">x2</a>)X";
  const auto d = Run("http://www.demo.gov.cn/", html);
  const auto* l = Find(d, "http://www.demo.gov.cn/col/col1001/list.jsp?a=1&b=2&copy=3");
  REQUIRE(l);
  CHECK(l->anchor == "again, with better words: 年度报告");  // dedupe keeps the best words
  CHECK(d.links.size() == 2);
}

TEST_CASE("generic: comments, scripts and styles hide their markup", "[discover]") {
  const std::string html = R"X(<!-- <a href="/commented.html">x</a> -->
<script>var s = '<a href="/in-script.html">x</a>';</script>
<style>a[href="/in-style.html"]{}</style>
<textarea><a href="/in-textarea.html"></a></textarea>
<a href="/real.html" data-x="a>b">real</a><!-- unterminated <a href="/tail.html">)X";
  const auto d = Run("http://a.gov.cn/", html);
  REQUIRE(d.links.size() == 1);
  CHECK(d.links[0].url == "http://a.gov.cn/real.html");
}

TEST_CASE("generic: meta refresh and script redirects", "[discover]") {
  const std::string html = R"X(<meta http-equiv="Refresh" content="0; URL='../zfxxgknb/index.html'">
<script type="text/javascript">
  if (location.href == "x") {}
  var here = window.location.href;
  window.location.href = "/zwgk/new.html";
  location.replace('http://www.demo.gov.cn/moved.html');
  top.location = "/top.html";
  location.href = "/computed?id=" + id;
</script>
<button onclick="window.open('/open.html')">打开</button>)X";
  const auto d = Run("http://a.gov.cn/zwgk/old/index.html", html);
  CHECK(Find(d, "http://a.gov.cn/zwgk/zfxxgknb/index.html")->kind == LinkKind::kRedirect);
  CHECK(Find(d, "http://a.gov.cn/zwgk/new.html")->kind == LinkKind::kRedirect);
  CHECK(Find(d, "http://www.demo.gov.cn/moved.html")->kind == LinkKind::kRedirect);
  CHECK(Find(d, "http://a.gov.cn/top.html"));
  CHECK(Find(d, "http://a.gov.cn/open.html")->kind == LinkKind::kPage);
  CHECK_FALSE(Find(d, "http://a.gov.cn/computed?id="));
  CHECK(Count(d, LinkKind::kRedirect) == 4);
  CHECK(Run("http://a.gov.cn/", R"X(<meta http-equiv=refresh content="3;/plain.html">)X").links.at(0).url ==
        "http://a.gov.cn/plain.html");
}

TEST_CASE("generic: attachments of every document type", "[discover]") {
  const std::string html = R"X(<a href="a.PDF">1</a><a href="b.doc">2</a><a href="c.docx">3</a><a href="d.wps">4</a>
<a href="e.ofd">5</a><a href="f.xls">6</a><a href="g.xlsx">7</a>
<a href="/module/download/downfile.jsp?classid=0&filename=P0202301.pdf">8</a><a href="h.html">9</a>)X";
  const auto d = Run("http://a.gov.cn/", html);
  CHECK(Count(d, LinkKind::kAttachment) == 8);
  CHECK(Count(d, LinkKind::kPage) == 1);
}

TEST_CASE("generic: unquoted, single-quoted, odd spacing and case", "[discover]") {
  const auto d = Run("http://a.gov.cn/", "<a\nhref = /one.html >1</a><a HREF=two.html>2</a><a href='three.html'/>"
                                        "<a target=_blank href=\"four.html\"class=x>4</a><a href>none</a>");
  CHECK(Find(d, "http://a.gov.cn/one.html"));
  CHECK(Find(d, "http://a.gov.cn/two.html"));
  CHECK(Find(d, "http://a.gov.cn/three.html"));
  CHECK(Find(d, "http://a.gov.cn/four.html"));
  CHECK(d.links.size() == 4);
}

TEST_CASE("ScoreLink favours report words", "[discover]") {
  using nianbao::crawler::ScoreLink;
  CHECK(ScoreLink("http://a.cn/news/1.html", "领导活动") == 0);
  CHECK(ScoreLink("http://a.cn/zfxxgknb/", "") > ScoreLink("http://a.cn/xxgk/", ""));
  CHECK(ScoreLink("http://a.cn/x.html", "2022年政府信息公开工作年度报告") >
        ScoreLink("http://a.cn/x.html", "政府信息公开"));
  CHECK(ScoreLink("http://a.cn/xxgk/ndbg/", "年报") > ScoreLink("http://a.cn/x", "年报"));
  CHECK(ScoreLink("http://a.cn/XXGK/", "") == ScoreLink("http://a.cn/xxgk/", ""));
}

TEST_CASE("JSON bodies are not scanned as HTML; LinkKey separates POST bodies", "[discover]") {
  const auto d = Run("http://a.gov.cn/api", R"X({"html": "<a href=\"/x.html\">x</a>"})X", "application/json");
  CHECK(d.links.empty());
  nianbao::crawler::Link a;
  a.url = "http://a/x";
  a.method = "POST";
  a.post_body = "columnid=1";
  nianbao::crawler::Link b = a;
  b.post_body = "columnid=2";
  CHECK(nianbao::crawler::LinkKey(a) != nianbao::crawler::LinkKey(b));
  nianbao::crawler::Link plain;
  plain.url = "http://a/x";
  CHECK(nianbao::crawler::LinkKey(plain) == "http://a/x");
}

TEST_CASE("generic: the same hrefs on pages of other directories, hosts and bases resolve anew", "[discover]") {
  // Discover remembers what recent hrefs resolved to (per thread); the key must hold all of the
  // base that the result depends on. Each page twice: resolved, then from the memory.
  const std::string body =
      "<a href=\"x.html\">x</a><a href=\"/y.html\">y</a><a href=\"../z.html\">z</a><a href=\"?p=2\">q</a>"
      "<a href=\"#top\">t</a><a href=\"//other.gov.cn/w\">w</a><a href=\"/\\evil.gov.cn/v\">v</a>";
  struct Case {
    std::string url, head;
    std::vector<std::string> found;
  };
  const Case cases[] = {
      {"http://a.gov.cn/d1/e/p.html?k=1", "",
       {"http://a.gov.cn/d1/e/x.html", "http://a.gov.cn/y.html", "http://a.gov.cn/d1/z.html",
        "http://a.gov.cn/d1/e/p.html?p=2", "http://a.gov.cn/d1/e/p.html?k=1", "http://other.gov.cn/w",
        "http://evil.gov.cn/v"}},
      {"https://b.gov.cn/d2/q.html", "",
       {"https://b.gov.cn/d2/x.html", "https://b.gov.cn/y.html", "https://b.gov.cn/z.html",
        "https://b.gov.cn/d2/q.html?p=2", "https://other.gov.cn/w"}},
      {"http://a.gov.cn/d1/e/p.html?k=1", "<base href=\"http://c.gov.cn/b/\">",
       {"http://c.gov.cn/b/x.html", "http://c.gov.cn/y.html"}},
  };
  for (int round = 0; round < 2; ++round) {
    for (const Case& c : cases) {
      auto d = Run(c.url, c.head + body);
      for (const auto& url : c.found) CHECK(Find(d, url));
      CHECK(d.links.size() == 7);
    }
  }
}

TEST_CASE("generic: links the caller already has are left out, the others keep their words", "[discover]") {
  const std::string body =
      "<title>t</title><a href=\"/nav/a.html\">导航A</a><a href=\"b.html?x=1&amp;y=2\">B</a>"
      "<a href=\"/nav/c.html\">2022年度报告</a><area href=\"/nav/a.html\" alt=\"a\">"
      "<iframe src=\"/frame.html\"></iframe><a href=\"/nav/a.html\">again</a>"
      "<meta http-equiv=\"refresh\" content=\"0; url=/moved.html\">"
      "<script>location.href = \"/js.html\";</script><a href=\"http://a.gov.cn/d/\">d</a>";
  const std::string url = "http://a.gov.cn/d/p.html";
  const auto all = Run(url, body);
  REQUIRE(all.links.size() == 7);

  // Every spelling of a known URL is matched after resolution: relative, with entities, by any tag.
  const discover_test::Known known({"http://a.gov.cn/nav/a.html", "http://a.gov.cn/d/b.html?x=1&y=2",
                                    "http://a.gov.cn/frame.html", "http://a.gov.cn/moved.html",
                                    "http://a.gov.cn/d/p.html"});
  const auto d = discover_test::RunKnowing(known, url, body);
  CHECK(d.title == "t");
  std::vector<std::string> urls;
  for (const auto& l : d.links) urls.push_back(l.url);
  CHECK(urls == std::vector<std::string>{"http://a.gov.cn/nav/c.html", "http://a.gov.cn/js.html", "http://a.gov.cn/d/"});
  const auto* c = Find(d, "http://a.gov.cn/nav/c.html");
  REQUIRE(c);
  CHECK(c->anchor == "2022年度报告");
  CHECK(c->priority == Find(all, "http://a.gov.cn/nav/c.html")->priority);
  CHECK(Find(d, "http://a.gov.cn/js.html")->kind == LinkKind::kRedirect);

  // Nothing known: the same as no KnownUrls at all.
  const auto none = discover_test::RunKnowing(discover_test::Known({}), url, body);
  REQUIRE(none.links.size() == all.links.size());
  for (size_t i = 0; i < all.links.size(); ++i) {
    CHECK(none.links[i].url == all.links[i].url);
    CHECK(none.links[i].anchor == all.links[i].anchor);
    CHECK(none.links[i].priority == all.links[i].priority);
  }
}
