// The Fujian government site cluster (福建省政府网站集约化平台: www.fujian.gov.cn and the
// provincial departments' sites). Column pages are empty shells; a script posts a JSON query to
// /fjdzapp/search and renders the reply. The shapes nianbao expects (no public spec exists; the
// test web serves exactly this, and a real site that differs needs only this file changed):
//
// In the list page's script:
//   var fjdzappSearch = { url: "/fjdzapp/search", siteid: "7", channelid: "229105",
//                         sortfield: "-docreltime", prepage: 20 };
// The request (kDataRequest):
//   POST /fjdzapp/search   Content-Type: application/json; charset=UTF-8
//   {"channelid":"229105","page":1,"prepage":20,"siteid":"7","sortfield":"-docreltime"}
// The reply:
//   {"total": 45, "page": 1, "prepage": 20,
//    "query": {…the request, echoed…},
//    "docs": [{"url": "/zwgk/zfxxgk/zfxxgknb/202301/t20230131_6100001.htm",
//              "title": "福建省卫生健康委员会2022年政府信息公开工作年度报告",
//              "chnldesc": "政府信息公开年报", "pubtime": "2023-01-31",
//              "fileurl": "/…/P020230131.pdf"}, …]}
// A reply to page 1 also emits the requests for pages 2 … ceil(total / prepage), built from the
// request body the page was fetched with (Page::request_body), else from the echoed "query".
#include <nlohmann/json.hpp>
#include <string>

#include "discover_adapter.h"
#include "discover_scan.h"

namespace nianbao::crawler::internal {
namespace {

using nlohmann::json;

constexpr std::string_view kEndpoint = "/fjdzapp/search";
constexpr std::string_view kJsonType = "application/json; charset=UTF-8";
constexpr long long kMaxPages = 500;
// nlohmann's parser recurses per nesting level: deeper replies are refused, not parsed.
constexpr int kMaxJsonDepth = 64;

bool IsReply(const Page& page) { return page.url.find(kEndpoint) != std::string::npos; }

bool DetectFujian(const Page& page) {
  return IsReply(page) || ContainsByRareByte(page.body_utf8, kEndpoint, 2);
}

bool ShallowEnough(std::string_view s) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxJsonDepth) return false;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return true;
}

json ParseJson(std::string_view s) {
  if (!ShallowEnough(s)) return json();
  return json::parse(s.begin(), s.end(), nullptr, /*allow_exceptions=*/false);
}

std::string StringField(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<long long>());
  return "";
}

long long IntField(const json& obj, const char* key, long long fallback) {
  auto it = obj.find(key);
  if (it == obj.end()) return fallback;
  if (it->is_number_integer()) return it->get<long long>();
  long long n = fallback;
  if (it->is_string()) ParseInt(it->get<std::string>(), &n);
  return n;
}

void EmitRequest(const std::string& endpoint, json query, long long page, LinkSink* sink) {
  query["page"] = page;
  sink->AddPost(endpoint, query.dump(-1, ' ', false, json::error_handler_t::replace),
                std::string(kJsonType), "");
}

// A column page: the first request, built from the script's settings.
void DiscoverListPage(const Page& page, LinkSink* sink) {
  const std::string_view body = page.body_utf8;
  json query = json::object();
  std::string v;
  if (!FindParam(body, "channelid", &v) && !FindParam(body, "chnlid", &v)) return;
  query["channelid"] = v;
  for (const char* key : {"siteid", "sortfield", "classsql"})
    if (FindParam(body, key, &v)) query[key] = v;
  long long per_page = 20;
  if (FindParam(body, "prepage", &v)) ParseInt(v, &per_page);
  query["prepage"] = std::clamp(per_page, 1LL, 1000LL);
  EmitRequest(UrlLiteralContaining(body, kEndpoint, kEndpoint), std::move(query), 1, sink);
}

void DiscoverReply(const Page& page, LinkSink* sink) {
  const json reply = ParseJson(page.body_utf8);
  if (!reply.is_object()) return;
  if (auto docs = reply.find("docs"); docs != reply.end() && docs->is_array()) {
    for (const json& doc : *docs) {
      if (!doc.is_object()) continue;
      std::string title;
      AppendTidyText(StringField(doc, "title"), &title);
      // Titles carry search highlights (<em>…</em>): drop anything in angle brackets.
      for (size_t lt; (lt = title.find('<')) != std::string::npos;) {
        const size_t gt = title.find('>', lt);
        title.erase(lt, gt == std::string::npos ? std::string::npos : gt - lt + 1);
      }
      sink->Add(StringField(doc, "url"), title, LinkKind::kPage);
      const std::string file = StringField(doc, "fileurl");
      if (!file.empty()) sink->Add(file, title, LinkKind::kAttachment);
    }
  }
  json query = ParseJson(page.request_body);
  if (!query.is_object()) query = reply.value("query", json());
  if (!query.is_object() || IntField(query, "page", 1) != 1) return;
  const long long per_page = std::clamp(IntField(query, "prepage", IntField(reply, "prepage", 20)), 1LL, 1000LL);
  const long long total = IntField(reply, "total", 0);
  const long long pages = std::min((total + per_page - 1) / per_page, kMaxPages);
  for (long long p = 2; p <= pages; ++p) EmitRequest(page.url, query, p, sink);
}

void DiscoverFujian(const Page& page, LinkSink* sink) {
  if (IsReply(page)) DiscoverReply(page, sink);
  else DiscoverListPage(page, sink);
}

}  // namespace

const Adapter kFujianAdapter = {"fujian", DetectFujian, DiscoverFujian};

}  // namespace nianbao::crawler::internal
