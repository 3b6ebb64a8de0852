#include <catch2/catch.hpp>

#include <iconv.h>

#include "nianbao/extractor/charset.h"
#include "nianbao/extractor/extract.h"

namespace nianbao::extractor {
namespace {

Document Run(const std::string& html, const std::string& url = "http://www.example.gov.cn/xxgk/2023/a.html") {
  ExtractOptions o;
  o.url = url;
  auto r = Extract(html, o);
  REQUIRE(r.ok());
  return r.value();
}

const char* kPara1 = "2022年，我局认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，"
                     "全面推进决策、执行、管理、服务、结果公开，全年主动公开政府信息468条。";
const char* kPara2 = "本年度共收到政府信息公开申请11件，均在法定期限内予以答复，未发生因政府信息公开引起的行政复议和行政诉讼。";

TEST_CASE("the body is found between navigation, a sidebar of other reports and a footer") {
  std::string html = std::string("<html><head><title>某县卫生健康局2022年政府信息公开工作年度报告_某县人民政府</title></head><body>") +
      "<div class='nav'><a href='/'>首页</a><a href='/a'>政务公开</a><a href='/b'>互动交流</a></div>"
      "<div>当前位置：<a href='/'>首页</a> &gt; <a href='/x'>年报</a></div>"
      "<div class='side'><h3>相关文章</h3><ul>"
      "<li><a href='/1'>某县教育局2022年政府信息公开工作年度报告</a></li>"
      "<li><a href='/2'>某县财政局2022年政府信息公开工作年度报告</a></li>"
      "<li><a href='/3'>某县民政局2021年政府信息公开工作年度报告</a></li></ul></div>"
      "<div class='c'><h1>某县卫生健康局2022年政府信息公开工作年度报告</h1>"
      "<div>发布时间：2023-01-20 浏览次数：231</div>"
      "<p>" + kPara1 + "</p><p>" + kPara2 + "</p>"
      "<div>分享到：<a>微信</a><a>微博</a></div><div>【<a>打印</a>】【<a>关闭</a>】</div></div>"
      "<div class='foot'>版权所有：某县人民政府 备案号：豫ICP备123号</div></body></html>";
  Document d = Run(html);
  CHECK(d.title == "某县卫生健康局2022年政府信息公开工作年度报告");
  CHECK(d.text == d.title + "\n\n" + kPara1 + "\n\n" + kPara2 + "\n");
  CHECK(d.text.find("教育局") == std::string::npos);
  CHECK(d.text.find("浏览次数") == std::string::npos);
  CHECK(d.text.find("打印") == std::string::npos);
  CHECK(d.is_report);
  CHECK(d.year == 2022);
  CHECK(d.agency == "某县卫生健康局");
}

TEST_CASE("the title falls back to <title> minus the site name") {
  Document d = Run(std::string("<title>某市人民政府2021年政府信息公开工作年度报告 - 某市人民政府门户网站</title><p>") + kPara1 + "</p>");
  CHECK(d.title == "某市人民政府2021年政府信息公开工作年度报告");
}

TEST_CASE("rowspan and colspan expand into a grid; the text keeps one line per row") {
  std::string html = std::string("<title>t</title><p>") + kPara1 + "</p><table>"
      "<tr><td rowspan='2'>信息内容</td><td colspan='2'>申请人情况</td><td rowspan='2'>总计</td></tr>"
      "<tr><td>自然人</td><td>法人</td></tr>"
      "<tr><td>一、本年新收</td><td>3</td><td>1</td><td>4</td></tr></table><p>" + kPara2 + "</p>";
  Document d = Run(html);
  REQUIRE(d.tables.size() == 1);
  const Table& t = d.tables[0];
  REQUIRE(t.rows.size() == 3);
  CHECK(t.rows[0] == std::vector<std::string>{"信息内容", "申请人情况", "申请人情况", "总计"});
  CHECK(t.rows[1] == std::vector<std::string>{"信息内容", "自然人", "法人", "总计"});
  CHECK(t.rows[2] == std::vector<std::string>{"一、本年新收", "3", "1", "4"});
  CHECK(d.text.find("信息内容\t申请人情况\t\t总计\n\t自然人\t法人\t\n一、本年新收\t3\t1\t4\n") != std::string::npos);
}

TEST_CASE("hostile spans stay bounded") {
  Document d = Run("<table><tr><td colspan='99999999' rowspan='99999999'>x</td><td>y</td></tr><tr><td>z</td></tr></table>");
  REQUIRE(d.tables.size() <= 1);
  for (const auto& t : d.tables)
    for (const auto& r : t.rows) CHECK(r.size() <= 65);
}

TEST_CASE("a body that only points to its attachment says so, with the absolute URL") {
  std::string html = "<html><head><title>某区司法局2022年政府信息公开工作年度报告</title><base href='/upload/'></head><body>"
      "<div class='nav'><a href='/'>首页</a><a href='/x'>机构</a></div>"
      "<h1>某区司法局2022年政府信息公开工作年度报告</h1>"
      "<div id='zoom'><p>详见附件。</p><p>附件：<a href='2023/01/report.pdf'>某区司法局2022年年报.pdf</a></p></div>"
      "<div class='footer'>版权所有</div></body></html>";
  Document d = Run(html);
  CHECK(d.attachment_only);
  REQUIRE(d.attachments.size() == 1);
  CHECK(d.attachments[0] == "http://www.example.gov.cn/upload/2023/01/report.pdf");
  CHECK(d.is_report);
}

TEST_CASE("a report with a 附件 link and a full text is not attachment-only") {
  std::string html = std::string("<title>x</title><h1>某县2022年政府信息公开工作年度报告</h1><p>") + kPara1 + "</p><p>" + kPara2 +
                     "</p><p>" + kPara1 + "</p><p>附件：<a href='../files/a.docx'>统计表.docx</a></p>";
  Document d = Run(html);
  CHECK_FALSE(d.attachment_only);
  REQUIRE(d.attachments.size() == 1);
  CHECK(d.attachments[0] == "http://www.example.gov.cn/xxgk/files/a.docx");
}

TEST_CASE("全真版 / 文字版 tabs: the text version is taken, the original's link kept") {
  std::string html = std::string("<html><head><title>某市2022年政府信息公开工作年度报告</title></head><body>") +
      "<h1>某市2022年政府信息公开工作年度报告</h1>"
      "<ul class='tab'><li>文字版</li><li>全真版</li></ul>"
      "<div class='tabcon'><p>" + kPara1 + "</p><p>" + kPara2 + "</p></div>"
      "<div class='tabcon' style='display:none'><iframe src='/pdfjs/web/viewer.html?file=/attach/2023/report.pdf'></iframe></div>"
      "</body></html>";
  Document d = Run(html);
  CHECK(d.original_link == "http://www.example.gov.cn/pdfjs/web/viewer.html?file=/attach/2023/report.pdf");
  CHECK(d.text.find(kPara2) != std::string::npos);
  CHECK(d.text.find("全真版") == std::string::npos);
  CHECK_FALSE(d.attachment_only);
  CHECK_FALSE(d.image_only);
}

TEST_CASE("an image-only body (图片版) is recorded with its image URLs") {
  std::string html = "<html><head><title>某局2021年政府信息公开工作年度报告（图片版）</title></head><body>"
      "<div class='menu'><a href='/'>首页</a><a href='/1'>机构职能</a><a href='/2'>政策文件</a></div>"
      "<h1>某局2021年政府信息公开工作年度报告（图片版）</h1>"
      "<div class='TRS_Editor'><p><img src='W020220120_1.jpg'></p><p><img src='W020220120_2.jpg'></p></div>"
      "<div class='footer'>版权所有 某局</div></body></html>";
  Document d = Run(html, "http://www.example.gov.cn/art/2022/1/20/art_1.html");
  CHECK(d.image_only);
  CHECK(d.images == std::vector<std::string>{"http://www.example.gov.cn/art/2022/1/20/W020220120_1.jpg",
                                             "http://www.example.gov.cn/art/2022/1/20/W020220120_2.jpg"});
  CHECK(d.is_report);
  CHECK(d.year == 2021);
}

TEST_CASE("an unclosed <a> does not turn the rest of the page into a link") {
  std::string html = std::string("<div class='nav'><a href='/'>首页</a></div><div>作者：<a href='/u'>某人<a></div><p>") +
                     kPara1 + "</p><p>" + kPara2 + "</p>";
  Document d = Run(html);
  CHECK(d.text.find(kPara1) != std::string::npos);
}

TEST_CASE("deep nesting is bounded: 200k nested divs parse without exhausting the stack") {
  std::string html = "<html><body>";
  for (int i = 0; i < 200000; ++i) html += "<div>";
  html += std::string("<p>") + kPara1 + "</p>";
  Document d = Run(html);
  CHECK(d.text.find("全年主动公开政府信息468条") != std::string::npos);
  std::string tables;
  for (int i = 0; i < 20000; ++i) tables += "<table><tr><td>";
  Run(tables + "x");
}

TEST_CASE("attachment links come out in the crawler's canonical form") {
  // The extractor resolves with common/url.h, as the crawler does: the same file is one URL
  // wherever it was found (host lower-cased, dot segments gone, Chinese percent-encoded,
  // fragment dropped); without an http(s) page URL a link is kept as written.
  std::string html = std::string("<title>x</title><h1>某县2022年政府信息公开工作年度报告</h1><p>") + kPara1 + "</p><p>" + kPara2 +
                     "</p><p>附件：<a href='HTTP://WWW.Example.gov.cn/xxgk/./files/../files/年报.pdf#page=2'>年报.pdf</a> "
                     "<a href='javascript:void(0)'>打印.doc</a></p>";
  Document d = Run(html);
  REQUIRE(d.attachments.size() == 1);
  CHECK(d.attachments[0] == "http://www.example.gov.cn/xxgk/files/%E5%B9%B4%E6%8A%A5.pdf");
  Document bare = Run(std::string("<title>x</title><h1>某县2022年政府信息公开工作年度报告</h1><p>") + kPara1 +
                          "</p><p>附件：<a href=' files/年报.pdf\n'>年报.pdf</a> <a href=' JavaScript:print()'>打印.pdf</a></p>", "");
  REQUIRE(bare.attachments.size() == 1);
  CHECK(bare.attachments[0] == "files/年报.pdf");
}

TEST_CASE("an HTML body the caller has decoded is not decoded again; other formats ignore it") {
  // GBK bytes whose <meta> names the charset, and what DecodeToUtf8 makes of them.
  const std::string utf8 = std::string("<html><head><meta charset=\"gbk\"><title>某县2022年政府信息公开工作年度报告</title></head>") +
                           "<body><h1>某县2022年政府信息公开工作年度报告</h1><p>" + kPara1 + "</p><p>" + kPara2 + "</p></body></html>";
  iconv_t cd = iconv_open("GBK", "UTF-8");
  REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
  std::string gbk(utf8.size() * 2, '\0');
  char* in = const_cast<char*>(utf8.data());
  char* out = gbk.data();
  size_t in_left = utf8.size(), out_left = gbk.size();
  REQUIRE(iconv(cd, &in, &in_left, &out, &out_left) != static_cast<size_t>(-1));
  iconv_close(cd);
  gbk.resize(gbk.size() - out_left);
  const Decoded decoded = DecodeToUtf8NoCopy(gbk, "text/html");
  REQUIRE(decoded.charset == "gb18030");

  ExtractOptions o;
  o.url = "http://www.example.gov.cn/xxgk/2023/a.html";
  auto plain = Extract(gbk, o);
  o.decoded_utf8 = decoded.text;
  auto given = Extract(gbk, o);
  REQUIRE(plain.ok());
  REQUIRE(given.ok());
  CHECK(given->title == plain->title);
  CHECK(given->text == plain->text);
  CHECK(given->is_report);
  // It is the caller's text that is read: a different one gives a different document.
  const std::string other = "<html><body><h1>另一个页面</h1><p>正文</p></body></html>";
  o.decoded_utf8 = other;
  auto substituted = Extract(gbk, o);
  REQUIRE(substituted.ok());
  CHECK(substituted->text.find("另一个页面") != std::string::npos);
  // Not HTML: the bytes are read as what they are.
  o.decoded_utf8 = other;
  auto text = Extract("第一行\n第二行\n", o);
  REQUIRE(text.ok());
  CHECK(text->text.find("另一个页面") == std::string::npos);
}

}  // namespace
}  // namespace nianbao::extractor
