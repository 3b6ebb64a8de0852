#include "html_blocks.h"

#include <algorithm>
#include <string_view>

#include "grid.h"
#include "nianbao/common/text.h"
#include "text_util.h"

namespace nianbao::extractor {

namespace {

bool IsBlockTag(std::string_view t) {
  static constexpr std::string_view kTags[] = {
      "p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "tr", "td",
      "th", "table", "tbody", "thead", "tfoot", "caption", "h1", "h2", "h3", "h4", "h5", "h6",
      "blockquote", "pre", "center", "form", "header", "footer", "nav", "aside", "address",
      "figure", "figcaption", "hr", "body", "html", "fieldset", "legend", "details", "summary"};
  return std::find(std::begin(kTags), std::end(kTags), t) != std::end(kTags);
}

bool IsSkippedTag(std::string_view t) {
  static constexpr std::string_view kTags[] = {"head", "select", "option", "button", "input",
                                               "textarea", "svg", "map", "audio", "video", "canvas"};
  return std::find(std::begin(kTags), std::end(kTags), t) != std::end(kTags);
}

std::string ClassAndId(const dom::Node& n) {
  std::string s;
  if (auto* id = n.Attr("id")) s += *id;
  s += ' ';
  if (auto* cls = n.Attr("class")) s += *cls;
  return ToLowerAscii(s);
}

bool HasToken(std::string_view s, std::string_view token) {
  size_t pos = 0;
  while ((pos = s.find(token, pos)) != std::string_view::npos) {
    bool start_ok = pos == 0 || !std::isalnum(static_cast<unsigned char>(s[pos - 1]));
    size_t end = pos + token.size();
    bool end_ok = end == s.size() || !std::isalpha(static_cast<unsigned char>(s[end]));
    if (start_ok && end_ok) return true;
    pos = end;
  }
  return false;
}

// Containers government CMSs put the article body in (TRS WCM, Hanweb/大汉, UCAP, …). A hint
// only: the density score decides, these just tip close calls.
bool IsKnownBodyContainer(std::string_view ci) {
  return ContainsAny(ci, {"trs_editor", "trs_ueditor", "ucap-content", "ucapcontent", "article-content",
                          "article_content", "articlecontent", "artibody", "news_content",
                          "newscontent", "con_text", "pages_content", "xxgk_content", "detail-content",
                          "detail_content", "zwnr", "wzcon", "text_content", "bt_content"}) ||
         HasToken(ci, "zoom") || HasToken(ci, "fontzoom");
}

bool IsBoilerplateContainer(const dom::Node& n, std::string_view ci) {
  if (n.tag == "nav" || n.tag == "footer" || n.tag == "aside" || n.tag == "header") return true;
  if (ContainsAny(ci, {"footer", "sidebar", "breadcrumb", "crumb", "bdshare", "share", "copyright",
                       "comment", "related", "relate", "xgwz", "xglj", "xgxx", "navbar", "menu",
                       "toolbar", "friendlink", "yqlj", "banner", "login", "search", "weizhi",
                       "location", "pagination", "pager", "dayin"}))
    return true;
  for (std::string_view t : {"nav", "foot", "side", "ad", "ads", "dh", "top", "header", "head",
                             "bottom", "tools", "tool", "print", "fx", "gotop"})
    if (HasToken(ci, t)) return true;
  return false;
}

struct Stats {
  int tables = 0;   // <table> descendants
  int blocks = 0;   // block-level descendants and <br>
  size_t text = 0;  // text bytes below
};

class Linearizer {
 public:
  explicit Linearizer(const dom::Tree& tree) : t_(tree), stats_(tree.nodes.size()) {
    // Bottom-up in one reverse pass: nodes are stored in pre-order.
    for (size_t i = t_.nodes.size(); i-- > 0;) {
      const dom::Node& n = t_.nodes[i];
      Stats& s = stats_[i];
      if (n.is_text) s.text += n.text.size();
      if (n.parent < 0) continue;
      Stats& p = stats_[n.parent];
      p.tables += s.tables + (n.tag == "table");
      p.blocks += s.blocks + (IsBlockTag(n.tag) || n.tag == "br");
      p.text += s.text;
    }
  }

  HtmlPage Run() {
    if (t_.nodes.empty()) return std::move(page_);
    FindHead();
    // Explicit stack (enter/exit events): pages can be deep, worker stacks small.
    struct Item { int node; bool exit; };
    std::vector<Item> stack{{0, false}};
    while (!stack.empty()) {
      Item it = stack.back();
      stack.pop_back();
      const dom::Node& n = t_.nodes[it.node];
      if (it.exit) { Exit(n); continue; }
      if (n.is_text) { Text(n.text); continue; }
      if (IsSkippedTag(n.tag)) continue;
      if (!Enter(it.node)) continue;
      stack.push_back({it.node, true});
      for (size_t k = n.children.size(); k-- > 0;) stack.push_back({n.children[k], false});
    }
    Flush();
    return std::move(page_);
  }

 private:
  struct Context { int boosted = 0, boiler = 0, title = 0, heading = 0, link = 0; };

  void FindHead() {
    for (const dom::Node& n : t_.nodes) {
      if (n.tag == "title" && page_.title.empty()) {
        for (int c : n.children) AppendCollapsed(t_.nodes[c].text, &page_.title);
        page_.title = Trim(page_.title);
      } else if (n.tag == "base" && page_.base_href.empty()) {
        if (auto* h = n.Attr("href")) page_.base_href = *h;
      }
    }
  }

  // Returns false when the element's children are handled here (data tables) or skipped.
  bool Enter(int index) {
    const dom::Node& n = t_.nodes[index];
    const std::string& tag = n.tag;
    if (tag == "iframe" || tag == "embed" || tag == "object") {
      const std::string* src = n.Attr(tag == "object" ? "data" : "src");
      if (src && !src->empty()) page_.frames.push_back(*src);
      return false;
    }
    if (tag == "img") {
      const std::string* src = n.Attr("src");
      if (!src || src->empty()) src = n.Attr("data-src");
      if (src && !src->empty() && ctx_.link == 0) cur_.images.push_back(*src);
      return false;
    }
    if (tag == "br") { Flush(); return false; }
    std::string ci = (n.Attr("id") || n.Attr("class")) ? ClassAndId(n) : std::string();
    bool boosted = !ci.empty() && IsKnownBodyContainer(ci);
    // A "nav"/"header" name on a wrapper that holds most of the page's text is a CMS quirk
    // (class="has-header-ad page"), not a navigation box.
    bool boiler = IsBoilerplateContainer(n, ci) && stats_[index].text * 5 < stats_[0].text * 2;
    bool title = !ci.empty() && (HasToken(ci, "title") || HasToken(ci, "tit") || HasToken(ci, "bt") ||
                                 ContainsAny(ci, {"title"}));
    int heading = (tag.size() == 2 && tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6') ? tag[1] - '0' : 0;
    if (IsBlockTag(tag) || boosted || boiler || title) Flush();
    if (tag == "table" && IsDataTable(index)) {
      EmitTable(index, boosted || ctx_.boosted > 0, boiler || ctx_.boiler > 0);
      return false;
    }
    saved_.push_back(ctx_);
    ctx_.boosted += boosted;
    ctx_.boiler += boiler;
    ctx_.title += title;
    if (heading) ctx_.heading = heading;
    // An <a> holding a page's worth of text is an unclosed tag swallowing the rest of the page
    // (HTML5 parsing keeps it open), not a link.
    // <a name=…> anchors are not links.
    if (tag == "a" && stats_[index].text < 600 && n.Attr("href")) {
      ++ctx_.link;
      cur_.links.push_back({n.Attr("href") ? *n.Attr("href") : "", ""});
    }
    return true;
  }

  void Exit(const dom::Node& n) {
    if (IsBlockTag(n.tag) || ctx_.boosted != saved_.back().boosted ||
        ctx_.boiler != saved_.back().boiler || ctx_.title != saved_.back().title)
      Flush();
    if (n.tag == "a" && ctx_.link > saved_.back().link && !cur_.links.empty()) cur_.links.back().text = Trim(cur_.links.back().text);
    ctx_ = saved_.back();
    saved_.pop_back();
  }

  void Text(const std::string& text) {
    if (text.empty()) return;
    AppendCollapsed(text, &cur_.text);
    CharCounts c = CountChars(text);
    if (ctx_.link > 0) {
      cur_.link_chars += c.content;
      if (!cur_.links.empty()) AppendCollapsed(text, &cur_.links.back().text);
    } else {
      cur_.chars += c.content;
      cur_.punct += c.punct;
    }
  }

  void Flush() {
    cur_.text = Trim(cur_.text);
    if (!cur_.text.empty() || !cur_.images.empty()) {
      cur_.boosted = ctx_.boosted > 0;
      cur_.boilerplate = ctx_.boiler > 0;
      cur_.title_like = ctx_.title > 0;
      cur_.heading = ctx_.heading;
      page_.blocks.push_back(std::move(cur_));
    } else if (!cur_.links.empty() && ctx_.link > 0) {
      return;   // an <a> wrapping block content: keep collecting its link
    }
    cur_ = Block();
    if (ctx_.link > 0) cur_.links.push_back({"", ""});   // a link still open across the break
  }

  // A grid of data rather than page layout: no nested table, and no cell holding a page's worth
  // of paragraphs. Report tables from Word keep <p><span> inside cells, hence the allowance.
  bool IsDataTable(int index) const {
    if (stats_[index].tables > 0) return false;
    int cells = 0;
    bool ok = true;
    ForEachCell(index, [&](int, int cell) {
      ++cells;
      if (stats_[cell].blocks > 8 || stats_[cell].text > 1500) ok = false;
    });
    return ok && cells >= 2;
  }

  template <typename Fn>
  void ForEachCell(int table, Fn fn) const {
    // Rows may sit directly in <table> or in thead/tbody/tfoot; a data table has no nested table,
    // so every <tr> below belongs to it. Iterative, like everything that walks the tree.
    int row = -1;
    std::vector<int> stack{table};
    while (!stack.empty()) {
      int i = stack.back();
      stack.pop_back();
      const dom::Node& n = t_.nodes[i];
      if (n.tag == "tr") ++row;
      if (n.tag == "td" || n.tag == "th") { fn(row, i); continue; }
      for (size_t k = n.children.size(); k-- > 0;)
        if (!t_.nodes[n.children[k]].is_text) stack.push_back(n.children[k]);
    }
  }

  std::string CellText(int cell, int* link_chars) const {
    std::string out;
    std::vector<std::pair<int, int>> stack{{cell, 0}};   // (node, inside <a>)
    while (!stack.empty()) {
      auto [i, in_link] = stack.back();
      stack.pop_back();
      const dom::Node& n = t_.nodes[i];
      if (n.is_text) {
        AppendCollapsed(n.text, &out);
        if (in_link) *link_chars += CountChars(n.text).content;
        continue;
      }
      if (i != cell && (IsBlockTag(n.tag) || n.tag == "br")) AppendCollapsed(" ", &out);
      if (IsSkippedTag(n.tag)) continue;
      for (size_t k = n.children.size(); k-- > 0;) stack.push_back({n.children[k], in_link || n.tag == "a"});
    }
    return Trim(out);
  }

  static int SpanAttr(const dom::Node& n, const char* name) {
    const std::string* v = n.Attr(name);
    if (!v) return 1;
    int x = 0;
    for (char c : *v) {
      if (c < '0' || c > '9') break;
      x = std::min(x * 10 + (c - '0'), 100000);
    }
    return x > 0 ? x : 1;
  }

  void EmitTable(int index, bool boosted, bool boiler) {
    std::vector<std::vector<SpanCell>> rows;
    Block b;
    ForEachCell(index, [&](int row, int cell) {
      if (row < 0) row = 0;
      if (static_cast<int>(rows.size()) <= row) rows.resize(row + 1);
      const dom::Node& n = t_.nodes[cell];
      rows[row].push_back({CellText(cell, &b.link_chars), SpanAttr(n, "rowspan"), SpanAttr(n, "colspan")});
    });
    ExpandedTable expanded = ExpandSpans(rows);
    if (expanded.lines.empty()) return;
    for (const std::string& line : expanded.lines) {
      if (!b.text.empty()) b.text.push_back('\n');
      b.text += line;
    }
    CharCounts c = CountChars(b.text);
    b.chars = std::max(0, c.content - b.link_chars);
    b.punct = c.punct;
    b.table = static_cast<int>(page_.tables.size());
    b.boosted = boosted;
    b.boilerplate = boiler;
    page_.tables.push_back(std::move(expanded.grid));
    page_.blocks.push_back(std::move(b));
  }

  const dom::Tree& t_;
  std::vector<Stats> stats_;
  HtmlPage page_;
  Block cur_;
  Context ctx_;
  std::vector<Context> saved_;
};

}  // namespace

HtmlPage Linearize(const dom::Tree& tree) { return Linearizer(tree).Run(); }

}  // namespace nianbao::extractor
