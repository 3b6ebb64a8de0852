// The DOM's parse cuts <script>/<style> contents before Gumbo sees them; the tree must be the one
// Gumbo builds from the page as it is.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "../../extractor/src/dom.h"

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
  dom::Tree t = dom::Parse("<p>前</p><svg viewBox='0 0 1 1'><text>图标</text><path d='M0'/></svg><p>后</p><math><mi>x</mi></math>");
  CHECK(Texts(t) == "前|图标|后|x|");
  int svg = 0, math = 0;
  for (const auto& n : t.nodes) {
    svg += n.tag == "svg";
    math += n.tag == "math";
  }
  CHECK(svg == 1);
  CHECK(math == 1);
}

// Gumbo leaks a few bytes on some of these soups: see tests/lsan.supp.
TEST_CASE("random tag soup parses to the same tree with and without the cut") {
  static const char* kPieces[] = {
      "<script>", "</script>", "<style>", "</style>", "<SCRIPT a='>'>", "</script ", "</scripts>",
      "<!--", "-->", "<!-->", "<title>", "</title>", "<textarea>", "</textarea>", "<p>", "</p>",
      "<div class=\"a>b\">", "</div>", "文字", "x<y", "'", "\"", "<", ">", "/", " ", "=",
      "<script/>", "<!doctype html>", "<?php ?>", "</>", "<xmp>", "</xmp>",
      "<plaintext>", "<iframe>", "</iframe>", "<a href=x>", "</a>", "<table><tr><td>", "\n",
      "<noscript>", "</noscript>", "<template>", "</template>", "--!>", "<!--<script>",
      "<select>", "<frameset>", "<head>", "<body>"};
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
