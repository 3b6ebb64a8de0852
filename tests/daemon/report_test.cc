// The Atom feed (well-formed per libxml2's xmllint, the right entries and diff links), the
// version diff, and the status summary.
#include <catch2/catch.hpp>
#include <cstdlib>

#include "daemon_util.h"
#include "nianbao/daemon/daemon.h"
#include "nianbao/daemon/report.h"

using namespace nianbao;

namespace {

const store::AgencyInfo kAgency{"luoyang-wsjkw", "洛阳市卫生健康委员会", "洛阳市", "河南省", "city", ""};

store::ReportContent Content(const std::string& text) {
  return store::ReportContent{"2022年政府信息公开工作年度报告 <&>", text, "http://x.test/r.html?a=1&b=2", "html", ""};
}

store::Observation Obs(int64_t t) {
  store::Observation o;
  o.time = t;
  o.url = "http://x.test/r.html?a=1&b=2";
  o.http_status = 200;
  return o;
}

std::string Run(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

}  // namespace

TEST_CASE("the Atom feed lists new, changed and withdrawn reports, newest first, with diff links") {
  testing::TempDir dir;
  FakeClock clock(1675152000000000);
  auto a = testing::OpenArchive(dir.sub("a"), &clock);
  REQUIRE(a);
  const store::DocKey key{"luoyang-wsjkw", 2022};
  REQUIRE(a->PutAgency(kAgency).ok());
  REQUIRE(a->PutReport(key, kAgency, Content("一、总体情况\n收到申请 3916 件\n"), Obs(1675152000000000)).ok());
  REQUIRE(a->PutReport(key, kAgency, Content("一、总体情况\n收到申请 3917 件\n"), Obs(1675238400000000)).ok());
  REQUIRE(a->PutReport({"luoyang-wsjkw", 2023}, kAgency, Content("2023 text"), Obs(1675238400000001)).ok());
  store::Observation gone = Obs(1675324800000000);
  gone.http_status = 404;
  gone.event = "withdrawn";
  REQUIRE(a->MarkWithdrawn({"luoyang-wsjkw", 2023}, gone).ok());

  auto feed = daemon::AtomFeed(a.get(), "http://127.0.0.1:8750", 100);
  REQUIRE(feed.ok());
  const std::string path = dir.sub("feed.xml");
  testing::WriteFile(path, *feed);
  INFO(*feed);
  if (std::system("command -v xmllint >/dev/null 2>&1") != 0) {
    WARN("SKIPPED the libxml2 parse: xmllint (libxml2-utils) not installed");
  } else {
    CHECK(std::system(("xmllint --noout '" + path + "'").c_str()) == 0);
    auto xpath = [&](const std::string& expr) {
      std::string out = Run("xmllint --xpath \"" + expr + "\" '" + path + "' 2>/dev/null");
      while (!out.empty() && out.back() == '\n') out.pop_back();
      return out;
    };
    const std::string atom = "*[local-name()='";
    CHECK(xpath("count(/" + atom + "feed'])") == "1");
    CHECK(xpath("count(/" + atom + "feed']/" + atom + "entry'])") == "4");
    for (const char* el : {"id", "title", "updated", "author"})
      CHECK(xpath("count(/" + atom + "feed']/" + atom + el + "'])") == "1");
    // Every entry has the elements RFC 4287 requires.
    for (const char* el : {"id", "title", "updated"})
      CHECK(xpath("count(//" + atom + "entry'][" + atom + el + "']])") == "4");
    CHECK(xpath("string(//" + atom + "entry'][1]/" + atom + "category']/@term)") == "withdrawn");
    CHECK(xpath("string(//" + atom + "entry'][2]/" + atom + "category']/@term)") == "new");
    CHECK(xpath("string(//" + atom + "entry'][3]/" + atom + "category']/@term)") == "changed");
    CHECK(xpath("string(//" + atom + "entry'][4]/" + atom + "category']/@term)") == "new");
    CHECK(xpath("string(//" + atom + "entry'][3]/" + atom + "link'][@rel='alternate']/@href)") ==
          "http://127.0.0.1:8750/diff?agency=luoyang-wsjkw&year=2022&from=1&to=2");
    CHECK(xpath("string(//" + atom + "entry'][4]/" + atom + "link'][@rel='alternate']/@href)") ==
          "http://127.0.0.1:8750/diff?agency=luoyang-wsjkw&year=2022&from=0&to=1");
    CHECK(xpath("string(//" + atom + "entry'][3]/" + atom + "link'][@rel='related']/@href)") ==
          "http://x.test/r.html?a=1&b=2");
    CHECK(xpath("string(//" + atom + "entry'][3]/" + atom + "title'])") ==
          "洛阳市卫生健康委员会 2022年度报告: changed (version 2)");
    CHECK(xpath("string(/" + atom + "feed']/" + atom + "updated'])") == "2023-02-02T08:00:00Z");
  }
  // At most max_entries, the newest.
  auto two = daemon::AtomFeed(a.get(), "http://h", 2);
  REQUIRE(two.ok());
  CHECK(two->find("urn:nianbao:change:") != std::string::npos);
  size_t entries = 0;
  for (size_t p = two->find("<entry>"); p != std::string::npos; p = two->find("<entry>", p + 1)) ++entries;
  CHECK(entries == 2);
  CHECK(two->find("withdrawn") != std::string::npos);

  auto diff = daemon::VersionDiff(a.get(), key, 1, 2);
  REQUIRE(diff.ok());
  CHECK(diff->find("-收到申请 3916 件") != std::string::npos);
  CHECK(diff->find("+收到申请 3917 件") != std::string::npos);
  auto whole = daemon::VersionDiff(a.get(), key, 0, 1);
  REQUIRE(whole.ok());
  CHECK(whole->find("+一、总体情况") != std::string::npos);
  CHECK(daemon::VersionDiff(a.get(), key, 1, 9).status().IsNotFound());

  auto status = daemon::StatusJson(a.get(), nullptr);
  REQUIRE(status.ok());
  CHECK((*status)["totals"]["documents"] == 2);
  CHECK((*status)["totals"]["versions"] == 3);
  CHECK((*status)["totals"]["withdrawn"] == 1);
  CHECK((*status)["agencies"]["luoyang-wsjkw"]["documents"] == 2);
  CHECK((*status)["agencies"]["luoyang-wsjkw"]["name"] == "洛阳市卫生健康委员会");
  CHECK((*status)["last_changes"][0]["kind"] == "withdrawn");
}

TEST_CASE("soft withdrawals: a gone page or a bare redirect, never a report or an error") {
  CHECK(daemon::LooksLikeSoftWithdrawal(200, "<html><body><h1>您访问的页面不存在</h1></body></html>"));
  CHECK(daemon::LooksLikeSoftWithdrawal(200, "<meta http-equiv=\"refresh\" content=\"0;url=/col/\">"));
  CHECK_FALSE(daemon::LooksLikeSoftWithdrawal(503, "页面不存在"));
  CHECK_FALSE(daemon::LooksLikeSoftWithdrawal(200, "<html>" + std::string(20000, 'x') + "页面不存在</html>"));
  CHECK_FALSE(daemon::LooksLikeSoftWithdrawal(200, "<html>2022年政府信息公开工作年度报告 一、总体情况</html>"));
}
