// Gumbo behind the dom.h interface.
#include <gumbo.h>

#include <cctype>
#include <cstring>

#include "dom.h"

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
    if (html[gt - 1] == '/') continue;   // self-closing
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

bool DropsContent(GumboTag tag) {
  return tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_TEMPLATE ||
         tag == GUMBO_TAG_NOSCRIPT;
}

std::string TagName(const GumboElement& e) {
  if (e.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(e.tag);
  GumboStringPiece piece = e.original_tag;
  gumbo_tag_from_original_text(&piece);
  std::string name(piece.data ? piece.data : "", piece.data ? piece.length : 0);
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

void Convert(const GumboNode* root, Tree* tree) {
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
      n.tag = TagName(e);
      for (unsigned i = 0; i < e.attributes.length; ++i) {
        auto* a = static_cast<const GumboAttribute*>(e.attributes.data[i]);
        std::string name = a->name;
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        n.attrs.emplace_back(std::move(name), a->value);
      }
      if (!DropsContent(e.tag)) kids = &e.children;
    } else if (g->type == GUMBO_NODE_TEXT || g->type == GUMBO_NODE_WHITESPACE ||
               g->type == GUMBO_NODE_CDATA) {
      n.is_text = true;
      n.text = g->v.text.text;
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

Tree Parse(std::string_view html) {
  std::string flattened = FlattenDeepNesting(html, kMaxDepth);
  if (!flattened.empty()) html = flattened;
  Tree tree;
  GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  if (out && out->root) Convert(out->root, &tree);
  if (out) gumbo_destroy_output(&kGumboDefaultOptions, out);
  return tree;
}

void ParseOnlyForBenchmark(std::string_view html) {
  GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  if (out) gumbo_destroy_output(&kGumboDefaultOptions, out);
}

}  // namespace nianbao::extractor::dom
