// The DOM's parse cuts <script>/<style> contents before Gumbo sees them; the tree must be the one
// Gumbo builds from the page as it is.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "../../extractor/src/dom.h"
#include "nianbao/extractor/charset.h"

namespace dom = nianbao::extractor::dom;

namespace {

// The whole tree as text: structure, names, attributes and texts.
std::string Dump(const dom::Tree& t) {
  std::string out;
  for (const auto& n : t.nodes) {
    out += std::to_string(n.parent) + (n.is_text ? " #" + n.text : " <" + n.tag);
    for (const auto& [k, v] : n.attrs) out += " " + k + "=" + v;
    out += "\n";
  }
  return out;
}

std::string Texts(const dom::Tree& t) {
  std::string out;
  for (const auto& n : t.nodes)
    if (n.is_text) out += n.text + "|";
  return out;
}

}  // namespace

TEST_CASE("script and style contents are gone, every other text stays") {
  const std::string html =
      "<html><head><style>p{color:red}</style><title>标题</title></head><body><p>一</p>"
      "<script>if(a<b){document.write(\"</p><p>假\")}</script><SCRIPT type=x>var s='<p>也假'</SCRIPT >"
      "<p>二</p></body></html>";
  dom::Tree t = dom::Parse(html);
  CHECK(Texts(t) == "标题|一|二|");
  CHECK(Dump(t) == Dump(dom::ParseAsIs(html)));
}

TEST_CASE("a <script> in a comment, a title, an attribute or a textarea starts nothing") {
  for (const std::string html : {
           "<body><!-- <script> --><p>可见</p><script>x</script><p>尾</p>",
           "<head><title>a<script>b</title></head><body><p>正文</p><script>c</script>",
           "<body><a title=\"<script>\" href=x>链接</a><p>正文</p><script>c</script>",
           "<body><a =\"x>y\"><script>d</script>文</a>",
           "<body><textarea><style></textarea><p>正文</p><style>s</style>",
           "<body><![CDATA[ <script> ]]><p>正文</p><script>c</script>",
           "<body><!--><script>e</script><p>正文</p>",
       }) {
    INFO(html);
    dom::Tree t = dom::Parse(html);
    CHECK(Dump(t) == Dump(dom::ParseAsIs(html)));
  }
}

TEST_CASE("a script whose text escapes with <!-- is left to Gumbo") {
  // "<!--<script>" inside a script: the next "</script>" does not end it (HTML's double-escaped
  // state), so the paragraph after it is still script text and must not appear.
  const std::string html = "<body><script>var s='<!--<script>';</script><p>跟在后面</p></script><p>真</p>";
  dom::Tree t = dom::Parse(html);
  CHECK(Dump(t) == Dump(dom::ParseAsIs(html)));
  CHECK(Texts(t).find("跟在后面") == std::string::npos);
}

TEST_CASE("SVG and MathML reach Gumbo as plain elements: foreign content cannot abort a crawl") {
  // Debian's Gumbo 0.10.1 fails an assertion (abort) on these, found by fuzzing.
  for (const std::string html : {"<table><svg><select><title><select><td>",
                                 "<input><desc>文字</title><table><svg><th><desc><select><desc></table><iframe><td>",
                                 "<select><p></select><table><svg><select><title><select><td>",
                                 "<script>var a='<!--<script>';</script><table><math><select><title><select><td>"}) {
    INFO(html);
    dom::Tree t = dom::Parse(html);
    CHECK_FALSE(t.nodes.empty());
  }
  // Their contents go (the extractor skips SVG; a formula's text is lost), the elements stay.
  dom::Tree t = dom::Parse("<p>前</p><svg viewBox='0 0 1 1'><text>图标</text><path d='M0'/></svg><p>后</p><math><mi>x</mi></math>");
  CHECK(Texts(t) == "前|后|");
  int svg = 0, math = 0;
  for (const auto& n : t.nodes) {
    svg += n.tag == "svg";
    math += n.tag == "math";
  }
  CHECK(svg == 1);
  CHECK(math == 1);
}

// Gumbo itself loses a few bytes on some of these soups; dom::Parse frees them (the ASan run
// checks).
TEST_CASE("an SVG's self-closing children neither nest nor swallow the page") {
  // As HTML, <script/> in a renamed SVG would run to the next </script>, taking 正文 with it.
  dom::Tree t = dom::Parse("<svg><script href='a.js'/><style/><title/></svg><p>正文</p><p>尾</p><script>x()</script>");
  CHECK(Texts(t) == "正文|尾|");
  CHECK(Texts(dom::Parse("<div><svg class=icon/><p>正文</p></div>")) == "正文|");
  // 200,000 <path/>: flat, not 200,000 levels (Gumbo frees its tree recursively).
  std::string many = "<p>前</p><svg>";
  for (int i = 0; i < 200000; ++i) many += "<path d='M0 0'/>";
  many += "</svg><p>后</p>";
  CHECK(Texts(dom::Parse(many)) == "前|后|");
  std::string unclosed = "<div><svg>";   // no </svg>: parsed as HTML, depth still bounded
  for (int i = 0; i < 200000; ++i) unclosed += "<path/>";
  dom::Tree u = dom::Parse(unclosed + "</div><p>后</p>");
  int depth = 0;
  for (size_t i = 0; i < u.nodes.size(); ++i) {
    int d = 0;
    for (int p = u.nodes[i].parent; p >= 0; p = u.nodes[p].parent) ++d;
    depth = std::max(depth, d);
  }
  CHECK(depth <= dom::kMaxDepth + 5);
  CHECK(Texts(u).find("后") != std::string::npos);
  // <div/> is an open <div> in HTML: 200,000 of them are bounded too.
  std::string divs;
  for (int i = 0; i < 200000; ++i) divs += "<div/>";
  CHECK_FALSE(dom::Parse(divs + "<p>文</p>").nodes.empty());
}

TEST_CASE("many comments cost one pass") {
  std::string page;
  for (int i = 0; i < 100000; ++i) page += "<!-- x -->";   // 1 MB, no "--!>" anywhere
  page += "<p>正文</p><script>var a = 1;</script>";
  const auto start = std::chrono::steady_clock::now();
  dom::Tree t = dom::Parse(page);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(Texts(t) == "正文|");
  CHECK(s < 10.0);   // a search to the end of the page per comment took about a minute
}

TEST_CASE("random tag soup parses to the same tree with and without the cut") {
  static const char* kPieces[] = {
      "<script>", "</script>", "<style>", "</style>", "<SCRIPT a='>'>", "</script ", "</scripts>",
      "<!--", "-->", "<!-->", "<title>", "</title>", "<textarea>", "</textarea>", "<p>", "</p>",
      "<div class=\"a>b\">", "</div>", "文字", "x<y", "'", "\"", "<", ">", "/", " ", "=",
      "<script/>", "<!doctype html>", "<?php ?>", "</>", "<xmp>", "</xmp>",
      "<plaintext>", "<iframe>", "</iframe>", "<a href=x>", "</a>", "<table><tr><td>", "\n",
      "<noscript>", "</noscript>", "<template>", "</template>", "--!>", "<!--<script>",
      "<select>", "<frameset>", "<head>", "<body>",
      // Non-ASCII runs, which Parse folds into private-use characters, and what stops a fold.
      "政府信息公开工作年度报告", "，", "\xE3\x80\x80", "<p 中文=一 中文=二>", "<a中文>", "</a中文>", "<中文>",
      "\xC2\x85控制", "\xEF\xB7\x90非字符", "\xEF\xBF\xBE", "\xF0\x9F\x98\x80表情", "\xFF坏", "\xE6\x96",
      "\xEF\xBF\xBD", "\xEF\xBB\xBF", "&#x4E2D;", "&nbsp;文", "<img alt=\"图片说明\">", "<td>表格</td>",
      "<table>文<tr>字</table>", "<colgroup>列", "</html>后",
      // What must stop the fold for the whole page: private-use characters, whole or cut, and
      // references Gumbo turns into one (its 32-bit sum wraps).
      "\xEE\x80\x80", "\xEF\xA3\xBF", "\xEE", "\xEF", "@@", "&#xE000;", "&#x10000E000;", "&#xFFFFFFFF",
      "&#xFFFFFFEE;", "&#4295024640;"};
  std::mt19937 rng(20261126);
  std::uniform_int_distribution<size_t> pick(0, std::size(kPieces) - 1);
  std::uniform_int_distribution<int> len(1, 40);
  for (int round = 0; round < 5000; ++round) {
    std::string html;
    for (int k = len(rng); k > 0; --k) html += kPieces[pick(rng)];
    INFO(html);
    REQUIRE(Dump(dom::Parse(html)) == Dump(dom::ParseAsIs(html)));
  }
}

TEST_CASE("Chinese text folded for Gumbo comes back whole: texts, names and values") {
  const std::string html =
      "<html><head><title>某县2022年政府信息公开工作年度报告</title></head><body>"
      "<h1 class=\"标题 title\">某县2022年政府信息公开工作年度报告</h1><p 数据-甲=\"值一\" 数据-甲=\"值二\">正文，一段。</p>"
      "<自定义>不是标签</自定义><x-标签>自定义元素</x-标签><table>表外文字<tr><td>单元格</td></tr></table>"
      "<a href=\"/附件/报告.pdf\" title=\"下载附件\">附件：报告.pdf</a></body></html>";
  dom::Tree t = dom::Parse(html);
  CHECK(Dump(t) == Dump(dom::ParseAsIs(html)));
  CHECK(Texts(t).find("正文，一段。") != std::string::npos);
  CHECK(Dump(t).find("数据-甲=值一") != std::string::npos);
  CHECK(Dump(t).find("数据-甲=值二") == std::string::npos);   // a repeated attribute stays dropped
  CHECK(Dump(t).find("<x-标签") != std::string::npos);
  CHECK(Dump(t).find("href=/附件/报告.pdf") != std::string::npos);
}

TEST_CASE("pages with private-use characters, as text or references, parse as they are") {
  for (const std::string html : {
           "<p>图标\xEE\x98\x80文字</p><p>二段</p>", "<p>图标&#xe600;文字</p><p>二段</p>",
           "<p>图标&#58880;文字</p><p title=\"&#XE000\">二段</p>", "<p>图标&#x000E001;文字</p>",
           "<p>范围外&#xF900;文字</p>", "<p>\xEF\xA3\xBF末尾</p>"}) {
    INFO(html);
    CHECK(Dump(dom::Parse(html)) == Dump(dom::ParseAsIs(html)));
  }
  // Found by a differential fuzzer: a private-use character beside a bad byte; a lone EE byte in
  // a tag name; references whose value wraps in Gumbo's 32-bit sum.
  for (const std::string html : {
           "\x80\xEE\x80\x80;\xC2\xA0\xE6\x96\xBB", "<p>\xEE\x80\x80\xFF</p><p>中文中文</p>",
           "<x\xEE@@>a</x\xEE@@><p>中文中文</p>", "<p>&#x10000E000;</p><p>中文中文</p>",
           "<p>&#xFFFFFFEE;@@</p><p>中文中文</p>", "<p>&#xFFFFFFFF中文</p><p>中文中文</p>", "<p>\xEF</p><p>中文中文</p>"}) {
    INFO(html);
    CHECK(Dump(dom::Parse(html)) == Dump(dom::ParseAsIs(html)));
  }
  // A reference that Gumbo turns into a private-use character is kept as that character.
  CHECK(Texts(dom::Parse("<p>甲乙&#xe600;丙丁</p>")) == "甲乙\xEE\x98\x80丙丁|");
}

TEST_CASE("the extraction test pages parse to the same tree with and without the cut and the fold") {
  namespace fs = std::filesystem;
  int pages = 0;
  // The 69 real pages of ../shared/extraction-dev are checked too where they exist (developer
  // machines and CI, not a user's).
  const std::string dev = std::string(NIANBAO_SHARED_DIR) + "/extraction-dev/original";
  if (!fs::is_directory(dev)) WARN("not checked: " << dev << " is missing (it is only on developer machines)");
  for (const std::string& dir : {std::string(NIANBAO_EXTRACTOR_TESTSET) + "/pages",
                                 std::string(NIANBAO_EXTRACTOR_TESTSET) + "/classify",
                                 std::string(NIANBAO_TEST_DATA) + "/extractor/classify-real", dev}) {
    if (!fs::is_directory(dir)) continue;
    for (const auto& e : fs::directory_iterator(dir)) {
      if (e.path().extension() != ".html" && e.path().extension() != ".htm") continue;
      std::ifstream in(e.path(), std::ios::binary);
      std::ostringstream body;
      body << in.rdbuf();
      // As the extractor sees it: UTF-8. SVG and MathML are renamed by the cut (see above).
      const std::string html = nianbao::extractor::DecodeToUtf8(body.str(), "").text;
      if (html.find("<svg") != std::string::npos || html.find("<math") != std::string::npos) continue;
      INFO(e.path().string());
      CHECK(Dump(dom::Parse(html)) == Dump(dom::ParseAsIs(html)));
      ++pages;
    }
  }
  CHECK(pages >= 25);
}

TEST_CASE("numeric references beyond U+10FFFF are U+FFFD, as HTML5 says, not what Gumbo's sum wraps to") {
  CHECK(Texts(dom::Parse("<p>a&#x110000;b&#1114112;c&#x10000E000;d</p>")) == "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD" "d|");
  CHECK(Texts(dom::Parse("<p>a&#x10FFFF;b</p>")) == "a\xF4\x8F\xBF\xBF" "b|");   // the last code point stays
  // Gumbo took -1 for "no character" and swallowed the '<' after it: the script was text.
  const std::string html = "<p>x&#xFFFFFFFF<script>var s = 1;</script>y</p>";
  CHECK(Texts(dom::Parse(html)) == "x\xEF\xBF\xBD|y|");
  CHECK(Dump(dom::Parse(html)) == Dump(dom::ParseAsIs(html)));
}
