// Hanweb (大汉) jpage lists (wsjkw.zj.gov.cn and many city portals: /col/colN/index.html).
// The list's items sit in a data island that browsers never render as markup:
//   <div id="4452251"><script type="text/xml"><datastore>
//     <nextgroup><![CDATA[<a href="/module/jpage/dataproxy.jsp?page=1&webid=3445&path=/
//        &columnid=1229123536&unitid=4452251&webname=…&permissiontype=0"></a>]]></nextgroup>
//     <recordset><record><![CDATA[<li><a href="/art/2023/1/19/art_1229123536_590.html">…</a></li>
//     ]]></record> …</recordset></datastore></script></div>
//   <script>… $('#4452251').jpage({ proxyUrl: '/module/jpage/dataproxy.jsp', perPage: 15,
//     totalRecord: 89, ajaxParam: { col: 1, webid: 3445, path: '/', columnid: 1229123536,
//     sourceContentType: 1, unitid: '4452251', webname: '…', permissiontype: 0 } }) …</script>
// Further records come from
//   POST /module/jpage/dataproxy.jsp?startrecord=46&endrecord=90&perpage=15
//   body col=1&webid=3445&path=/&columnid=1229123536&sourceContentType=1&unitid=4452251&…
// whose reply is the same <datastore> as XML, with <totalrecord>89</totalrecord>.
// One request fetches three pages' worth (jpage's group), so requests step by 3 × perpage.
// Each record's CDATA is scanned as HTML; the first page (the HTML page, or the reply to
// startrecord=1) also emits the requests for all the remaining records.
#include <string>

#include "discover_adapter.h"
#include "discover_scan.h"
#include "url_internal.h"

namespace nianbao::crawler::internal {
namespace {

constexpr long long kPagesPerRequest = 3;
constexpr long long kDefaultPerPage = 15;
constexpr long long kMaxRequests = 500;
// Some versions use /module/web/jpage/dataproxy.jsp: the page's own literal wins.
constexpr std::string_view kDefaultProxy = "/module/jpage/dataproxy.jsp";
// The form fields jpage posts, in its order, with the defaults its pages nearly always carry.
struct Field {
  std::string_view name;
  std::string_view fallback;  // "" = omitted when the page does not give it
};
constexpr Field kFields[] = {{"col", "1"}, {"appid", ""}, {"webid", ""}, {"path", "/"},
                             {"columnid", ""}, {"sourceContentType", "1"}, {"unitid", ""},
                             {"webname", ""}, {"permissiontype", "0"}};

bool DetectHanweb(const Page& page) {
  return page.body_utf8.find("<record") != std::string_view::npos ||
         ContainsByRareByte(page.body_utf8, "dataproxy.jsp", 10);
}

// The CDATA section following a <tag> at or after *from; advances *from past it.
bool NextCdata(std::string_view body, std::string_view open_tag, size_t* from, std::string_view* cdata) {
  const size_t tag = body.find(open_tag, *from);
  if (tag == std::string_view::npos) return false;
  const size_t start = body.find("<![CDATA[", tag);
  const size_t close_tag = body.find('<', tag + 1);
  *from = tag + open_tag.size();
  if (start == std::string_view::npos || start != close_tag) {
    *cdata = {};  // a record without CDATA: nothing to scan
    return true;
  }
  const size_t end = body.find("]]>", start + 9);
  *cdata = body.substr(start + 9, end == std::string_view::npos ? std::string_view::npos : end - start - 9);
  *from = end == std::string_view::npos ? body.size() : end + 3;
  return true;
}

long long QueryInt(std::string_view url, std::string_view key, long long fallback) {
  const size_t q = url.find('?');
  std::string v;
  long long n = 0;
  if (q != std::string_view::npos && FindParam(url.substr(q), key, &v) && ParseInt(v, &n)) return n;
  return fallback;
}

void DiscoverHanweb(const Page& page, LinkSink* sink) {
  const std::string_view body = page.body_utf8;
  long long records = 0;
  std::string_view cdata;
  for (size_t from = 0; NextCdata(body, "<record>", &from, &cdata);) {
    ++records;
    ScanHtml(cdata, false, sink);
  }
  // Parameters: the request that produced this reply, then the nextgroup link, then scripts.
  std::string next_group;
  size_t from = 0;
  if (NextCdata(body, "<nextgroup>", &from, &cdata)) next_group = DecodeEntities(cdata);
  const std::string_view sources[] = {page.request_body, next_group, body};
  auto find = [&sources](std::string_view key, std::string* value) {
    for (std::string_view s : sources)
      if (FindParam(s, key, value)) return true;
    return false;
  };
  std::string v;
  long long total = -1, per_page = kDefaultPerPage;
  if (const size_t t = body.find("<totalrecord>"); t != std::string_view::npos) {
    ParseInt(body.substr(t + 13, 16), &total);
  } else if (find("totalRecord", &v) || find("totalrecord", &v)) {
    ParseInt(v, &total);
  }
  if ((find("perPage", &v) || find("perpage", &v)) && ParseInt(v, &per_page) && per_page <= 0)
    per_page = kDefaultPerPage;
  per_page = std::min(per_page, 1000LL);
  const long long group = kPagesPerRequest * per_page;
  const long long start = QueryInt(page.url, "startrecord", 1);
  long long next = start + records;
  // Without a total: follow one group at a time while groups come back full.
  long long last = total >= 0 ? total : (records == 0 || records >= group ? next + group - 1 : 0);
  if (start != 1 && total >= 0) last = 0;  // later replies: the first page asked for everything
  std::string form;
  for (const Field& f : kFields) {
    std::string value;
    if (!find(f.name, &value)) value = f.fallback;
    if (value.empty()) continue;
    if (f.name == "columnid" && value.find_first_not_of("0123456789") != std::string::npos) return;
    if (!form.empty()) form += "&";
    form += std::string(f.name) + "=" + FormEncode(PercentDecode(value));
  }
  if (form.find("columnid=") == std::string::npos) return;  // no column: not a jpage list
  const std::string proxy = UrlLiteralContaining(body, "dataproxy.jsp", kDefaultProxy);
  for (long long n = 0; next <= last && n < kMaxRequests; ++n, next += group) {
    const long long end = total >= 0 ? std::min(next + group - 1, total) : next + group - 1;
    sink->AddPost(proxy + "?startrecord=" + std::to_string(next) + "&endrecord=" + std::to_string(end) +
                      "&perpage=" + std::to_string(per_page),
                  form, "application/x-www-form-urlencoded; charset=UTF-8", "");
  }
}

}  // namespace

const Adapter kHanwebAdapter = {"hanweb", DetectHanweb, DiscoverHanweb};

}  // namespace nianbao::crawler::internal
