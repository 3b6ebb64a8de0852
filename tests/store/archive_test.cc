#include <catch2/catch.hpp>

#include "nianbao/common/text.h"
#include "nianbao/store/archive.h"
#include "../test_util.h"

using namespace nianbao;
using namespace nianbao::store;

namespace {

std::unique_ptr<Archive> OpenOrDie(const std::string& dir, Clock* clock = nullptr) {
  Options o;
  o.clock = clock;
  std::unique_ptr<Archive> a;
  Status s = Archive::Open(o, dir, &a);
  REQUIRE(s.ok());
  return a;
}

ReportContent Content(const std::string& text, const std::string& url = "http://x.gov.cn/r.html") {
  ReportContent c;
  c.title = "report";
  c.text = text;
  c.url = url;
  c.source_format = "text";
  return c;
}

Observation Obs(int64_t t, const std::string& url = "http://x.gov.cn/r.html") {
  Observation o;
  o.time = t;
  o.url = url;
  o.http_status = 200;
  return o;
}

const AgencyInfo kAgency{"luoyang-wsjkw", "洛阳市卫生健康委员会", "洛阳市", "河南省", "city", ""};
const DocKey kKey{"luoyang-wsjkw", 2022};

}  // namespace

TEST_CASE("a real edit makes a version; whitespace and width changes do not") {
  testing::TempDir dir;
  auto a = OpenOrDie(dir.path());
  const std::string original = testing::ReportText("luoyang-wsjkw-2022.txt");
  REQUIRE(original.find("3916") != std::string::npos);
  std::string edited = original;
  edited.replace(edited.find("3916"), 4, "3917");
  std::string reflowed = original;
  // Whitespace, line breaks and full-width digits only.
  reflowed.replace(reflowed.find("一、总体情况"), 0, "  \n");
  reflowed.replace(reflowed.find("3916"), 4, "３９１６");

  auto r1 = a->PutReport(kKey, kAgency, Content(original), Obs(1000));
  REQUIRE(r1.ok());
  CHECK(r1->new_document);
  CHECK(r1->new_version);
  CHECK(r1->version == 1);
  auto r2 = a->PutReport(kKey, kAgency, Content(edited), Obs(2000));
  REQUIRE(r2.ok());
  CHECK_FALSE(r2->new_document);
  CHECK(r2->new_version);
  CHECK(r2->version == 2);
  auto r3 = a->PutReport(kKey, kAgency, Content(reflowed), Obs(3000));
  REQUIRE(r3.ok());
  CHECK_FALSE(r3->new_version);
  CHECK(r3->reverted);         // the text is version 1's again
  CHECK(r3->version == 1);

  auto doc = a->GetDocument(kKey);
  REQUIRE(doc.ok());
  CHECK(doc->versions == 2);
  CHECK(doc->observations == 3);
  CHECK(doc->current_version == 1);
  CHECK(doc->first_seen == 1000);
  CHECK(doc->agency.name == "洛阳市卫生健康委员会");

  std::vector<int> versions;
  REQUIRE(a->ListVersions(kKey, [&](const Version& v) { versions.push_back(v.number); return true; }).ok());
  CHECK(versions == std::vector<int>{1, 2});
  std::vector<int> seen_versions;
  REQUIRE(a->ListObservations(kKey, [&](const Observation& o) { seen_versions.push_back(o.version); return true; }).ok());
  CHECK(seen_versions == std::vector<int>{1, 2, 1});

  auto v2 = a->GetVersion(kKey, 2);
  REQUIRE(v2.ok());
  CHECK(v2->text.find("3917") != std::string::npos);
  auto current = a->GetVersion(kKey, 0);
  REQUIRE(current.ok());
  CHECK(current->number == 1);
  CHECK(a->GetVersion(kKey, 3).status().IsNotFound());
}

TEST_CASE("the same text twice only adds an observation") {
  testing::TempDir dir;
  auto a = OpenOrDie(dir.path());
  REQUIRE(a->PutReport(kKey, kAgency, Content("一、总体情况\n2022年，我委…"), Obs(1)).ok());
  auto r = a->PutReport(kKey, kAgency, Content("一、总体情况\n\n2022年， 我委…\n"), Obs(2));
  REQUIRE(r.ok());
  CHECK_FALSE(r->new_version);
  CHECK_FALSE(r->reverted);
  CHECK(a->GetDocument(kKey)->observations == 2);
  REQUIRE(a->PutUnchanged(kKey, Obs(3)).ok());   // a 304
  CHECK(a->GetDocument(kKey)->observations == 3);
  CHECK(a->GetDocument(kKey)->versions == 1);
}

TEST_CASE("withdrawal keeps the versions and is undone when the report reappears") {
  testing::TempDir dir;
  auto a = OpenOrDie(dir.path());
  CHECK(a->MarkWithdrawn(kKey, Obs(5)).IsNotFound());
  REQUIRE(a->PutReport(kKey, kAgency, Content("text one"), Obs(10)).ok());
  Observation gone = Obs(20);
  gone.http_status = 404;
  REQUIRE(a->MarkWithdrawn(kKey, gone).ok());
  auto doc = a->GetDocument(kKey);
  CHECK(doc->withdrawn);
  CHECK(doc->withdrawn_at == 20);
  CHECK(a->GetVersion(kKey, 1).ok());
  REQUIRE(a->PutReport(kKey, kAgency, Content("text one"), Obs(30)).ok());
  CHECK_FALSE(a->GetDocument(kKey)->withdrawn);

  std::vector<std::string> kinds;
  REQUIRE(a->ListChanges(0, [&](const ChangeEvent& e) { kinds.push_back(e.kind); return true; }).ok());
  CHECK(kinds == std::vector<std::string>{"new", "withdrawn", "restored"});
}

TEST_CASE("captures are content-addressed and compressed") {
  testing::TempDir dir;
  auto a = OpenOrDie(dir.path());
  Capture c;
  c.url = "http://x.gov.cn/a.html";
  c.http_status = 200;
  c.body = std::string(100000, 'x') + "政府信息公开";
  auto s1 = a->PutCapture(c);
  c.url = "http://x.gov.cn/b.html";
  auto s2 = a->PutCapture(c);
  REQUIRE(s1.ok());
  REQUIRE(s2.ok());
  CHECK(*s1 == *s2);
  auto payload = a->GetPayload(*s1);
  REQUIRE(payload.ok());
  CHECK(*payload == c.body);
  std::vector<bool> firsts;
  REQUIRE(a->ListCaptures([&](const CaptureRecord& r) { firsts.push_back(r.first_of_payload); return true; }).ok());
  CHECK(firsts == std::vector<bool>{true, false});
}

TEST_CASE("documents list in key order with filters; URLs find their document") {
  testing::TempDir dir;
  auto a = OpenOrDie(dir.path());
  for (int year : {2021, 2019, 2020})
    REQUIRE(a->PutReport({"b-agency", year}, {}, Content("t" + std::to_string(year), "http://b/" + std::to_string(year)), Obs(year)).ok());
  REQUIRE(a->PutReport({"a-agency", 2020}, {}, Content("t"), Obs(1)).ok());
  std::vector<std::string> all;
  REQUIRE(a->ListDocuments(std::nullopt, std::nullopt, [&](const DocumentInfo& d) {
    all.push_back(d.key.agency + std::to_string(d.key.year));
    return true;
  }).ok());
  CHECK(all == std::vector<std::string>{"a-agency2020", "b-agency2019", "b-agency2020", "b-agency2021"});
  int n = 0;
  REQUIRE(a->ListDocuments(std::string("b-agency"), 2020, [&](const DocumentInfo&) { ++n; return true; }).ok());
  CHECK(n == 1);
  auto k = a->FindByUrl("http://b/2019");
  REQUIRE(k.ok());
  CHECK(k->agency == "b-agency");
  CHECK(k->year == 2019);
}

TEST_CASE("bad keys are rejected with a clear status") {
  testing::TempDir dir;
  auto a = OpenOrDie(dir.path());
  auto bad_year = a->PutReport({"x", 20222}, {}, Content("t"), Obs(1));
  CHECK(bad_year.status().code() == Status::Code::kInvalidArgument);
  auto nul = a->PutReport({std::string("x\0y", 3), 2022}, {}, Content("t"), Obs(1));
  CHECK(nul.status().code() == Status::Code::kInvalidArgument);
  CHECK(a->GetDocument({"nobody", 2022}).status().IsNotFound());
}

TEST_CASE("a second opener gets Busy; a missing archive is NotFound without create") {
  testing::TempDir dir;
  auto a = OpenOrDie(dir.path());
  std::unique_ptr<Archive> b;
  Status s = Archive::Open(Options(), dir.path(), &b);
  CHECK(s.code() == Status::Code::kBusy);
  CHECK(s.message().find("in use") != std::string::npos);
  Options no_create;
  no_create.create_if_missing = false;
  s = Archive::Open(no_create, dir.sub("missing"), &b);
  CHECK(s.IsNotFound());
}

TEST_CASE("state survives reopening and scans by prefix") {
  testing::TempDir dir;
  {
    auto a = OpenOrDie(dir.path());
    auto batch = a->NewStateBatch();
    batch->Put("frontier", "host1/a", "1");
    batch->Put("frontier", "host1/b", "2");
    batch->Put("frontier", "host2/a", "3");
    batch->Put("seen", "host1/a", "x");
    REQUIRE(a->Commit(batch.get()).ok());
    REQUIRE(a->DeleteState("frontier", "host1/b").ok());
  }
  auto a = OpenOrDie(dir.path());
  std::vector<std::string> keys;
  REQUIRE(a->ScanState("frontier", "host1/", [&](const std::string& k, const std::string& v) {
    keys.push_back(k + "=" + v);
    return true;
  }).ok());
  CHECK(keys == std::vector<std::string>{"host1/a=1"});
  CHECK(a->GetState("seen", "host1/a").value() == "x");
  CHECK(a->GetState("seen", "nope").status().IsNotFound());
}

TEST_CASE("state scans can start inside a prefix and never leave it") {
  testing::TempDir dir;
  auto a = OpenOrDie(dir.path());
  auto batch = a->NewStateBatch();
  for (const char* k : {"h/a", "h/b", "h/c", "h0", "g/z", "i/a"}) batch->Put("frontier", k, k);
  REQUIRE(a->Commit(batch.get()).ok());
  const auto scan = [&](const std::string& prefix, const std::string& start) {
    std::string got;
    REQUIRE(a->ScanStateFrom("frontier", prefix, start, [&](const std::string& k, const std::string&) {
      got += k + " ";
      return true;
    }).ok());
    return got;
  };
  CHECK(scan("h/", "h/b") == "h/b h/c ");
  CHECK(scan("h/", "h/bb") == "h/c ");
  CHECK(scan("h/", "") == "h/a h/b h/c ");      // before the prefix: from its first key
  CHECK(scan("h/", "a") == "h/a h/b h/c ");
  CHECK(scan("h/", "h/d") == "");               // past its last key: nothing, not "h0"
  CHECK(scan("h/", "z").empty());
}

TEST_CASE("an archive opened without mapped table files reads what it wrote, after reopening too") {
  testing::TempDir dir;
  Options o;
  o.map_table_files = false;
  o.write_buffer_bytes = 64 << 10;   // many small table files
  o.block_cache_bytes = 64 << 10;
  const auto value = [](int i) { return std::string(300 + i % 50, static_cast<char>('a' + i % 26)); };
  for (int round = 0; round < 2; ++round) {
    std::unique_ptr<Archive> a;
    REQUIRE(Archive::Open(o, dir.path(), &a).ok());
    if (round == 0) {
      for (int i = 0; i < 3000; ++i) REQUIRE(a->PutState("s", "k" + std::to_string(i), value(i)).ok());
      REQUIRE(a->CompactAll().ok());
    }
    for (int i = 0; i < 3000; i += 7) CHECK(a->GetState("s", "k" + std::to_string(i)).value() == value(i));
    CHECK(a->GetState("s", "missing").status().IsNotFound());
    size_t n = 0;
    REQUIRE(a->ScanState("s", "", [&](const std::string&, const std::string&) { return ++n > 0; }).ok());
    CHECK(n == 3000);
  }
  size_t tables = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) tables += e.path().extension() == ".ldb";
  CHECK(tables >= 1);
}
