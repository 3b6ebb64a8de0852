// TRS WCM lists (the most common CMS on provincial sites, e.g. wjw.guizhou.gov.cn/zwgk/zfxxgk/
// zfxxgknb/): a list is index.html, index_1.html … index_{N-1}.html in one directory, and the
// pager is written by a script, so the further pages have no <a> in the markup:
//   createPageHTML(7, 0, "index", "html");                       (classic)
//   createPageHTML('page_div', 7, 0, 'index', 'shtml', 105);     (newer: element id, …, rows)
//   var countPage = 7//共多少页   var currentPage = 0;             (document.write pagers)
// Every page of the list is emitted as kPagination, index.html included (a crawl that starts on
// index_3.html still finds page 0).
#include <string>
#include <vector>

#include "discover_adapter.h"
#include "discover_scan.h"
#include "url_internal.h"

namespace nianbao::crawler::internal {
namespace {

// A list of more pages than this is a trap or a typo; real TRS columns stay under a few hundred.
constexpr long long kMaxPages = 1000;

bool DetectTrs(const Page& page) {
  return ContainsByRareByte(page.body_utf8, "createPageHTML", 10) ||   // 'H'
         ContainsByRareByte(page.body_utf8, "countPage", 5);              // 'P'
}

void EmitPages(long long total, std::string_view prefix, std::string_view ext, LinkSink* sink) {
  if (prefix.empty() || prefix.size() > 64 || ext.empty() || ext.size() > 8) return;
  for (long long i = 0; i < std::min(total, kMaxPages); ++i) {
    std::string ref(prefix);
    if (i > 0) ref += "_" + std::to_string(i);
    ref += ".";
    ref += ext;
    sink->Add(ref, "", LinkKind::kPagination);
  }
}

// The arguments of one createPageHTML( … ) call: integers and string literals, in order.
void CreatePageHtml(std::string_view js, size_t p, LinkSink* sink) {
  std::vector<long long> ints;
  std::vector<std::string> strings;
  for (int args = 0; p < js.size() && args < 8; ++args) {
    while (p < js.size() && (js[p] == ' ' || js[p] == '\t' || js[p] == '\n' || js[p] == '\r')) ++p;
    if (p >= js.size()) return;
    std::string s;
    long long n = 0;
    if (ReadJsString(js, &p, &s)) {
      strings.push_back(std::move(s));
    } else if (ParseInt(js.substr(p, 13), &n)) {
      ints.push_back(n);
      while (p < js.size() && IsAsciiDigit(js[p])) ++p;
    } else {
      return;  // a variable: the call is computed, not literal
    }
    while (p < js.size() && (js[p] == ' ' || js[p] == '\t')) ++p;
    if (p < js.size() && js[p] == ')') break;
    if (p >= js.size() || js[p] != ',') return;
    ++p;
  }
  if (ints.empty() || strings.size() < 2) return;
  EmitPages(ints[0], strings[strings.size() - 2], strings.back(), sink);
}

// The page's own extension ("shtml" on index_2.shtml), "html" when it has none.
std::string OwnExtension(std::string_view url) {
  url = url.substr(0, url.find('?'));
  const size_t slash = url.rfind('/');
  const size_t dot = url.rfind('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return "html";
  return std::string(url.substr(dot + 1));
}

void DiscoverTrs(const Page& page, LinkSink* sink) {
  const std::string_view body = page.body_utf8;
  constexpr std::string_view kCall = "createPageHTML";
  for (size_t at = body.find(kCall); at != std::string_view::npos; at = body.find(kCall, at + 1)) {
    size_t p = at + kCall.size();
    while (p < body.size() && body[p] == ' ') ++p;
    if (p >= body.size() || body[p] != '(') continue;
    const std::string_view before = body.substr(at >= 16 ? at - 16 : 0, at >= 16 ? 16 : at);
    if (before.find("function") != std::string_view::npos) continue;  // the definition
    CreatePageHtml(body, p + 1, sink);
  }
  std::string count;
  long long total = 0;
  if (FindParam(body, "countPage", &count) && ParseInt(count, &total)) {
    std::string prefix = "index";
    FindParam(body, "pagePrefix", &prefix);
    EmitPages(total, prefix, OwnExtension(page.url), sink);
  }
}

}  // namespace

const Adapter kTrsAdapter = {"trs", DetectTrs, DiscoverTrs};

}  // namespace nianbao::crawler::internal
