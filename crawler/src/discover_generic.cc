// The generic adapter: links any HTML page carries — <a>/<area> hrefs with their anchor text,
// <frame>/<iframe> src, <base href>, <title>, meta refresh, and script navigation
// (location.href = "…", location.replace("…"), onclick="window.open('…')").
#include <cstring>

#include "discover_adapter.h"
#include "discover_scan.h"
#include "nianbao/crawler/url.h"
#include "url_internal.h"

namespace nianbao::crawler::internal {
namespace {

// Anchor text beyond this is not collected: the sink keeps 200 bytes anyway.
constexpr size_t kMaxRawAnchor = 1024;

bool LooksLikeJson(const Page& page) {
  if (page.content_type.find("json") != std::string::npos) return true;
  for (char c : page.body_utf8.substr(0, 64)) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    return c == '{' || c == '[';
  }
  return false;
}

bool DetectGeneric(const Page& page) { return !LooksLikeJson(page); }

// <meta http-equiv="refresh" content="0; url=/zwgk/">: the URL after "url=" (or after the
// delay alone, "0;/zwgk/", which browsers also follow).
void MetaRefresh(std::string_view content, LinkSink* sink) {
  const size_t sep = content.find_first_of(";,");
  if (sep == std::string_view::npos) return;
  std::string_view rest = content.substr(sep + 1);
  while (!rest.empty() && (rest[0] == ' ' || rest[0] == '\t')) rest.remove_prefix(1);
  if (StartsWithIgnoreCase(rest, "url")) {
    size_t p = 3;
    while (p < rest.size() && rest[p] == ' ') ++p;
    if (p < rest.size() && rest[p] == '=') rest.remove_prefix(p + 1);
  }
  while (!rest.empty() && (rest[0] == ' ' || rest[0] == '\'' || rest[0] == '"')) rest.remove_prefix(1);
  while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\'' || rest.back() == '"')) rest.remove_suffix(1);
  if (!rest.empty()) sink->Add(DecodeEntities(rest), "", LinkKind::kRedirect);
}

struct OpenAnchor {
  bool open = false;
  std::string_view href;   // views into the page: it outlives the scan
  std::string_view title;  // title attribute: lists often truncate the text ("…") and keep it whole here
  std::string raw_text;
};

void CloseAnchor(OpenAnchor* a, LinkSink* sink) {
  if (!a->open) return;
  const bool entities = a->href.find('&') != std::string_view::npos;
  const std::string decoded = entities ? DecodeEntities(a->href) : std::string();
  const std::string_view ref = entities ? std::string_view(decoded) : a->href;
  a->open = false;
  if (sink->Known(ref)) {   // a repeat of what the caller has: its words do not matter
    a->raw_text.clear();
    return;
  }
  std::string text;
  AppendTidyText(a->raw_text, &text);
  const bool truncated = text.empty() || text.find("...") != std::string::npos ||
                         text.find("\xE2\x80\xA6") != std::string::npos;  // …
  if (truncated && !a->title.empty()) {
    text.clear();
    AppendTidyText(a->title, &text);
  }
  sink->Add(ref, text, LinkKind::kPage);
  a->raw_text.clear();
}

// Tags that separate words in rendered text (inline ones like <b>, <span>, <font> do not).
bool BreaksText(const HtmlTag& tag) {
  for (std::string_view n : {"br", "p", "div", "li", "td", "th", "tr", "h1", "h2", "h3", "h4", "dd", "dt"})
    if (tag.Is(n)) return true;
  return false;
}

void ScanAttributesForScript(const HtmlTag& tag, LinkSink* sink) {
  for (int i = 0; i < tag.attr_count; ++i) {
    const HtmlAttr& at = tag.attrs[i];
    if (at.name.size() > 2 && StartsWithIgnoreCase(at.name, "on") && at.value.size() > 8)
      ScanScriptNavigation(DecodeEntities(at.value), sink);
  }
}

}  // namespace

void ScanHtml(std::string_view html, bool document, LinkSink* sink) {
  TagScanner scanner(html);
  HtmlTag tag;
  OpenAnchor anchor;
  bool base_seen = false;
  size_t text_from = 0;
  while (scanner.Next(&tag)) {
    if (anchor.open && anchor.raw_text.size() < kMaxRawAnchor)
      anchor.raw_text.append(html.substr(text_from, std::min(tag.begin - text_from, kMaxRawAnchor)));
    text_from = tag.end;
    if (tag.attr_count > 0) ScanAttributesForScript(tag, sink);
    if (anchor.open && BreaksText(tag) && anchor.raw_text.size() < kMaxRawAnchor) anchor.raw_text.push_back(' ');
    if (tag.end_tag) {
      if (tag.Is("a")) CloseAnchor(&anchor, sink);
      continue;
    }
    switch (internal::LowerAscii(tag.name.empty() ? ' ' : tag.name[0])) {
      case 'a':
        if (tag.Is("a")) {
          CloseAnchor(&anchor, sink);  // <a> does not nest: a new one closes the last
          const std::string_view href = tag.Attr("href");
          if (!href.empty()) anchor = {true, href, tag.Attr("title"), {}};
        } else if (tag.Is("area")) {
          std::string alt;
          AppendTidyText(tag.Attr("alt"), &alt);
          sink->Add(DecodeEntities(tag.Attr("href")), alt, LinkKind::kPage);
        }
        break;
      case 'b':
        if (document && !base_seen && tag.Is("base") && !tag.Attr("href").empty()) {
          base_seen = true;  // only the first <base href> counts (HTML5 4.2.3)
          if (auto b = ResolveUrl(sink->base(), DecodeEntities(tag.Attr("href")))) sink->set_base(*b);
        }
        break;
      case 'f':
      case 'i':
        if (tag.Is("frame") || tag.Is("iframe")) {
          const std::string_view src = tag.Attr("src");
          if (!src.empty()) sink->Add(DecodeEntities(src), "", LinkKind::kFrame);
        } else if (anchor.open && tag.Is("img")) {
          anchor.raw_text.append(tag.Attr("alt"));  // an image link's words are in its alt
        }
        break;
      case 'm':
        if (tag.Is("meta") && EqualsIgnoreCase(tag.Attr("http-equiv"), "refresh"))
          MetaRefresh(tag.Attr("content"), sink);
        break;
      case 's':
        if (tag.Is("script") && !tag.raw_text.empty()) ScanScriptNavigation(tag.raw_text, sink);
        break;
      case 't':
        if (document && tag.Is("title") && sink->title.empty()) {
          std::string title;
          AppendTidyText(tag.raw_text.substr(0, 4096), &title);
          sink->title = TrimAndCut(std::move(title), 1000);
        }
        break;
      default:
        break;
    }
  }
  if (anchor.open && anchor.raw_text.size() < kMaxRawAnchor)
    anchor.raw_text.append(html.substr(text_from, kMaxRawAnchor));
  CloseAnchor(&anchor, sink);
}

void ScanScriptNavigation(std::string_view js, LinkSink* sink) {
  auto skip_blanks = [&js](size_t p) {
    while (p < js.size() && (js[p] == ' ' || js[p] == '\t' || js[p] == '\r' || js[p] == '\n')) ++p;
    return p;
  };
  // A literal that is the whole value: "…" followed by '+' is a computed URL we cannot know.
  auto take_literal = [&](size_t p, LinkKind kind) {
    std::string url;
    if (!ReadJsString(js, &p, &url)) return;
    p = skip_blanks(p);
    if (p < js.size() && js[p] == '+') return;
    sink->Add(url, "", kind);
  };
  for (std::string_view word : {"location", "window.open"}) {
    for (size_t at = js.find(word); at != std::string_view::npos; at = js.find(word, at + 1)) {
      size_t p = at + word.size();
      if (word == "window.open") {
        p = skip_blanks(p);
        if (p < js.size() && js[p] == '(') take_literal(skip_blanks(p + 1), LinkKind::kPage);
        continue;
      }
      if (js.substr(p, 5) == ".href") p += 5;
      p = skip_blanks(p);
      if (js.substr(p, 8) == ".replace" || js.substr(p, 7) == ".assign") {
        p = skip_blanks(p + (js[p + 1] == 'r' ? 8 : 7));
        if (p < js.size() && js[p] == '(') take_literal(skip_blanks(p + 1), LinkKind::kRedirect);
      } else if (p + 1 < js.size() && js[p] == '=' && js[p + 1] != '=') {
        take_literal(skip_blanks(p + 1), LinkKind::kRedirect);
      }
    }
  }
}

const Adapter kGenericAdapter = {"generic", DetectGeneric,
                                 [](const Page& page, LinkSink* sink) { ScanHtml(page.body_utf8, true, sink); }};

}  // namespace nianbao::crawler::internal
