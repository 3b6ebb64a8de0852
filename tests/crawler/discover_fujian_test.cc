// The Fujian cluster's JSON lists (crawler/src/discover_fujian.cc).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "discover_test_util.h"

using discover_test::Count;
using discover_test::Find;
using discover_test::Run;
using nianbao::crawler::LinkKind;

TEST_CASE("fujian: a column shell gives the first search request", "[discover][fujian]") {
  const std::string html = R"X(<html><head><title>政府信息公开年报</title></head><body><div id="list"></div>
<script>
var fjdzappSearch = { url: "/fjdzapp/search", siteid: "7", channelid: "229105", sortfield: "-docreltime", prepage: 20 };
$.ajax({ url: fjdzappSearch.url, type: "POST", contentType: "application/json", data: JSON.stringify(q) });
</script></body></html>)X";
  const auto d = Run("http://wjw.fujian.gov.cn/zwgk/zfxxgk/zfxxgknb/", html);
  CHECK(d.adapter == "generic+fujian");
  REQUIRE(Count(d, LinkKind::kDataRequest) == 1);
  const auto* req = Find(d, "http://wjw.fujian.gov.cn/fjdzapp/search");
  REQUIRE(req);
  CHECK(req->method == "POST");
  CHECK(req->content_type.find("application/json") == 0);
  const auto body = nlohmann::json::parse(req->post_body);
  CHECK(body["channelid"] == "229105");
  CHECK(body["siteid"] == "7");
  CHECK(body["page"] == 1);
  CHECK(body["prepage"] == 20);
}

TEST_CASE("fujian: a JSON reply gives documents, attachments and the further pages", "[discover][fujian]") {
  const std::string reply = R"X({"total": 45, "page": 1, "prepage": 20, "docs": [
 {"url": "/zwgk/zfxxgk/zfxxgknb/202301/t20230131_6100001.htm", "title": "福建省卫生健康委员会<em>2022年</em>政府信息公开工作年度报告",
  "chnldesc": "政府信息公开年报", "pubtime": "2023-01-31", "fileurl": "/zwgk/zfxxgk/zfxxgknb/202301/P020230131.pdf"},
 {"url": "http://wjw.fujian.gov.cn/zwgk/zfxxgk/zfxxgknb/202201/t20220128_5800001.htm", "title": "2021年年报"},
 {"title": "no url"}, 42, {"url": 7}]})X";
  const std::string request = R"X({"channelid":"229105","page":1,"prepage":20,"siteid":"7"})X";
  const auto d = Run("http://wjw.fujian.gov.cn/fjdzapp/search", reply, "application/json;charset=UTF-8", request);
  CHECK(d.adapter == "fujian");
  const auto* doc = Find(d, "http://wjw.fujian.gov.cn/zwgk/zfxxgk/zfxxgknb/202301/t20230131_6100001.htm");
  REQUIRE(doc);
  CHECK(doc->anchor == "福建省卫生健康委员会2022年政府信息公开工作年度报告");
  CHECK(Find(d, "http://wjw.fujian.gov.cn/zwgk/zfxxgk/zfxxgknb/202301/P020230131.pdf")->kind == LinkKind::kAttachment);
  CHECK(Find(d, "http://wjw.fujian.gov.cn/zwgk/zfxxgk/zfxxgknb/202201/t20220128_5800001.htm"));
  CHECK(Count(d, LinkKind::kDataRequest) == 2);  // pages 2 and 3
  int pages = 0;
  for (const auto& l : d.links)
    if (l.kind == LinkKind::kDataRequest) {
      const auto body = nlohmann::json::parse(l.post_body);
      CHECK(body["channelid"] == "229105");
      pages += body["page"].get<int>();
    }
  CHECK(pages == 5);
}

TEST_CASE("fujian: later pages, echoed query, broken and hostile JSON", "[discover][fujian]") {
  const std::string page2 = R"X({"total": 45, "docs": [{"url": "/a.htm", "title": "x"}]})X";
  CHECK(Count(Run("http://f.gov.cn/fjdzapp/search", page2, "application/json", R"X({"channelid":"1","page":2,"prepage":20})X"),
              LinkKind::kDataRequest) == 0);
  const std::string echoed = R"X({"total": 30, "query": {"channelid": "9", "prepage": 10, "page": 1}, "docs": []})X";
  CHECK(Count(Run("http://f.gov.cn/fjdzapp/search", echoed, "application/json"), LinkKind::kDataRequest) == 2);
  CHECK(Run("http://f.gov.cn/fjdzapp/search", "{not json", "application/json").links.empty());
  CHECK(Run("http://f.gov.cn/fjdzapp/search", std::string(100000, '[') , "application/json").links.empty());
}
