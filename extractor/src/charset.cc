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
#include <cstdint>
#include <cstring>
#include <vector>

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

// Where "<meta" (any case) starts at or after from, or npos.
size_t FindMetaTag(std::string_view s, size_t from) {
  for (size_t at = s.find('<', from); at != std::string_view::npos; at = s.find('<', at + 1))
    if (s.size() - at >= 5 && ToLowerAscii(s.substr(at + 1, 4)) == "meta") return at;
  return std::string_view::npos;
}

bool HasHighBytes(std::string_view b) { return SkipAscii(b) < b.size(); }

// What the bytes are as UTF-8, found out once per page (each look is a pass over the page).
class Utf8Check {
 public:
  explicit Utf8Check(std::string_view b) : b_(b) {}
  // Valid UTF-8 throughout.
  bool Valid() {
    if (valid_ < 0) valid_ = IsValidUtf8(b_) ? 1 : 0;
    return valid_ == 1;
  }
  // Valid UTF-8, tolerating a sequence cut off at the very end (a truncated download).
  bool Looks() {
    if (Valid()) return true;
    if (looks_ < 0) {
      looks_ = 0;
      size_t cut = b_.size();
      for (int k = 0; k < 3 && cut > 0; ++k) {
        --cut;
        if ((static_cast<unsigned char>(b_[cut]) & 0xC0) == 0xC0) {
          looks_ = IsValidUtf8(b_.substr(0, cut)) ? 1 : 0;
          break;
        }
      }
    }
    return looks_ == 1;
  }
  bool HighBytes() {
    if (high_ < 0) high_ = HasHighBytes(b_) ? 1 : 0;
    return high_ == 1;
  }

 private:
  std::string_view b_;
  int valid_ = -1, looks_ = -1, high_ = -1;
};

// Converts with iconv; undecodable bytes become U+FFFD. *errors counts them.
bool Convert(std::string_view bytes, const std::string& from, std::string* out, size_t* errors) {
  if (from == "gb18030") {
    *out = Gb18030ToUtf8(bytes, errors);
    return true;
  }
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

// The two-byte codes of GB18030, lead 0x81-0xFE and trail 0x40-0xFE but 0x7F, as iconv decodes
// them: the UTF-8 bytes of the one character iconv gives (at most 3: all are in the BMP), or
// nothing where iconv gives no single BMP character (those go through iconv itself).
class Gb2Table {
 public:
  struct Utf8 {
    unsigned char size = 0;   // 0: not in the table
    char bytes[3] = {};
  };
  static const Gb2Table& Get() {
    static const Gb2Table table;   // ~24,000 iconv calls, once: 1.7 ms
    return table;
  }
  const Utf8& Lookup(unsigned char lead, unsigned char trail) const {
    static const Utf8 kNone;
    if (lead < 0x81 || lead > 0xFE || trail < 0x40 || trail > 0xFE || trail == 0x7F) return kNone;
    return map_[(lead - 0x81) * kTrails + (trail - 0x40)];
  }

 private:
  static constexpr int kTrails = 0xFF - 0x40;
  Gb2Table() : map_(static_cast<size_t>(0xFF - 0x81) * kTrails) {
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == reinterpret_cast<iconv_t>(-1)) return;   // all empty: everything goes through iconv
    for (int lead = 0x81; lead <= 0xFE; ++lead) {
      for (int trail = 0x40; trail <= 0xFE; ++trail) {
        if (trail == 0x7F) continue;
        char in_buf[2] = {static_cast<char>(lead), static_cast<char>(trail)};
        char out_buf[8];
        char* in = in_buf;
        char* o = out_buf;
        size_t in_left = 2, out_left = sizeof out_buf;
        iconv(cd, nullptr, nullptr, nullptr, nullptr);
        if (iconv(cd, &in, &in_left, &o, &out_left) == static_cast<size_t>(-1) || in_left != 0) continue;
        const std::string_view utf8(out_buf, sizeof out_buf - out_left);
        size_t pos = 0;
        if (utf8.empty() || utf8.size() > 3 || DecodeUtf8(utf8, &pos) == 0xFFFD || pos != utf8.size()) continue;
        Utf8& e = map_[(lead - 0x81) * kTrails + (trail - 0x40)];
        e.size = static_cast<unsigned char>(utf8.size());
        std::memcpy(e.bytes, utf8.data(), utf8.size());
      }
    }
    iconv_close(cd);
  }
  std::vector<Utf8> map_;   // 96 KB
};

}  // namespace

std::string Gb18030ToUtf8(std::string_view bytes, size_t* errors) {
  const Gb2Table& table = Gb2Table::Get();
  const size_t n = bytes.size();
  // Written through a pointer into room for the worst case (a stray byte: 1 → 3), then cut.
  std::string out(3 * n, '\0');
  char* w = out.data();
  *errors = 0;
  iconv_t cd = reinterpret_cast<iconv_t>(-1);   // opened for the first code the table lacks
  for (size_t i = 0; i < n;) {
    const unsigned char c = static_cast<unsigned char>(bytes[i]);
    if (c < 0x80) {   // an ASCII run (the markup, styles and scripts: most of a page) as it is
      const size_t j = SkipAscii(bytes, i);
      std::memcpy(w, bytes.data() + i, j - i);
      w += j - i;
      i = j;
      continue;
    }
    if (i + 1 < n) {
      const Gb2Table::Utf8& u = table.Lookup(c, static_cast<unsigned char>(bytes[i + 1]));
      if (u.size) {
        std::memcpy(w, u.bytes, 3);   // room for 3 is there (see above); only u.size count
        w += u.size;
        i += 2;
        continue;
      }
    }
    // A four-byte code or a byte iconv rejects: iconv on at most one code's bytes (4).
    if (cd == reinterpret_cast<iconv_t>(-1)) cd = iconv_open("UTF-8", "GB18030");
    char* in = const_cast<char*>(bytes.data() + i);
    size_t in_left = std::min<size_t>(4, n - i);
    const size_t window = in_left;
    // No code takes more than 3 UTF-8 bytes a byte: the room left (3 per byte left) suffices.
    size_t o_left = static_cast<size_t>(out.data() + out.size() - w);
    char* o = w;
    if (cd != reinterpret_cast<iconv_t>(-1)) {
      iconv(cd, nullptr, nullptr, nullptr, nullptr);
      iconv(cd, &in, &in_left, &o, &o_left);
    }
    w = o;
    if (in_left < window) {   // iconv took one or more codes (a cut at the window's end is taken up next time)
      i += window - in_left;
      continue;
    }
    std::memcpy(w, "\xEF\xBF\xBD", 3);   // nothing taken: EILSEQ, or EINVAL (cut off at the end): skip one byte
    w += 3;
    ++*errors;
    ++i;
  }
  if (cd != reinterpret_cast<iconv_t>(-1)) iconv_close(cd);
  out.resize(static_cast<size_t>(w - out.data()));
  return out;
}

namespace {

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
bool Plausible(const std::string& charset, std::string_view bytes, Utf8Check* check, std::string* converted) {
  if (!check->HighBytes()) return true;
  bool utf8 = check->Looks();
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

// converted: the bytes already converted from charset by Plausible, or empty. copy: whether
// valid UTF-8 bytes are copied into text (else same_as_input is set).
Decoded Finish(std::string_view bytes, std::string charset, const char* evidence, Utf8Check* check, bool copy,
               std::string converted = "") {
  Decoded d;
  d.evidence = evidence;
  if (charset == "utf-8") {
    d.charset = "utf-8";
    // Valid bytes (known from the plausibility check, the usual case) are taken as they are.
    if (!check->Valid()) {
      d.text = SanitizeUtf8(bytes);
    } else if (copy) {
      d.text = std::string(bytes);
    } else {
      d.same_as_input = true;
    }
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

Decoded Decode(std::string_view bytes, std::string_view content_type_header, bool copy) {
  if (StartsWith(bytes, "\xEF\xBB\xBF")) {   // the text is not the bytes: always a copy
    Utf8Check check(bytes.substr(3));
    return Finish(bytes.substr(3), "utf-8", "bom", &check, true);
  }
  Utf8Check check(bytes);
  if (StartsWith(bytes, "\xFF\xFE")) return Finish(bytes.substr(2), "utf-16le", "bom", &check, copy);
  if (StartsWith(bytes, "\xFE\xFF")) return Finish(bytes.substr(2), "utf-16be", "bom", &check, copy);

  std::string converted;
  std::string header = Canonical(CharsetParam(content_type_header));
  if (!header.empty() && Plausible(header, bytes, &check, &converted))
    return Finish(bytes, header, "header", &check, copy, std::move(converted));
  converted.clear();

  const std::string_view head = bytes.substr(0, 2048);
  std::string meta;
  for (size_t at = FindMetaTag(head, 0); at != std::string_view::npos && meta.empty(); at = FindMetaTag(head, at + 5)) {
    size_t end = head.find('>', at);
    if (end == std::string_view::npos) break;
    meta = Canonical(CharsetParam(head.substr(at, end - at)));
  }
  // A UTF-16 <meta> claim in ASCII-compatible bytes is impossible (the HTML spec says read UTF-8).
  if (StartsWith(meta, "utf-16")) meta = "utf-8";
  if (!meta.empty() && Plausible(meta, bytes, &check, &converted))
    return Finish(bytes, meta, "meta", &check, copy, std::move(converted));

  if (!check.HighBytes()) return Finish(bytes, "utf-8", "default", &check, copy);
  if (check.Looks()) return Finish(bytes, "utf-8", "detector", &check, copy);
  std::string detected = Detect(bytes);
  // uchardet names some single-byte charsets for short Chinese samples; a Chinese archive's
  // bytes that are not UTF-8 are GB18030 far more often than anything else.
  if (detected.empty() || detected == "iso-8859-1" || detected == "windows-1252" ||
      StartsWith(detected, "iso-8859") || StartsWith(detected, "windows-125") || detected == "utf-8") {
    std::string out;
    size_t errors = 0;
    if (Convert(bytes, "gb18030", &out, &errors) && errors * 200 <= bytes.size())
      return Finish(bytes, "gb18030", "detector", &check, copy, std::move(out));
    if (detected.empty() || detected == "utf-8") return Finish(bytes, "gb18030", "default", &check, copy);
  }
  return Finish(bytes, detected, "detector", &check, copy);
}

}  // namespace

Decoded DecodeToUtf8(std::string_view bytes, std::string_view content_type_header) {
  return Decode(bytes, content_type_header, true);
}

Decoded DecodeToUtf8NoCopy(std::string_view bytes, std::string_view content_type_header) {
  return Decode(bytes, content_type_header, false);
}

}  // namespace nianbao::extractor
