// /metrics is valid Prometheus text (checked by a strict parser) and counts what happened.
#include <catch2/catch.hpp>

#include "nianbao/daemon/metrics.h"
#include "prometheus_check.h"

using namespace nianbao;

namespace {

double Value(const std::vector<testing::PromSample>& samples, const std::string& name,
             const std::map<std::string, std::string>& labels = {}) {
  for (const auto& s : samples)
    if (s.name == name && s.labels == labels) return s.value;
  return -1;
}

}  // namespace

TEST_CASE("the checker rejects what Prometheus rejects") {
  std::vector<testing::PromSample> s;
  CHECK(testing::CheckPrometheusText("# TYPE a counter\na 1\n", &s).empty());
  CHECK_FALSE(testing::CheckPrometheusText("a 1\n", &s).empty());                        // no TYPE
  CHECK_FALSE(testing::CheckPrometheusText("# TYPE a counter\na 1", &s).empty());        // no final newline
  CHECK_FALSE(testing::CheckPrometheusText("# TYPE 1a counter\n1a 1\n", &s).empty());    // name charset
  CHECK_FALSE(testing::CheckPrometheusText("# TYPE a counter\na{b=c} 1\n", &s).empty()); // unquoted
  CHECK_FALSE(testing::CheckPrometheusText("# TYPE a counter\na{b=\"\\x\"} 1\n", &s).empty());
  CHECK_FALSE(testing::CheckPrometheusText("# TYPE a counter\na one\n", &s).empty());
  CHECK_FALSE(testing::CheckPrometheusText("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\n"
                                           "h_sum 1\nh_count 1\n", &s).empty());           // not cumulative
  CHECK_FALSE(testing::CheckPrometheusText("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\n"
                                           "h_sum 1\nh_count 3\n", &s).empty());           // +Inf != count
}

TEST_CASE("metrics render as strict Prometheus text with the right numbers") {
  daemon::Metrics m;
  std::vector<testing::PromSample> samples;
  CHECK(testing::CheckPrometheusText(m.Render(0), &samples) == "");   // valid before anything happened
  m.RecordFetch(200, "", 1000, 0.02);
  m.RecordFetch(200, "", 500, 0.3);
  m.RecordFetch(404, "", 10, 0.07);
  m.RecordFetch(0, "timeout", 0, 120.5);
  m.RecordFetch(503, "", 0, 1.5);
  m.RecordCrawl("discovery", true, 4, 3, 3, 0, 1);
  m.RecordCrawl("recheck", true, 3, 0, 1, 1, 0);
  m.RecordCrawl("recheck", false, 0, 0, 0, 0, 0);
  m.AddError("seed");
  m.AddError("disk \"full\"\n");   // label values are escaped
  m.SetQueue(7, 2);
  m.SetGauges(5, 1);
  samples.clear();
  const std::string text = m.Render(1700000000000000);
  INFO(text);
  REQUIRE(testing::CheckPrometheusText(text, &samples) == "");
  CHECK(Value(samples, "nianbao_pages_fetched_total", {{"status", "200"}}) == 2);
  CHECK(Value(samples, "nianbao_pages_fetched_total", {{"status", "404"}}) == 1);
  CHECK(Value(samples, "nianbao_pages_fetched_total", {{"status", "error"}}) == 1);
  CHECK(Value(samples, "nianbao_fetch_errors_total", {{"kind", "timeout"}}) == 1);
  CHECK(Value(samples, "nianbao_fetched_bytes_total") == 1510);
  CHECK(Value(samples, "nianbao_fetch_duration_seconds_bucket", {{"le", "0.05"}}) == 1);
  CHECK(Value(samples, "nianbao_fetch_duration_seconds_bucket", {{"le", "0.1"}}) == 2);
  CHECK(Value(samples, "nianbao_fetch_duration_seconds_bucket", {{"le", "2.5"}}) == 4);
  CHECK(Value(samples, "nianbao_fetch_duration_seconds_bucket", {{"le", "120"}}) == 4);
  CHECK(Value(samples, "nianbao_fetch_duration_seconds_bucket", {{"le", "+Inf"}}) == 5);
  CHECK(Value(samples, "nianbao_fetch_duration_seconds_count") == 5);
  CHECK(Value(samples, "nianbao_fetch_duration_seconds_sum") == Approx(122.39));
  CHECK(Value(samples, "nianbao_queue_size") == 7);
  CHECK(Value(samples, "nianbao_reports_found_total") == 7);
  CHECK(Value(samples, "nianbao_versions_written_total") == 4);
  CHECK(Value(samples, "nianbao_new_documents_total") == 3);
  CHECK(Value(samples, "nianbao_withdrawn_total") == 1);
  CHECK(Value(samples, "nianbao_hosts_in_backoff") == 1);
  CHECK(Value(samples, "nianbao_agencies") == 5);
  CHECK(Value(samples, "nianbao_crawls_total", {{"kind", "recheck"}, {"result", "failed"}}) == 1);
  CHECK(Value(samples, "nianbao_errors_total", {{"kind", "disk \"full\"\n"}}) == 1);
  CHECK(Value(samples, "nianbao_start_time_seconds") == 1700000000);
}
