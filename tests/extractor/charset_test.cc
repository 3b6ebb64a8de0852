#include <iconv.h>

#include <cerrno>
#include <cstdint>
#include <string_view>

#include <catch2/catch.hpp>

#include "nianbao/extractor/charset.h"

namespace nianbao::extractor {
namespace {

std::string ToGbk(const std::string& utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  std::string out(utf8.size() * 2, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size(), out_left = out.size();
  char* o = out.data();
  iconv(cd, &in, &in_left, &o, &out_left);
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

const std::string kText = "<p>洛阳市卫生健康委员会2022年政府信息公开工作年度报告。一、总体情况，主动公开政府信息情况。</p>";

TEST_CASE("a GBK page behind a lying ISO-8859-1 header decodes as GB18030") {
  Decoded d = DecodeToUtf8(ToGbk("<html><body>" + kText + "</body></html>"), "text/html; charset=ISO-8859-1");
  CHECK(d.charset == "gb18030");
  CHECK(d.evidence != "header");
  CHECK(d.text.find("洛阳市卫生健康委员会") != std::string::npos);
}

TEST_CASE("a GBK page whose header says UTF-8 decodes as GB18030") {
  Decoded d = DecodeToUtf8(ToGbk(kText), "text/html;charset=utf-8");
  CHECK(d.charset == "gb18030");
  CHECK(d.text.find("年度报告") != std::string::npos);
}

TEST_CASE("a truthful header is used") {
  Decoded d = DecodeToUtf8(ToGbk(kText), "text/html; charset=GBK");
  CHECK(d.charset == "gb18030");
  CHECK(d.evidence == "header");
}

TEST_CASE("<meta charset> and http-equiv in the head are used and verified") {
  Decoded a = DecodeToUtf8(ToGbk("<html><head><meta charset=\"gb2312\"></head>" + kText), "");
  CHECK(a.charset == "gb18030");
  CHECK(a.evidence == "meta");
  CHECK(a.text.find("总体情况") != std::string::npos);
  Decoded b = DecodeToUtf8(
      ToGbk("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\">" + kText), "text/html");
  CHECK(b.evidence == "meta");
  // Old CMS templates write tags in capitals, after other tags and a '<' in a comment.
  Decoded u = DecodeToUtf8(ToGbk("<HTML><HEAD><!-- a<b --><TITLE>x</TITLE><META HTTP-EQUIV=\"Content-Type\" "
                                 "CONTENT=\"text/html; CHARSET=GB2312\"></HEAD>" + kText), "text/html");
  CHECK(u.evidence == "meta");
  CHECK(u.charset == "gb18030");
  // A template that claims GBK on a page saved as UTF-8: the bytes win.
  Decoded c = DecodeToUtf8("<meta charset=gbk>" + kText, "");
  CHECK(c.charset == "utf-8");
  CHECK(c.text.find("洛阳市") != std::string::npos);
}

TEST_CASE("BOMs win over everything") {
  Decoded d = DecodeToUtf8("\xEF\xBB\xBF" + kText, "text/html; charset=gbk");
  CHECK(d.charset == "utf-8");
  CHECK(d.evidence == "bom");
  CHECK(d.text.rfind("<p>", 0) == 0);
  Decoded u16 = DecodeToUtf8(std::string("\xFF\xFE\x1B\x6D\x33\x96", 6), "");   // 洛阳 in UTF-16LE
  CHECK(u16.text == "洛阳");
}

TEST_CASE("no claim: UTF-8 recognised, GBK detected, ASCII defaulted") {
  CHECK(DecodeToUtf8(kText, "").charset == "utf-8");
  Decoded g = DecodeToUtf8(ToGbk(kText + kText), "");
  CHECK(g.charset == "gb18030");
  CHECK(g.evidence == "detector");
  Decoded a = DecodeToUtf8("<p>hello</p>", "");
  CHECK(a.charset == "utf-8");
  CHECK(a.evidence == "default");
}

// The reference: iconv over the whole input, a bad byte replaced by U+FFFD and skipped.
std::string IconvGb18030(std::string_view bytes, size_t* errors) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  std::string out;
  *errors = 0;
  char* in = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  while (in_left > 0) {
    char buf[4096];
    char* o = buf;
    size_t o_left = sizeof buf;
    const size_t r = iconv(cd, &in, &in_left, &o, &o_left);
    out.append(buf, o - buf);
    if (r != static_cast<size_t>(-1)) break;
    if (errno == E2BIG) continue;
    out.append("\xEF\xBF\xBD");
    ++*errors;
    ++in;
    --in_left;
    iconv(cd, nullptr, nullptr, nullptr, nullptr);
  }
  iconv_close(cd);
  return out;
}

TEST_CASE("Gb18030ToUtf8 gives what iconv gives: every two-byte code, four-byte codes, stray bytes") {
  std::string all;   // every lead/trail pair, then the same shuffled among ASCII and bad bytes
  for (int lead = 0x80; lead <= 0xFF; ++lead)
    for (int trail = 0x30; trail <= 0xFF; ++trail) all += {static_cast<char>(lead), static_cast<char>(trail)};
  all += ToGbk("𠀀😀€·—") + "\x81\x30\x81\x30\x84\x31\xA4\x39" + "\x81";   // four-byte codes; a cut one at the end
  size_t want_errors = 0, got_errors = 0;
  CHECK(Gb18030ToUtf8(all, &got_errors) == IconvGb18030(all, &want_errors));
  CHECK(got_errors == want_errors);
  CHECK(got_errors > 0);
  uint32_t seed = 12345;
  for (int round = 0; round < 2000; ++round) {
    std::string s;
    const int len = static_cast<int>(seed % 64);
    for (int i = 0; i < len; ++i) {
      seed = seed * 1103515245u + 12345u;
      const int pick = (seed >> 16) % 4;
      if (pick == 0)   // ASCII runs of 1 to 20, around the converter's 8-byte steps
        s += std::string(1 + (seed >> 4) % 20, static_cast<char>('a' + (seed >> 8) % 26));
      else
        s += static_cast<char>(0x80 + (seed >> 8) % 128);
      if (pick == 3) s += static_cast<char>(0x30 + (seed >> 20) % 10);   // four-byte shapes
    }
    CHECK(Gb18030ToUtf8(s, &got_errors) == IconvGb18030(s, &want_errors));
    CHECK(got_errors == want_errors);
  }
  CHECK(Gb18030ToUtf8(ToGbk(kText), &got_errors) == kText);
  CHECK(got_errors == 0);
}

TEST_CASE("decoding is total: broken bytes become U+FFFD, never an error") {
  std::string gbk = ToGbk(kText);
  gbk.insert(20, "\xFF\xFF");
  Decoded d = DecodeToUtf8(gbk, "text/html; charset=gbk");
  CHECK(d.text.find("\xEF\xBF\xBD") != std::string::npos);
  CHECK(d.text.find("政府信息公开") != std::string::npos);
  CHECK(DecodeToUtf8("", "").text.empty());
  CHECK(DecodeToUtf8(std::string("\x80\x81\xFE", 3), "text/html; charset=x-unknown-charset").text.size() > 0);
}

TEST_CASE("DecodeToUtf8NoCopy leaves valid UTF-8 where it is and decodes everything else as usual") {
  const std::string utf8 = "<html><body>" + kText + "</body></html>";
  Decoded plain = DecodeToUtf8NoCopy(utf8, "text/html; charset=utf-8");
  CHECK(plain.same_as_input);
  CHECK(plain.text.empty());
  CHECK(plain.charset == "utf-8");
  CHECK(DecodeToUtf8NoCopy("ascii only", "").same_as_input);
  const std::string cut = utf8 + "\xE5\xB9";   // a sequence cut by a truncated download
  const std::string broken = utf8.substr(0, 20) + "\xFF" + utf8.substr(20);
  for (const std::string& bytes : {"\xEF\xBB\xBF" + utf8, ToGbk(utf8), cut, broken}) {
    Decoded copied = DecodeToUtf8(bytes, "text/html");
    Decoded d = DecodeToUtf8NoCopy(bytes, "text/html");
    CHECK_FALSE(d.same_as_input);
    CHECK(d.text == copied.text);
    CHECK(d.charset == copied.charset);
  }
}

}  // namespace
}  // namespace nianbao::extractor
