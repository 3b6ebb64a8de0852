// The frontier's seen-set (crawler/src/frontier.cc): its in-memory part is a bounded table of key
// hashes in front of the archive; whatever the table forgets, the disk must still answer.
#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "../test_util.h"
#include "nianbao/crawler/frontier.h"
#include "nianbao/store/archive.h"

using namespace nianbao;
using namespace nianbao::crawler;

namespace {

std::vector<FrontierItem> Items(int from, int to) {
  std::vector<FrontierItem> items;
  for (int i = from; i < to; ++i) {
    FrontierItem it;
    it.url = "http://a.gov.cn/p" + std::to_string(i) + ".html";
    it.agency = "a";
    items.push_back(it);
  }
  return items;
}

size_t Admit(Frontier* f, std::vector<FrontierItem> items) {
  std::vector<FrontierItem> admitted;
  REQUIRE(f->Complete(nullptr, std::move(items), &admitted).ok());
  return admitted.size();
}

}  // namespace

TEST_CASE("frontier: a key is admitted once, whatever the seen cache's size", "[frontier]") {
  for (size_t cache_entries : {size_t{0}, size_t{1}, size_t{7}, size_t{100}, size_t{200000}}) {
    INFO("cache entries " << cache_entries);
    testing::TempDir dir;
    std::unique_ptr<store::Archive> archive;
    REQUIRE(store::Archive::Open(store::Options(), dir.path(), &archive).ok());
    auto f = Frontier::Open(archive.get(), "sig", cache_entries, 0);
    REQUIRE(f.ok());
    // 3,000 keys in batches (the table grows and, when bounded, starts over many times), a
    // batch repeating keys within itself, then all of them again: none is admitted twice.
    size_t admitted = 0;
    for (int b = 0; b < 30; ++b) admitted += Admit(f->get(), Items(b * 100, b * 100 + 100));
    CHECK(admitted == 3000);
    auto twice = Items(3000, 3010);
    auto again = Items(3000, 3010);
    twice.insert(twice.end(), again.begin(), again.end());
    CHECK(Admit(f->get(), twice) == 10);
    for (int b = 0; b < 30; ++b) CHECK(Admit(f->get(), Items(b * 100, b * 100 + 100)) == 0);
    CHECK(Admit(f->get(), Items(3000, 3010)) == 0);
    CHECK(Admit(f->get(), Items(3010, 3020)) == 10);
  }
}

TEST_CASE("frontier records: every persisted field round-trips; JSON records of older crawls still load",
          "[frontier]") {
  FrontierItem it;
  it.url = "http://a.gov.cn/xxgk/年报.html";
  it.method = "POST";
  it.post_body = "page=2&col=3";
  it.content_type = "application/x-www-form-urlencoded";
  it.agency = "洛阳市卫生健康委员会";
  it.anchor = "2023年政府信息公开工作年度报告";
  it.referrer = "http://a.gov.cn/xxgk/index.html";
  it.kind = 3;
  it.depth = 4;
  it.priority = -7;
  it.redirects = 2;
  it.report_hint = true;
  it.etag = "\"abc\"";
  it.last_modified = "Tue, 31 Jan 2023 08:00:00 GMT";
  it.seq = 123456789012ULL;
  it.attempts = 2;   // not persisted
  const std::string record = it.Serialize();
  FrontierItem back;
  REQUIRE(FrontierItem::Parse(record, &back));
  CHECK(back.Pack() != it.Pack());   // attempts differ…
  it.attempts = 0;
  CHECK(back.Pack() == it.Pack());   // …and nothing else
  CHECK(record.size() < 250);

  // As the JSON serializer of earlier versions wrote it.
  const std::string old =
      R"({"a":"agency-1","d":2,"h":true,"k":1,"m":"GET","p":48,"r":"http://b.gov.cn/","s":17,"t":"年报","url":"http://b.gov.cn/x.pdf"})";
  FrontierItem o;
  REQUIRE(FrontierItem::Parse(old, &o));
  CHECK(o.url == "http://b.gov.cn/x.pdf");
  CHECK(o.agency == "agency-1");
  CHECK(o.depth == 2);
  CHECK(o.report_hint);
  CHECK(o.priority == 48);
  CHECK(o.seq == 17);
  CHECK(o.referrer == "http://b.gov.cn/");
  CHECK(o.anchor == "年报");

  CHECK_FALSE(FrontierItem::Parse("", &o));
  CHECK_FALSE(FrontierItem::Parse("not a record", &o));
  CHECK_FALSE(FrontierItem::Parse(std::string(1, '\x01'), &o));
  for (size_t cut = 1; cut < record.size(); ++cut) {   // a record cut anywhere is refused
    INFO("cut at " << cut);
    CHECK_FALSE(FrontierItem::Parse(record.substr(0, cut), &o));
  }
}
