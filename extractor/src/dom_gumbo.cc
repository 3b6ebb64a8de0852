// Gumbo behind the dom.h interface.
#include <gumbo.h>

#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <unordered_map>
#include <vector>

#include "dom.h"
#include "nianbao/common/text.h"

namespace nianbao::extractor::dom {

const std::string* Node::Attr(std::string_view name) const {
  for (const auto& [k, v] : attrs)
    if (k == name) return &v;
  return nullptr;
}

namespace {

// Elements that the HTML5 tree builder closes implicitly (<p><p>, <li><li>, <td><td>) or that
// never have children: counting them as "opened" would overstate the depth of ordinary pages.
bool NotNesting(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "p", "li", "td", "th", "tr", "option", "dt", "dd", "br", "img", "hr", "input", "meta",
      "link", "area", "base", "col", "embed", "param", "source", "track", "wbr", "!--", "!doctype"};
  for (auto n : kNames)
    if (name == n) return true;
  return false;
}

// Returns html with start tags beyond max_depth removed, or an empty string when the page is
// already shallow enough (the common case: no copy). A tag-level scan, not a parser: it only has
// to bound the depth Gumbo will build, not to be exact.
std::string FlattenDeepNesting(std::string_view html, int max_depth) {
  int depth = 0;
  bool too_deep = false;
  std::string out;
  size_t copied = 0;
  for (size_t i = 0; i + 1 < html.size(); ++i) {
    if (html[i] != '<') continue;
    bool closing = html[i + 1] == '/';
    size_t n = i + 1 + (closing ? 1 : 0);
    size_t name_start = n;
    while (n < html.size() && n - name_start < 16 &&
           (std::isalnum(static_cast<unsigned char>(html[n])) || html[n] == '!' || html[n] == '-'))
      ++n;
    if (n == name_start) continue;
    std::string name(html.substr(name_start, n - name_start));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (NotNesting(name) || name == "script" || name == "style") continue;
    size_t gt = html.find('>', n);
    if (gt == std::string_view::npos) break;
    if (closing) {
      if (depth > 0) --depth;
      continue;
    }
    // "<div/>" is an open <div> in HTML (void elements were skipped above, and PrepareForGumbo
    // leaves no SVG or MathML, where "/>" would close): it counts.
    if (depth < max_depth) {
      ++depth;
      continue;
    }
    too_deep = true;   // drop this start tag: its text stays, its nesting goes
    out.append(html.substr(copied, i - copied));
    copied = gt + 1;
    i = gt;
  }
  if (!too_deep) return {};
  out.append(html.substr(copied));
  return out;
}

// --- What Gumbo is given ----------------------------------------------------------------------
//
// Two rewrites before Gumbo sees a page:
// - SVG and MathML become empty ordinary elements (<svg …>…</svg> → <nb-svg …></nb-svg>, mapped
//   back to "svg" in the tree). Debian's Gumbo 0.10.1 aborts the process on assertions in its
//   foreign-content code (`<table><svg><select><title><select><td>` is enough), and a page that
//   kills the crawler would kill it again on every resume. The extractor skips SVG anyway;
//   MathML's text (formulas) is lost. Without its end tag an element keeps its contents, parsed
//   as HTML under the renamed element.
// - The contents of <script> and <style> are cut out: Gumbo turns each of their characters into
//   a token of its own (the bench web's 30 KB pages carry 12 KB of them; real CMS pages as
//   much), and Convert drops those elements' contents anyway. Whether "<style>" starts raw text
//   depends on the tree builder (it is ignored inside <select> and <frameset>), so the scan
//   follows the tokenizer (comments, tags with quoted attributes, the RCDATA and raw-text
//   elements) only where the tree builder cannot change it, and stops cutting at the first
//   construct where it could: <frameset>, <plaintext>, a <select> holding anything but options,
//   a script that may escape past its first "</script", an unterminated comment or tag.
// dom_test.cc checks the result against Gumbo's own tree on random tag soup.

constexpr std::string_view kForeignPrefix = "nb-";

bool IsTagSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

// The end of the tag whose name ends at i (the index after its '>'), or npos.
size_t EndOfTag(std::string_view html, size_t i) {
  while (i < html.size()) {
    char c = html[i];
    if (c == '>') return i + 1;
    if (IsTagSpace(c) || c == '/') {
      ++i;
      continue;
    }
    // An attribute name (its first character may be '='), then perhaps "= value".
    ++i;
    while (i < html.size() && !IsTagSpace(html[i]) && html[i] != '/' && html[i] != '>' && html[i] != '=') ++i;
    while (i < html.size() && IsTagSpace(html[i])) ++i;
    if (i >= html.size() || html[i] != '=') continue;
    ++i;
    while (i < html.size() && IsTagSpace(html[i])) ++i;
    if (i < html.size() && (html[i] == '"' || html[i] == '\'')) {
      size_t close = html.find(html[i], i + 1);
      if (close == std::string_view::npos) return std::string_view::npos;
      i = close + 1;
    } else {
      while (i < html.size() && !IsTagSpace(html[i]) && html[i] != '>') ++i;
    }
  }
  return std::string_view::npos;
}

// Where "<name" (or "</name" when end_tag) followed by white space, '/' or '>' first occurs in
// html from `from` on, any case; npos if nowhere.
size_t FindTag(std::string_view html, size_t from, std::string_view name, bool end_tag) {
  const std::string_view open = end_tag ? "</" : "<";
  for (size_t at = html.find(open, from); at != std::string_view::npos; at = html.find(open, at + 1)) {
    size_t after = at + open.size() + name.size();
    if (after < html.size() && EqualsIgnoreCase(html.substr(at + open.size(), name.size()), name) &&
        (IsTagSpace(html[after]) || html[after] == '/' || html[after] == '>'))
      return at;
  }
  return std::string_view::npos;
}

// Just past the end of the comment whose text starts at `from` ("-->" or "--!>"), or npos.
// One forward pass: a page of many comments costs no more than one long one.
size_t CommentEnd(std::string_view html, size_t from) {
  for (size_t at = html.find("--", from); at != std::string_view::npos; at = html.find("--", at + 1)) {
    if (html.compare(at + 2, 1, ">") == 0) return at + 3;
    if (html.compare(at + 2, 2, "!>") == 0) return at + 4;
  }
  return std::string_view::npos;
}

// Where the element `name` whose start tag ends at `from` ends: the '<' of the "</name" that
// closes it, counting nested ones (an <svg> in an <svg>), or npos.
size_t MatchingEndTag(std::string_view html, size_t from, std::string_view name) {
  int depth = 1;
  size_t next_open = FindTag(html, from, name, false);
  for (size_t at = FindTag(html, from, name, true); at != std::string_view::npos;
       at = FindTag(html, at + 2, name, true)) {
    while (next_open < at) {
      ++depth;
      next_open = FindTag(html, next_open + 1, name, false);
    }
    if (--depth == 0) return at;
  }
  return std::string_view::npos;
}

// html rewritten as above, or an empty string when nothing changed (no copy).
std::string PrepareForGumbo(std::string_view html) {
  static constexpr std::string_view kRawText[] = {"script", "style", "title", "textarea", "xmp",
                                                  "iframe", "noembed", "noframes"};
  static constexpr std::string_view kStop[] = {"frameset", "plaintext"};
  static constexpr std::string_view kInSelect[] = {"option", "optgroup", "hr"};
  auto one_of = [](std::string_view name, auto& list) {
    for (std::string_view k : list)
      if (EqualsIgnoreCase(name, k)) return k;
    return std::string_view();
  };
  std::string out;
  size_t copied = 0;
  bool changed = false;
  bool cutting = true;   // false once the scan can no longer tell where raw text ends
  bool in_select = false;
  size_t i = 0;
  // Renames a foreign element's tag whose name starts at name_at.
  auto rename = [&](size_t name_at) {
    out.append(html.substr(copied, name_at - copied));
    out.append(kForeignPrefix);
    copied = name_at;
    changed = true;
  };
  while ((i = html.find('<', i)) != std::string_view::npos) {
    if (!cutting) {
      // Past the point where raw text can be told apart: every "<svg"/"</svg"/"<math" is
      // renamed wherever it stands (in a script's text it is dropped anyway).
      size_t name_at = i + (html.compare(i, 2, "</") == 0 ? 2 : 1);
      size_t n = name_at;
      while (n < html.size() && IsAsciiAlpha(html[n])) ++n;
      std::string_view name = html.substr(name_at, n - name_at);
      if ((EqualsIgnoreCase(name, "svg") || EqualsIgnoreCase(name, "math")) &&
          (n == html.size() || IsTagSpace(html[n]) || html[n] == '/' || html[n] == '>'))
        rename(name_at);
      i = n > name_at ? n : i + 1;
      continue;
    }
    if (html.compare(i, 4, "<!--") == 0) {
      if (html.compare(i + 4, 1, ">") == 0) { i += 5; continue; }    // "<!-->"
      if (html.compare(i + 4, 2, "->") == 0) { i += 6; continue; }   // "<!--->"
      i = CommentEnd(html, i + 4);
      if (i == std::string_view::npos) break;
      continue;
    }
    const bool end_tag = html.compare(i, 2, "</") == 0;
    const size_t name_at = i + (end_tag ? 2 : 1);
    if (name_at < html.size() && (html[name_at] == '!' || html[name_at] == '?' || (end_tag && !IsAsciiAlpha(html[name_at])))) {
      size_t gt = html.find('>', name_at);   // <!DOCTYPE …>, a bogus comment, "</>"
      if (gt == std::string_view::npos) break;
      i = gt + 1;
      continue;
    }
    if (name_at >= html.size() || !IsAsciiAlpha(html[name_at])) {   // a '<' in the text
      ++i;
      continue;
    }
    size_t n = name_at;
    while (n < html.size() && !IsTagSpace(html[n]) && html[n] != '/' && html[n] != '>') ++n;
    const std::string_view name = html.substr(name_at, n - name_at);
    const bool foreign = EqualsIgnoreCase(name, "svg") || EqualsIgnoreCase(name, "math");
    const size_t after = EndOfTag(html, n);   // "<script/>" is still a script in HTML
    if (after == std::string_view::npos) break;
    if (foreign && !end_tag && !in_select) {
      if (html[after - 2] == '/') {   // "<svg/>": an empty element, dropped (renamed, it would stay open)
        out.append(html.substr(copied, i - copied));
        copied = after;
        changed = true;
        i = after;
        continue;
      }
      // Its contents are dropped with it: renamed to HTML, "<path/>" would nest and a
      // "<script/>" or "<title/>" would swallow the page after it. An SVG or MathML element
      // without its end tag keeps its contents, parsed as HTML.
      rename(name_at);
      if (size_t close = MatchingEndTag(html, after, name); close != std::string_view::npos) {
        out.append(html.substr(copied, after - copied));
        copied = close;
        i = close;
        continue;
      }
    } else if (foreign) {
      rename(name_at);
    }
    if (in_select) {   // only options keep the tree builder in its select mode
      if (end_tag && EqualsIgnoreCase(name, "select")) {
        in_select = false;
      } else if (one_of(name, kInSelect).empty()) {
        cutting = false;
      }
      i = after;
      continue;
    }
    if (end_tag) {
      i = after;
      continue;
    }
    if (!one_of(name, kStop).empty()) {
      cutting = false;
      i = after;
      continue;
    }
    in_select = EqualsIgnoreCase(name, "select");
    const std::string_view kind = one_of(name, kRawText);
    if (kind.empty()) {
      i = after;
      continue;
    }
    size_t end = FindTag(html, after, kind, true);
    if (end == std::string_view::npos) break;
    if (kind == "script") {
      // "<!--" then "<script" inside a script's text enter HTML's double-escaped state, where
      // the first "</script" does not end the script.
      std::string_view text = html.substr(after, end - after);
      if (text.find("<!--") != std::string_view::npos && FindTag(text, 0, "script", false) != std::string_view::npos) {
        cutting = false;
        i = after;
        continue;
      }
    }
    if ((kind == "script" || kind == "style") && end > after) {
      out.append(html.substr(copied, after - copied));
      copied = end;
      changed = true;
    }
    i = EndOfTag(html, end + 2 + kind.size());   // an end tag may have "attributes" too
    if (i == std::string_view::npos) break;
  }
  if (!changed) return {};
  out.append(html.substr(copied));
  return out;
}

// Numeric character references beyond U+10FFFF rewritten as "&#xFFFD" (what HTML5 makes of them),
// or "" when there are none (the common case: no copy). Gumbo 0.10.1 sums their digits in a
// 32-bit int that wraps: "&#x10000E000;" comes out as U+E000, and "&#xFFFFFFFF" (-1, its
// "no character") swallows the character after it, so that "&#xFFFFFFFF<script>" is no tag.
// The value of the numeric character reference whose "&#" is at `at` (capped at 0x110000, past
// the last code point), with *end just past its digits; *end == 0 when no digit follows.
uint32_t NumericReference(std::string_view html, size_t at, size_t* end) {
  size_t p = at + 2;
  const bool hex = p < html.size() && (html[p] == 'x' || html[p] == 'X');
  if (hex) ++p;
  const size_t digits = p;
  uint32_t v = 0;
  for (; p < html.size(); ++p) {
    const char c = html[p];
    int d = -1;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
    if (d < 0) break;
    v = std::min<uint32_t>(0x110000, v * (hex ? 16 : 10) + static_cast<uint32_t>(d));
  }
  *end = p == digits ? 0 : p;
  return v;
}

std::string FixHugeReferences(std::string_view html) {
  std::string out;
  size_t copied = 0;
  for (size_t at = html.find("&#"); at != std::string_view::npos; at = html.find("&#", at + 2)) {
    size_t end = 0;
    if (NumericReference(html, at, &end) <= 0x10FFFF || end == 0) continue;
    out.append(html.substr(copied, at - copied)).append("&#xFFFD");
    copied = end;   // a ';' after the digits stays
  }
  if (copied == 0) return {};
  out.append(html.substr(copied));
  return out;
}

// Gumbo spends a token, an iterator step and a string-buffer append on every character, and
// the text of a Chinese page is nearly all characters outside ASCII (200 of the pages a 300-host
// bench crawl checks for a report: dom::Parse 0.41-0.43 -> 0.31-0.32 ms a page). So before parsing,
// every run of non-ASCII characters becomes one character of the Private Use Area (the n-th
// distinct run: U+E000 + n), and the texts, names and values Gumbo hands back get their runs
// again. The tree is the same: HTML5's tokenizer and tree builder treat every non-ASCII
// character alike (never white space, markup or part of a character reference's name), and one
// such character stands where many stood (a text node is one node however long; "in table
// text" and the other modes ask only whether a non-space character came). Equal runs fold to
// equal characters, so attribute and tag names compare as before. A run is folded only where
// Gumbo keeps its characters as they are: valid UTF-8 without the code points it replaces with
// U+FFFD (C1 controls, noncharacters). A page that may give Gumbo a private-use character of
// its own is not folded at all: a byte EE, or EF before A3 or less, anywhere (valid or not), or
// a numeric character reference to U+E000-U+F8FF.
class Folding {
 public:
  // html folded, or "" when nothing was folded (Unfold then returns its input). The runs are
  // views into html, which must outlive this object's use.
  std::string Fold(std::string_view html) {
    if (MayHoldPrivateUse(html) || HasPrivateUseReference(html)) return {};
    std::unordered_map<std::string_view, uint32_t> index;
    std::string out;
    size_t copied = 0;
    const size_t n = html.size();
    for (size_t i = 0; i < n;) {
      i = SkipAscii(html, i);
      if (i >= n) break;
      size_t j = i;
      while (j < n && static_cast<unsigned char>(html[j]) >= 0x80) ++j;
      const std::string_view run = html.substr(i, j - i);
      // One character gains nothing (three bytes for three).
      if (run.size() > 4 && Foldable(run)) {
        const auto [it, added] = index.emplace(run, static_cast<uint32_t>(runs_.size()));
        if (added && runs_.size() == kMaxRuns) {
          index.erase(it);   // out of characters: the rest stays as it is
        } else {
          if (added) runs_.push_back(run);
          if (out.empty()) out.reserve(n);
          out.append(html.substr(copied, i - copied));
          AppendUtf8(static_cast<char32_t>(kFirst + it->second), &out);
          copied = j;
        }
      }
      i = j;
    }
    if (copied == 0) {
      runs_.clear();
      return {};
    }
    out.append(html.substr(copied));
    return out;
  }

  std::string Unfold(std::string_view s) const {
    std::string out;
    size_t copied = 0;
    for (size_t i = 0; i + 2 < s.size(); ++i) {
      const auto b0 = static_cast<unsigned char>(s[i]);
      if (b0 != 0xEE && b0 != 0xEF) continue;
      const auto b1 = static_cast<unsigned char>(s[i + 1]), b2 = static_cast<unsigned char>(s[i + 2]);
      const uint32_t cp = (static_cast<uint32_t>(b0 & 0x0F) << 12) | (static_cast<uint32_t>(b1 & 0x3F) << 6) | (b2 & 0x3F);
      if ((b1 & 0xC0) != 0x80 || (b2 & 0xC0) != 0x80 || cp < kFirst || cp - kFirst >= runs_.size()) continue;
      out.append(s.substr(copied, i - copied));
      out.append(runs_[cp - kFirst]);
      i += 2;
      copied = i + 1;
    }
    if (copied == 0) return std::string(s);
    out.append(s.substr(copied));
    return out;
  }

 private:
  static constexpr uint32_t kFirst = 0xE000;
  static constexpr size_t kMaxRuns = 0xF8FF - 0xE000 + 1;
  // Whether Gumbo keeps the run's characters as they are (private-use ones are ruled out for
  // the whole page before).
  static bool Foldable(std::string_view run) {
    if (!IsValidUtf8(run)) return false;   // Gumbo makes U+FFFD of the bad bytes
    // Valid UTF-8: a byte of C2 or EF and above can only be a lead byte. Chinese text (leads
    // E3-E9) needs no look further.
    const auto* p = reinterpret_cast<const unsigned char*>(run.data());
    for (size_t k = 0; k < run.size(); ++k) {
      const unsigned char b0 = p[k];
      if (b0 < 0xEF && b0 != 0xC2) continue;
      const unsigned char b1 = p[k + 1];
      if (b0 == 0xC2) {
        if (b1 <= 0x9F) return false;   // U+0080-U+009F
      } else if (b0 == 0xEF) {
        const unsigned char b2 = p[k + 2];
        if ((b1 == 0xB7 && b2 >= 0x90 && b2 <= 0xAF) || (b1 == 0xBF && b2 >= 0xBE))
          return false;   // U+FDD0-U+FDEF, U+FFFE, U+FFFF
      } else {
        size_t at = k;
        if ((DecodeUtf8(run, &at) & 0xFFFE) == 0xFFFE) return false;   // U+1FFFE, U+1FFFF, …
      }
    }
    return true;
  }

  // Whether the bytes may hold a private-use character (U+E000-U+F8FF is EE 80 80 - EF A3 BF),
  // whole or cut, valid UTF-8 around it or not.
  static bool MayHoldPrivateUse(std::string_view html) {
    const auto* p = reinterpret_cast<const unsigned char*>(html.data());
    const size_t n = html.size();
    if (std::memchr(p, 0xEE, n)) return true;
    for (size_t i = 0; i < n;) {
      const void* at = std::memchr(p + i, 0xEF, n - i);
      if (!at) break;
      i = static_cast<size_t>(static_cast<const unsigned char*>(at) - p) + 1;
      if (i >= n || p[i] <= 0xA3) return true;
    }
    return false;
  }

  // Whether a numeric character reference ("&#57344;", "&#xE000") gives a private-use character:
  // Gumbo would put it in a text that Unfold could not tell from a fold. (References beyond
  // U+10FFFF, which Gumbo's wrapping sum could make one, are gone: FixHugeReferences.)
  static bool HasPrivateUseReference(std::string_view html) {
    for (size_t at = html.find("&#"); at != std::string_view::npos; at = html.find("&#", at + 2)) {
      size_t end = 0;
      const uint32_t v = NumericReference(html, at, &end);
      if (end != 0 && v >= 0xE000 && v <= 0xF8FF) return true;
    }
    return false;
  }

  std::vector<std::string_view> runs_;
};

bool DropsContent(GumboTag tag) {
  return tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_TEMPLATE ||
         tag == GUMBO_TAG_NOSCRIPT;
}

std::string TagName(const GumboElement& e, const Folding& folding) {
  if (e.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(e.tag);
  GumboStringPiece piece = e.original_tag;
  gumbo_tag_from_original_text(&piece);
  std::string name(piece.data ? piece.data : "", piece.data ? piece.length : 0);
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (name == "nb-svg" || name == "nb-math") name.erase(0, kForeignPrefix.size());   // see PrepareForGumbo
  return folding.Unfold(name);
}

void Convert(const GumboNode* root, const Folding& folding, Tree* tree) {
  // Explicit stack: the tree is bounded in depth by FlattenDeepNesting, but recursion here would
  // still cost a stack frame per level on every worker thread.
  struct Item { const GumboNode* node; int parent; };
  std::vector<Item> stack{{root, -1}};
  while (!stack.empty()) {
    Item item = stack.back();
    stack.pop_back();
    const GumboNode* g = item.node;
    Node n;
    n.parent = item.parent;
    const GumboVector* kids = nullptr;
    if (g->type == GUMBO_NODE_ELEMENT || g->type == GUMBO_NODE_TEMPLATE) {
      const GumboElement& e = g->v.element;
      n.tag = TagName(e, folding);
      for (unsigned i = 0; i < e.attributes.length; ++i) {
        auto* a = static_cast<const GumboAttribute*>(e.attributes.data[i]);
        std::string name = a->name;
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        n.attrs.emplace_back(folding.Unfold(name), folding.Unfold(a->value));
      }
      if (!DropsContent(e.tag)) kids = &e.children;
    } else if (g->type == GUMBO_NODE_TEXT || g->type == GUMBO_NODE_WHITESPACE ||
               g->type == GUMBO_NODE_CDATA) {
      n.is_text = true;
      n.text = folding.Unfold(g->v.text.text);
    } else {
      continue;   // comments, the document node's siblings
    }
    int index = static_cast<int>(tree->nodes.size());
    if (item.parent >= 0) tree->nodes[item.parent].children.push_back(index);
    tree->nodes.push_back(std::move(n));
    if (kids)   // pushed in reverse so they are numbered in document order
      for (unsigned i = kids->length; i-- > 0;)
        stack.push_back({static_cast<const GumboNode*>(kids->data[i]), index});
  }
}

}  // namespace


namespace {

// Every block Gumbo allocates for one parse, in a list, so that what it forgets to free goes
// too: Gumbo 0.10.1 loses a few bytes on many malformed pages (the strings of tokens its tree
// builder ignores, e.g. a <!doctype> in the body), which adds up in a daemon that parses pages
// for weeks. A 16-byte header per block keeps malloc's alignment.
class GumboAllocations {
 public:
  GumboAllocations() {
    options_ = kGumboDefaultOptions;
    options_.allocator = &Allocate;
    options_.deallocator = &Deallocate;
    options_.userdata = this;
  }
  ~GumboAllocations() {
    for (Block* b = head_.next; b != &head_;) {
      Block* next = b->next;
      std::free(b);
      b = next;
    }
  }
  GumboAllocations(const GumboAllocations&) = delete;
  GumboAllocations& operator=(const GumboAllocations&) = delete;
  const GumboOptions* options() const { return &options_; }

 private:
  struct alignas(16) Block {
    Block* prev;
    Block* next;
  };
  static void* Allocate(void* userdata, size_t size) {
    auto* self = static_cast<GumboAllocations*>(userdata);
    auto* b = static_cast<Block*>(std::malloc(sizeof(Block) + size));
    if (!b) std::abort();   // Gumbo does not check; neither would its default malloc path
    b->prev = &self->head_;
    b->next = self->head_.next;
    self->head_.next->prev = b;
    self->head_.next = b;
    return b + 1;
  }
  static void Deallocate(void*, void* p) {
    if (!p) return;
    Block* b = static_cast<Block*>(p) - 1;
    b->prev->next = b->next;
    b->next->prev = b->prev;
    std::free(b);
  }

  GumboOptions options_;
  Block head_{&head_, &head_};
};

Tree ParseWith(std::string_view html, bool fold) {
  std::string flattened = FlattenDeepNesting(html, kMaxDepth);
  if (!flattened.empty()) html = flattened;
  Folding folding;
  std::string folded = fold ? folding.Fold(html) : std::string();
  if (!folded.empty()) html = folded;
  Tree tree;
  GumboAllocations allocations;
  GumboOutput* out = gumbo_parse_with_options(allocations.options(), html.data(), html.size());
  if (out && out->root) Convert(out->root, folding, &tree);
  if (out) gumbo_destroy_output(allocations.options(), out);
  return tree;
}

}  // namespace

Tree Parse(std::string_view html) {
  std::string fixed = FixHugeReferences(html);
  if (!fixed.empty()) html = fixed;
  std::string stripped = PrepareForGumbo(html);
  if (!stripped.empty()) html = stripped;
  return ParseWith(html, true);
}

Tree ParseAsIs(std::string_view html) {
  std::string fixed = FixHugeReferences(html);
  if (!fixed.empty()) html = fixed;
  return ParseWith(html, false);
}

void ParseOnlyForBenchmark(std::string_view html) {
  GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  if (out) gumbo_destroy_output(&kGumboDefaultOptions, out);
}

}  // namespace nianbao::extractor::dom
