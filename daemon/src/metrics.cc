#include "nianbao/daemon/metrics.h"

#include <cstdio>
#include <sstream>

namespace nianbao::daemon {
namespace {

// Prometheus label values escape \, " and newline.
std::string Label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

// 15 significant digits: "0.05", not "0.050000000000000003" (the le label must read as written).
std::string Num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

void Head(std::ostringstream& o, const char* name, const char* type, const char* help) {
  o << "# HELP " << name << " " << help << "\n# TYPE " << name << " " << type << "\n";
}

}  // namespace

void Metrics::RecordFetch(int status, const std::string& error, uint64_t bytes, double seconds) {
  std::lock_guard<std::mutex> l(mu_);
  ++pages_by_status_[status > 0 ? std::to_string(status) : "error"];
  if (status == 0) ++fetch_errors_[error.empty() ? "other" : error];
  bytes_ += bytes;
  size_t i = 0;
  while (i < kLatencyBuckets.size() && seconds > kLatencyBuckets[i]) ++i;
  if (i < kLatencyBuckets.size()) ++buckets_[i];
  ++latency_count_;
  latency_sum_ += seconds;
}

void Metrics::RecordCrawl(const std::string& kind, bool ok, uint64_t reports, uint64_t new_documents,
                          uint64_t new_versions, uint64_t withdrawn, uint64_t errors) {
  std::lock_guard<std::mutex> l(mu_);
  ++crawls_[{kind, ok ? "ok" : "failed"}];
  reports_ += reports;
  new_documents_ += new_documents;
  versions_ += new_versions;
  withdrawn_ += withdrawn;
  crawl_errors_ += errors;
}

void Metrics::AddError(const std::string& kind) {
  std::lock_guard<std::mutex> l(mu_);
  ++errors_[kind];
}

void Metrics::SetQueue(uint64_t queued, uint64_t in_flight) {
  std::lock_guard<std::mutex> l(mu_);
  queued_ = queued;
  in_flight_ = in_flight;
}

void Metrics::SetGauges(uint64_t agencies, uint64_t hosts_in_backoff) {
  std::lock_guard<std::mutex> l(mu_);
  agencies_ = agencies;
  backoff_ = hosts_in_backoff;
}

void Metrics::SetStoreMemory(uint64_t bytes) {
  std::lock_guard<std::mutex> l(mu_);
  store_memory_ = bytes;
}

std::string Metrics::Render(int64_t start_time_micros) const {
  std::lock_guard<std::mutex> l(mu_);
  std::ostringstream o;
  Head(o, "nianbao_pages_fetched_total", "counter", "HTTP answers received, by status (\"error\": no answer).");
  for (const auto& [status, n] : pages_by_status_)
    o << "nianbao_pages_fetched_total{status=\"" << Label(status) << "\"} " << n << "\n";
  Head(o, "nianbao_fetch_errors_total", "counter", "Fetches that got no HTTP answer, by kind.");
  for (const auto& [kind, n] : fetch_errors_)
    o << "nianbao_fetch_errors_total{kind=\"" << Label(kind) << "\"} " << n << "\n";
  Head(o, "nianbao_fetched_bytes_total", "counter", "Body bytes received.");
  o << "nianbao_fetched_bytes_total " << bytes_ << "\n";
  Head(o, "nianbao_fetch_duration_seconds", "histogram", "Time from request to complete answer.");
  uint64_t cumulative = 0;
  for (size_t i = 0; i < kLatencyBuckets.size(); ++i) {
    cumulative += buckets_[i];
    o << "nianbao_fetch_duration_seconds_bucket{le=\"" << Num(kLatencyBuckets[i]) << "\"} " << cumulative << "\n";
  }
  o << "nianbao_fetch_duration_seconds_bucket{le=\"+Inf\"} " << latency_count_ << "\n";
  o << "nianbao_fetch_duration_seconds_sum " << Num(latency_sum_) << "\n";
  o << "nianbao_fetch_duration_seconds_count " << latency_count_ << "\n";
  Head(o, "nianbao_queue_size", "gauge", "Requests waiting in the running crawl's per-host queues.");
  o << "nianbao_queue_size " << queued_ << "\n";
  Head(o, "nianbao_in_flight", "gauge", "Transfers in flight in the running crawl.");
  o << "nianbao_in_flight " << in_flight_ << "\n";
  Head(o, "nianbao_reports_found_total", "counter", "Report observations stored (a report seen again counts again).");
  o << "nianbao_reports_found_total " << reports_ << "\n";
  Head(o, "nianbao_new_documents_total", "counter", "Reports never seen before.");
  o << "nianbao_new_documents_total " << new_documents_ << "\n";
  Head(o, "nianbao_versions_written_total", "counter", "Versions written (a new document's first included).");
  o << "nianbao_versions_written_total " << versions_ << "\n";
  Head(o, "nianbao_withdrawn_total", "counter", "Reports found withdrawn.");
  o << "nianbao_withdrawn_total " << withdrawn_ << "\n";
  Head(o, "nianbao_crawl_failed_urls_total", "counter", "URLs that finally failed in crawls.");
  o << "nianbao_crawl_failed_urls_total " << crawl_errors_ << "\n";
  Head(o, "nianbao_crawls_total", "counter", "Crawl jobs run, by kind and result.");
  for (const auto& [k, n] : crawls_)
    o << "nianbao_crawls_total{kind=\"" << Label(k.first) << "\",result=\"" << Label(k.second) << "\"} " << n << "\n";
  Head(o, "nianbao_errors_total", "counter", "Errors the daemon logged and survived, by kind.");
  for (const auto& [kind, n] : errors_) o << "nianbao_errors_total{kind=\"" << Label(kind) << "\"} " << n << "\n";
  Head(o, "nianbao_agencies", "gauge", "Agencies scheduled.");
  o << "nianbao_agencies " << agencies_ << "\n";
  Head(o, "nianbao_hosts_in_backoff", "gauge", "Hosts backing off after failing.");
  o << "nianbao_hosts_in_backoff " << backoff_ << "\n";
  Head(o, "nianbao_store_memory_bytes", "gauge", "Memory the archive holds: write buffers and block cache.");
  o << "nianbao_store_memory_bytes " << store_memory_ << "\n";
  Head(o, "nianbao_start_time_seconds", "gauge", "When the daemon started (Unix time).");
  o << "nianbao_start_time_seconds " << start_time_micros / 1000000 << "\n";
  return o.str();
}

}  // namespace nianbao::daemon
