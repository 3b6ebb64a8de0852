// A tiny read-only DOM: the only HTML tree the extractor's heuristics see. Gumbo fills it
// (dom_gumbo.cc) and no Gumbo type leaves that file, so the parser can be swapped (lexbor is
// Gumbo's maintained successor) without touching the heuristics.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nianbao::extractor::dom {

struct Node {
  bool is_text = false;
  std::string tag;    // lower-case element name ("div"); empty for text nodes
  std::string text;   // a text node's characters (UTF-8, entities decoded)
  std::vector<std::pair<std::string, std::string>> attrs;   // names lower-case
  int parent = -1;
  std::vector<int> children;

  // The attribute's value, or nullptr.
  const std::string* Attr(std::string_view name) const;
};

// Nodes are stored in document (pre-)order: a node's index is smaller than its descendants',
// so a reverse loop visits children before parents (used for bottom-up statistics).
struct Tree {
  std::vector<Node> nodes;   // nodes[0] is the <html> element when non-empty
};

// Parses any bytes as UTF-8 HTML. Total and bounded: nesting deeper than kMaxDepth is flattened
// before parsing (Gumbo frees its tree recursively, so a page of 100k nested <div>s would
// otherwise exhaust the stack), and the contents of script/style/template are dropped.
// Before parsing, SVG and MathML become plain elements (Debian's Gumbo aborts on some foreign
// content) and the contents of <script> and <style> are cut out wherever that cannot change the
// tree (Gumbo spends a token per character on them); see PrepareForGumbo. Runs of non-ASCII
// text reach Gumbo folded, one private-use character each, and come back whole (Folding).
// Numeric character references beyond U+10FFFF become U+FFFD, as HTML5 says (Gumbo's own
// arithmetic wraps; see FixHugeReferences).
constexpr int kMaxDepth = 400;
Tree Parse(std::string_view html);

// Parse without cutting script and style contents or folding text first: the reference Parse
// is tested against on pages without SVG or MathML.
Tree ParseAsIs(std::string_view html);

// Gumbo's bare parse (parse + free), for the benchmark's baseline.
void ParseOnlyForBenchmark(std::string_view html);

}  // namespace nianbao::extractor::dom
