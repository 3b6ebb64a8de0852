// Hanweb jpage lists and dataproxy replies (crawler/src/discover_hanweb.cc).
#include <catch2/catch.hpp>

#include "discover_test_util.h"

using discover_test::Count;
using discover_test::Find;
using discover_test::Run;
using nianbao::crawler::Link;
using nianbao::crawler::LinkKind;

namespace {

std::string Records(int from, int n) {
  std::string s;
  for (int i = from; i < from + n; ++i)
    s += "<record><![CDATA[\n<li><a href=\"/art/2023/1/19/art_1229123536_" + std::to_string(i) +
         ".html\" target=\"_blank\" title=\"t\">浙江省卫生健康委员会" + std::to_string(i) +
         "年政府信息公开工作年度报告</a><span>2023-01-19</span></li>\n]]></record>\n";
  return s;
}

const char* kNextGroup =
    "<nextgroup><![CDATA[<a href=\"/module/jpage/dataproxy.jsp?page=1&amp;webid=3445&amp;path=/&amp;"
    "columnid=1229123536&amp;unitid=4452251&amp;webname=%E6%B5%99%E6%B1%9F%E7%9C%81%E5%8D%AB%E7%94%9F%E5%81%A5%E5%BA%B7%E5%A7%94&amp;"
    "permissiontype=0\"></a>]]></nextgroup>";

std::string ListPage(int records, int total) {
  return std::string("<html><head><title>政府信息公开年报</title></head><body><div id=\"4452251\">"
                     "<script type=\"text/xml\"><datastore>") + kNextGroup + "<recordset>" + Records(1, records) +
         "</recordset></datastore></script></div>\n"
         "<script language=\"javascript\" src=\"/module/jpage/resource/js/jpage.js\"></script>\n"
         "<script>$(function(){ $('#4452251').jpage({ dataStore: dataStore, proxyUrl: '/module/jpage/dataproxy.jsp', "
         "perPage: 15, totalRecord: " + std::to_string(total) + ", ajaxParam: { col: 1, appid: 1, webid: 3445, "
         "path: '/', columnid: 1229123536, sourceContentType: 1, unitid: '4452251', webname: '浙江省卫生健康委', "
         "permissiontype: 0 } }); });</script></body></html>";
}

std::vector<const Link*> Requests(const nianbao::crawler::Discovery& d) {
  std::vector<const Link*> out;
  for (const auto& l : d.links)
    if (l.kind == LinkKind::kDataRequest) out.push_back(&l);
  return out;
}

}  // namespace

TEST_CASE("hanweb: records in the text/xml data island, requests for the rest", "[discover][hanweb]") {
  const auto d = Run("https://wsjkw.zj.gov.cn/col/col1229123536/index.html", ListPage(45, 100));
  CHECK(d.adapter == "generic+hanweb");
  CHECK(Count(d, LinkKind::kPage) == 45);
  const auto* first = Find(d, "https://wsjkw.zj.gov.cn/art/2023/1/19/art_1229123536_1.html");
  REQUIRE(first);
  CHECK(first->anchor == "浙江省卫生健康委员会1年政府信息公开工作年度报告");
  CHECK(first->priority >= 60);
  const auto reqs = Requests(d);
  REQUIRE(reqs.size() == 2);
  CHECK(reqs[0]->url == "https://wsjkw.zj.gov.cn/module/jpage/dataproxy.jsp?startrecord=46&endrecord=90&perpage=15");
  CHECK(reqs[1]->url == "https://wsjkw.zj.gov.cn/module/jpage/dataproxy.jsp?startrecord=91&endrecord=100&perpage=15");
  CHECK(reqs[0]->method == "POST");
  CHECK(reqs[0]->content_type.find("application/x-www-form-urlencoded") == 0);
  // Fields from the nextgroup link (already %-encoded there) and the script, in jpage's order.
  CHECK(reqs[0]->post_body ==
        "col=1&appid=1&webid=3445&path=/&columnid=1229123536&sourceContentType=1&unitid=4452251&"
        "webname=%E6%B5%99%E6%B1%9F%E7%9C%81%E5%8D%AB%E7%94%9F%E5%81%A5%E5%BA%B7%E5%A7%94&permissiontype=0");
}

TEST_CASE("hanweb: data requests are never left out as known, their pages are", "[discover][hanweb]") {
  const std::string proxy = "https://wsjkw.zj.gov.cn/module/jpage/dataproxy.jsp?startrecord=";
  const discover_test::Known known({"https://wsjkw.zj.gov.cn/art/2023/1/19/art_1229123536_1.html",
                                    proxy + "46&endrecord=90&perpage=15", proxy + "91&endrecord=100&perpage=15"});
  const auto d = discover_test::RunKnowing(known, "https://wsjkw.zj.gov.cn/col/col1229123536/index.html", ListPage(45, 100));
  CHECK(Count(d, LinkKind::kPage) == 44);
  CHECK_FALSE(Find(d, "https://wsjkw.zj.gov.cn/art/2023/1/19/art_1229123536_1.html"));
  CHECK(Requests(d).size() == 2);   // a POST is keyed by its body too: the URL alone says nothing
}

TEST_CASE("hanweb: a list that shows everything needs no request", "[discover][hanweb]") {
  CHECK(Requests(Run("https://wsjkw.zj.gov.cn/col/col1/index.html", ListPage(12, 12))).empty());
}

TEST_CASE("hanweb: the XML reply to the first request gives records and the other requests", "[discover][hanweb]") {
  const std::string reply = std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?><datastore>") + kNextGroup +
                            "<recordset>" + Records(1, 45) + "</recordset><totalrecord>120</totalrecord></datastore>";
  const std::string form = "col=1&webid=3445&path=/&columnid=1229123536&sourceContentType=1&unitid=4452251&permissiontype=0";
  const auto d = Run("https://wsjkw.zj.gov.cn/module/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15", reply,
                     "text/xml;charset=UTF-8", form);
  CHECK(Count(d, LinkKind::kPage) == 45);
  const auto reqs = Requests(d);
  REQUIRE(reqs.size() == 2);
  CHECK(reqs[0]->url.find("startrecord=46&endrecord=90") != std::string::npos);
  CHECK(reqs[1]->url.find("startrecord=91&endrecord=120") != std::string::npos);
  CHECK(reqs[0]->post_body.find("columnid=1229123536") != std::string::npos);

  // A later reply: records only (the first page already asked for everything).
  const std::string later = std::string("<datastore><recordset>") + Records(46, 45) +
                            "</recordset><totalrecord>120</totalrecord></datastore>";
  const auto d2 = Run("https://wsjkw.zj.gov.cn/module/jpage/dataproxy.jsp?startrecord=46&endrecord=90&perpage=15",
                      later, "text/xml", form);
  CHECK(Count(d2, LinkKind::kPage) == 45);
  CHECK(Requests(d2).empty());
  CHECK(Find(d2, "https://wsjkw.zj.gov.cn/art/2023/1/19/art_1229123536_90.html"));
}

TEST_CASE("hanweb: a page without a column id asks for nothing", "[discover][hanweb]") {
  const auto d = Run("http://a.gov.cn/", "<script src='/module/jpage/dataproxy.jsp'></script>");
  CHECK(Requests(d).empty());
}
