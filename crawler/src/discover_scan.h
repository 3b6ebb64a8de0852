// A streaming HTML tag scanner for link discovery: it finds tags and their attributes in one
// pass over the bytes, without building a tree (Gumbo builds one at ~16 MB/s; this runs at
// several hundred MB/s). It follows the HTML5 tokenizer where that matters for links: quoted,
// single-quoted and unquoted attribute values, comments, bogus comments (<!…>, <?…>), and raw
// text elements (script, style, title, textarea, xmp) whose content is handed over whole and
// never scanned for tags. It is total: malformed markup yields fewer tags, never an error.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace nianbao::crawler::internal {

struct HtmlAttr {
  std::string_view name;   // as written
  std::string_view value;  // raw: entities not decoded
};

struct HtmlTag {
  // The first kMaxAttrs attributes are kept (more are skipped): link tags have two or three.
  static constexpr int kMaxAttrs = 24;
  std::string_view name;      // as written; compare with Is()
  bool end_tag = false;
  size_t begin = 0, end = 0;  // offset of '<' and one past '>' in the scanned text
  std::string_view raw_text;  // content of a raw text element (script, style, title, …)
  int attr_count = 0;
  std::array<HtmlAttr, kMaxAttrs> attrs;

  bool Is(std::string_view lower_name) const;       // ASCII case-insensitive
  std::string_view Attr(std::string_view lower_name) const;  // raw value, "" when absent
};

class TagScanner {
 public:
  explicit TagScanner(std::string_view html) : s_(html) {}
  // The next tag, or false at the end of the text.
  bool Next(HtmlTag* tag);

 private:
  void ParseAttributes(HtmlTag* tag);
  size_t FindEndTag(std::string_view name, size_t from, size_t* after) const;
  std::string_view s_;
  size_t p_ = 0;
};

// Decodes character references (&amp; &lt; &gt; &quot; &apos; &nbsp; &#N; &#xH; and a few
// more). Unknown or unterminated ones stay as written, as browsers keep "&copy=2" in hrefs.
std::string DecodeEntities(std::string_view s);
// Appends raw markup text to *out: entities decoded, runs of white space (incl. U+00A0, U+3000)
// folded to one space. Tags inside it are not removed: pass text between tags.
void AppendTidyText(std::string_view raw, std::string* out);
// Trims spaces and cuts s to at most max_bytes on a UTF-8 character boundary.
std::string TrimAndCut(std::string s, size_t max_bytes);
// Finds needle in haystack ignoring ASCII case, from offset from; npos when absent.
size_t FindIgnoreCase(std::string_view haystack, std::string_view needle, size_t from = 0);

}  // namespace nianbao::crawler::internal
