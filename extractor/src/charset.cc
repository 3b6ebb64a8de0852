// Charset decoding (see charset.h for the order of evidence).
//
// Why verify claims: Chinese government servers often send "ISO-8859-1" (a Tomcat default) or
// "UTF-8" for GBK pages, and CMS templates copy <meta charset> from elsewhere. A claim is kept
// only when the bytes agree with it; valid multi-byte UTF-8 is trusted over any claim because
// non-UTF-8 Chinese text is practically never valid UTF-8 by accident.
#include "nianbao/extractor/charset.h"

#include <iconv.h>
#include <uchardet.h>

#include <algorithm>
#include <cctype>
#include <cerrno>

#include "nianbao/common/text.h"

namespace nianbao::extractor {

namespace {

std::string CharsetParam(std::string_view s) {
  std::string lower = ToLowerAscii(s);
  size_t at = lower.find("charset");
  while (at != std::string::npos) {
    size_t p = at + 7;
    while (p < lower.size() && (lower[p] == ' ')) ++p;
    if (p < lower.size() && lower[p] == '=') {
      ++p;
      while (p < lower.size() && (lower[p] == ' ' || lower[p] == '"' || lower[p] == '\'')) ++p;
      size_t e = p;
      while (e < lower.size() && (std::isalnum(static_cast<unsigned char>(lower[e])) || lower[e] == '-' ||
                                  lower[e] == '_' || lower[e] == '.' || lower[e] == ':'))
        ++e;
      if (e > p) return lower.substr(p, e - p);
    }
    at = lower.find("charset", at + 7);
  }
  return "";
}

// Canonical lower-case iconv name; the GB family is read as GB18030, its superset.
std::string Canonical(std::string name) {
  name = ToLowerAscii(name);
  if (name == "gb2312" || name == "gbk" || name == "gb18030" || name == "x-gbk" || name == "cp936" ||
      name == "euc-cn" || name == "hz-gb-2312" || name == "gb_2312-80" || name == "x-euc-cn")
    return "gb18030";
  if (name == "utf8" || name == "utf-8" || name == "ascii" || name == "us-ascii") return "utf-8";
  if (name == "big5" || name == "big5-hkscs" || name == "x-big5") return "big5";
  if (name == "latin1" || name == "iso8859-1" || name == "iso_8859-1" || name == "iso-8859-1") return "iso-8859-1";
  return name;
}

bool HasHighBytes(std::string_view b) {
  for (unsigned char c : b)
    if (c >= 0x80) return true;
  return false;
}

// Valid UTF-8, tolerating a sequence cut off at the very end (a truncated download).
bool LooksUtf8(std::string_view b) {
  if (IsValidUtf8(b)) return true;
  size_t cut = b.size();
  for (int k = 0; k < 3 && cut > 0; ++k) {
    --cut;
    if ((static_cast<unsigned char>(b[cut]) & 0xC0) == 0xC0) return IsValidUtf8(b.substr(0, cut));
  }
  return false;
}

// Converts with iconv; undecodable bytes become U+FFFD. *errors counts them.
bool Convert(std::string_view bytes, const std::string& from, std::string* out, size_t* errors) {
  iconv_t cd = iconv_open("UTF-8", from.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  out->clear();
  out->reserve(bytes.size() * 3 / 2);
  *errors = 0;
  char* in = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  char buf[8192];
  while (in_left > 0) {
    char* o = buf;
    size_t o_left = sizeof buf;
    size_t r = iconv(cd, &in, &in_left, &o, &o_left);
    out->append(buf, o - buf);
    if (r != static_cast<size_t>(-1)) break;
    if (errno == E2BIG) continue;
    out->append("\xEF\xBF\xBD");   // EILSEQ or EINVAL (cut off at the end): skip one byte
    ++*errors;
    ++in;
    --in_left;
    iconv(cd, nullptr, nullptr, nullptr, nullptr);
  }
  iconv_close(cd);
  return true;
}

std::string Detect(std::string_view bytes) {
  uchardet_t ud = uchardet_new();
  // The first 64 KB are plenty for the detector and bound its cost on huge pages.
  uchardet_handle_data(ud, bytes.data(), std::min<size_t>(bytes.size(), 64 * 1024));
  uchardet_data_end(ud);
  std::string name = uchardet_get_charset(ud);
  uchardet_delete(ud);
  return Canonical(name);
}

// Does the claimed charset fit the bytes? When it had to convert to find out, the UTF-8 result
// is left in *converted so that it need not be converted again.
bool Plausible(const std::string& charset, std::string_view bytes, std::string* converted) {
  if (!HasHighBytes(bytes)) return true;
  bool utf8 = LooksUtf8(bytes);
  if (charset == "utf-8") return utf8;
  if (utf8) return false;
  // Single-byte Western charsets decode anything; on Chinese sites they are a server default,
  // not a statement about the page: trust them only if the detector agrees.
  if (charset == "iso-8859-1" || charset == "windows-1252" || charset == "cp1252")
    return Detect(bytes) == charset;
  size_t errors = 0;
  if (!Convert(bytes, charset, converted, &errors)) return false;
  return errors * 200 <= bytes.size();   // a stray bad byte is damage, many are a wrong charset
}

// converted: the bytes already converted from charset by Plausible, or empty.
Decoded Finish(std::string_view bytes, std::string charset, const char* evidence, std::string converted = "") {
  Decoded d;
  d.evidence = evidence;
  if (charset == "utf-8") {
    d.charset = "utf-8";
    d.text = SanitizeUtf8(bytes);
    return d;
  }
  size_t errors = 0;
  if (!converted.empty()) {
    d.text = std::move(converted);
  } else if (!Convert(bytes, charset, &d.text, &errors)) {   // iconv does not know it: best guess
    charset = "gb18030";
    Convert(bytes, charset, &d.text, &errors);
  }
  d.charset = charset;
  // iconv's output is valid UTF-8 (bad input bytes became U+FFFD in Convert): no second pass.
  return d;
}

}  // namespace

Decoded DecodeToUtf8(std::string_view bytes, std::string_view content_type_header) {
  if (StartsWith(bytes, "\xEF\xBB\xBF")) return Finish(bytes.substr(3), "utf-8", "bom");
  if (StartsWith(bytes, "\xFF\xFE")) return Finish(bytes.substr(2), "utf-16le", "bom");
  if (StartsWith(bytes, "\xFE\xFF")) return Finish(bytes.substr(2), "utf-16be", "bom");

  std::string converted;
  std::string header = Canonical(CharsetParam(content_type_header));
  if (!header.empty() && Plausible(header, bytes, &converted)) return Finish(bytes, header, "header", std::move(converted));
  converted.clear();

  std::string_view head = bytes.substr(0, 2048);
  std::string meta;
  for (size_t at = ToLowerAscii(head).find("<meta"); at != std::string::npos && meta.empty();) {
    size_t end = head.find('>', at);
    if (end == std::string_view::npos) break;
    meta = Canonical(CharsetParam(head.substr(at, end - at)));
    at = ToLowerAscii(head).find("<meta", end);
  }
  // A UTF-16 <meta> claim in ASCII-compatible bytes is impossible (the HTML spec says read UTF-8).
  if (StartsWith(meta, "utf-16")) meta = "utf-8";
  if (!meta.empty() && Plausible(meta, bytes, &converted)) return Finish(bytes, meta, "meta", std::move(converted));

  if (!HasHighBytes(bytes)) return Finish(bytes, "utf-8", "default");
  if (LooksUtf8(bytes)) return Finish(bytes, "utf-8", "detector");
  std::string detected = Detect(bytes);
  // uchardet names some single-byte charsets for short Chinese samples; a Chinese archive's
  // bytes that are not UTF-8 are GB18030 far more often than anything else.
  if (detected.empty() || detected == "iso-8859-1" || detected == "windows-1252" ||
      StartsWith(detected, "iso-8859") || StartsWith(detected, "windows-125") || detected == "utf-8") {
    std::string out;
    size_t errors = 0;
    if (Convert(bytes, "gb18030", &out, &errors) && errors * 200 <= bytes.size())
      return Finish(bytes, "gb18030", "detector", std::move(out));
    if (detected.empty() || detected == "utf-8") return Finish(bytes, "gb18030", "default");
  }
  return Finish(bytes, detected, "detector");
}

}  // namespace nianbao::extractor
