#include "politeness.h"

#include <algorithm>

#include "nianbao/crawler/url.h"

namespace nianbao::crawler {
namespace {

bool Before(const HostQueue::Entry& a, const HostQueue::Entry& b) {  // heap order: a below b
  if (a.priority != b.priority) return a.priority < b.priority;
  return a.seq > b.seq;
}

}  // namespace

void HostQueue::ApplyCrawlDelay(int64_t base_ms, int64_t max_ms) {
  delay_ms = base_ms;
  if (auto cd = rules.CrawlDelaySeconds()) {
    // Crawl-delay wins when larger, up to a cap (a robots.txt asking for hours would stall us).
    int64_t ms = static_cast<int64_t>(std::min<double>(*cd * 1000.0, static_cast<double>(max_ms)));
    delay_ms = std::max(delay_ms, ms);
  }
}

void HostQueue::Push(const FrontierItem& item) {
  heap_.push_back({item.priority, item.seq, item.Pack(origin)});
  std::push_heap(heap_.begin(), heap_.end(), Before);
  if (queued_) ++*queued_;
}

FrontierItem HostQueue::Pop() {
  std::pop_heap(heap_.begin(), heap_.end(), Before);
  FrontierItem item = FrontierItem::Unpack(heap_.back().packed, origin);
  heap_.pop_back();
  if (heap_.empty()) heap_.shrink_to_fit();   // a host done with its burst gives its memory back
  if (queued_) --*queued_;
  return item;
}

HostQueue* Politeness::Host(const std::string& host, const std::string& url) {
  auto& h = hosts_[host];
  if (!h) {
    h = std::make_unique<HostQueue>();
    h->host = host;
    h->origin = (url.rfind("https:", 0) == 0 ? "https://" : "http://") + host;
    h->delay_ms = delay_ms_;
    h->queued_ = &queued_;
  }
  return h.get();
}

bool Politeness::HasWork(const HostQueue* h) const {
  return h->robots_state != HostQueue::kFetching && !h->empty() && h->active < per_host_;
}

void Politeness::Reschedule(HostQueue* h, int64_t now_ms) {
  if (h->in_ready || !HasWork(h)) return;
  if (now_ms >= h->next_ms) {
    h->in_ready = true;
    ready_.push_back(h);
  } else {
    snoozed_.push({h->next_ms, h});  // stale duplicates are harmless: Wake re-checks
  }
}

void Politeness::Wake(int64_t now_ms) {
  while (!snoozed_.empty() && snoozed_.top().first <= now_ms) {
    HostQueue* h = snoozed_.top().second;
    snoozed_.pop();
    Reschedule(h, now_ms);
  }
}

HostQueue* Politeness::NextReady(int64_t now_ms) {
  while (!ready_.empty()) {
    HostQueue* h = ready_.front();
    ready_.pop_front();
    h->in_ready = false;
    if (!HasWork(h)) continue;
    if (now_ms < h->next_ms) {
      Reschedule(h, now_ms);
      continue;
    }
    return h;
  }
  return nullptr;
}

std::optional<int64_t> Politeness::NextWake() const {
  if (snoozed_.empty()) return std::nullopt;
  return snoozed_.top().first;
}

bool Politeness::ArmTimer(int64_t t) {
  if (armed_ != 0 && armed_ <= t) return false;
  armed_ = t;
  return true;
}

}  // namespace nianbao::crawler
