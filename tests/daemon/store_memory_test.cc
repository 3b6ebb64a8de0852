// The archive a daemon holds open stays within a fixed memory bound however much it writes
// (bench/soak-notes.md: with LevelDB's 32 MB write buffer the daemon's RSS rose for half an hour).
#include <catch2/catch.hpp>

#include "daemon_util.h"
#include "nianbao/daemon/daemon.h"
#include "nianbao/daemon/metrics.h"
#include "prometheus_check.h"

using namespace nianbao;

namespace {

// A frontier-like record: what the crawl writes most (one per URL picked), ~2 KB.
std::string Value(int i) {
  std::string v = "{\"url\":\"http://www.example.gov.cn/col/" + std::to_string(i) + ".html\",\"pad\":\"";
  uint32_t x = 2463534242u + static_cast<uint32_t>(i);
  while (v.size() < 2048) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;   // incompressible, as captures are
    v += static_cast<char>('a' + x % 26);
  }
  return v + "\"}";
}

std::unique_ptr<store::Archive> Open(const store::Options& o, const std::string& dir) {
  std::unique_ptr<store::Archive> a;
  Status s = store::Archive::Open(o, dir, &a);
  INFO(s.ToString());
  REQUIRE(s.ok());
  return a;
}

}  // namespace

TEST_CASE("MemoryUsage sees the write buffer fill") {
  testing::TempDir dir;
  auto a = Open(store::Options{}, dir.path());   // 32 MB write buffer: nothing is flushed below
  const uint64_t before = a->MemoryUsage();
  for (int i = 0; i < 1000; ++i) REQUIRE(a->PutState("pick", std::to_string(i), Value(i)).ok());
  CHECK(a->MemoryUsage() >= before + 1000 * 2048);
}

TEST_CASE("the daemon's archive holds at most StoreMemoryBound however much is written and read") {
  testing::TempDir dir;
  const store::Options o = daemon::DaemonStoreOptions();
  const uint64_t bound = daemon::StoreMemoryBound(o);
  REQUIRE(bound <= 16u << 20);   // what a daemon running for years may keep for its store
  auto a = Open(o, dir.path());
  // 32 MB of records: more than the bound, so a buffer that is never flushed would break it.
  uint64_t most = 0;
  for (int i = 0; i < 12000; ++i) {
    REQUIRE(a->PutState("pick", std::to_string(i), Value(i)).ok());
    if (i % 3 == 0) {   // records that stay, read back later: reads fill the block cache
      REQUIRE(a->PutState("robots", std::to_string(i), Value(i)).ok());
      const int older = i / 2 / 3 * 3;
      auto back = a->GetState("robots", std::to_string(older));
      REQUIRE(back.ok());
      REQUIRE(*back == Value(older));
    }
    if (i % 2 == 0) REQUIRE(a->DeleteState("pick", std::to_string(i / 2)).ok());   // picks are done
    if (i % 100 == 0) most = std::max(most, a->MemoryUsage());
  }
  INFO("most " << most << " bound " << bound);
  CHECK(most <= bound);
  CHECK(most >= o.write_buffer_bytes / 2);   // the measure measured something
}

TEST_CASE("/metrics reports the store's memory") {
  daemon::Metrics m;
  m.SetStoreMemory(12345678);
  std::vector<testing::PromSample> samples;
  REQUIRE(testing::CheckPrometheusText(m.Render(0), &samples).empty());
  bool found = false;
  for (const auto& s : samples)
    if (s.name == "nianbao_store_memory_bytes") found = s.value == 12345678;
  CHECK(found);
}
