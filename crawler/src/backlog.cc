#include "backlog.h"

#include <algorithm>
#include <string_view>

#include "nianbao/crawler/url.h"

namespace nianbao::crawler::internal {
namespace {

uint64_t KeyHash(std::string_view key) { return std::hash<std::string_view>()(key); }

// The part of a request key shared by the host's requests of one scheme and method: up to the
// '/' after the authority ("http://host/", "POST https://host:8080/"). "" when there is none.
std::string LanePrefix(std::string_view key) {
  size_t p = key.find("://");
  if (p == std::string_view::npos) return "";
  p = key.find_first_of("/\n", p + 3);
  if (p == std::string_view::npos || key[p] != '/') return "";
  return std::string(key.substr(0, p + 1));
}

}  // namespace

bool Backlog::Admit(const FrontierItem& item) {
  if (o_.per_host == 0) return true;
  const std::string key = item.Key();
  Host& h = hosts_[HostOf(item.url)];
  const bool urgent =
      item.priority + item.depth >= o_.urgent_score && h.out.size() < o_.per_host + o_.urgent_per_host;
  std::string prefix;
  if (!urgent && (h.spilled > 0 || h.out.size() >= o_.per_host)) prefix = LanePrefix(key);
  if (prefix.empty()) {   // room, urgent, or a key no lane can read back: keep it in memory
    h.out.push_back(KeyHash(key));
    return true;
  }
  Spill(&h, std::move(prefix));
  return false;
}

void Backlog::Spill(Host* h, std::string prefix) {
  auto lane = std::find_if(h->lanes.begin(), h->lanes.end(), [&](const Lane& l) { return l.prefix == prefix; });
  if (lane == h->lanes.end()) lane = h->lanes.insert(h->lanes.end(), Lane{std::move(prefix), "", 0});
  ++lane->spilled;
  ++h->spilled;
  ++spilled_;
}

void Backlog::WantIfRoom(Host* h) {
  if (h->spilled > 0 && !h->wanting && h->out.size() <= o_.per_host / 2) {
    h->wanting = true;
    wanting_.push_back(h);   // unordered_map nodes do not move
  }
}

void Backlog::Done(const FrontierItem& item) {
  if (o_.per_host == 0) return;
  auto it = hosts_.find(HostOf(item.url));
  if (it == hosts_.end()) return;
  Host& h = it->second;
  auto p = std::find(h.out.begin(), h.out.end(), KeyHash(item.Key()));
  if (p != h.out.end()) {
    *p = h.out.back();
    h.out.pop_back();
  }
  WantIfRoom(&h);
}

void Backlog::Return(const FrontierItem& item) {
  if (o_.per_host == 0) return;
  auto it = hosts_.find(HostOf(item.url));
  if (it == hosts_.end()) return;
  Host& h = it->second;
  const std::string key = item.Key();
  std::string prefix = LanePrefix(key);
  auto p = std::find(h.out.begin(), h.out.end(), KeyHash(key));
  if (p == h.out.end() || prefix.empty()) return;   // not out, or it cannot be read back: stays out
  *p = h.out.back();
  h.out.pop_back();
  Spill(&h, std::move(prefix));
  WantIfRoom(&h);
}

Status Backlog::Refill(std::vector<FrontierItem>* out) {
  Status first;
  std::vector<Host*> failed;
  for (Host* h : wanting_) {
    h->wanting = false;
    Status s = Fill(h, out);
    if (!s.ok()) {
      failed.push_back(h);
      if (first.ok()) first = s;
    }
  }
  wanting_.clear();
  for (Host* h : failed) {
    h->wanting = true;
    wanting_.push_back(h);
  }
  return first;
}

Status Backlog::Fill(Host* h, std::vector<FrontierItem>* out) {
  for (Lane& lane : h->lanes) {
    if (h->out.size() >= o_.per_host) break;
    if (lane.spilled == 0) continue;
    Status s = FillLane(h, &lane, out);
    if (!s.ok()) return s;
  }
  return Status::OK();
}

// Reads the lane's keys from its cursor to the end, then from the start to the cursor, taking
// those not handed out until the host is full or the lane has nothing spilled left.
Status Backlog::FillLane(Host* h, Lane* lane, std::vector<FrontierItem>* out) {
  const std::string from = lane->cursor;
  auto take = [&](const std::string& key, FrontierItem&& item) {
    const uint64_t k = KeyHash(key);
    if (std::find(h->out.begin(), h->out.end(), k) != h->out.end()) return true;
    h->out.push_back(k);
    lane->cursor = key;
    --lane->spilled;
    --h->spilled;
    --spilled_;
    out->push_back(std::move(item));
    return lane->spilled > 0 && h->out.size() < o_.per_host;
  };
  Status s = scan_(lane->prefix, from, take);
  if (s.ok() && lane->spilled > 0 && h->out.size() < o_.per_host && !from.empty())
    s = scan_(lane->prefix, "", [&](const std::string& key, FrontierItem&& item) {
      return key < from && take(key, std::move(item));
    });
  if (s.ok() && lane->spilled > 0 && h->out.size() < o_.per_host) {
    // A whole pass found fewer than were counted: the invariant broke (see backlog.h).
    lost_ += lane->spilled;
    h->spilled -= lane->spilled;
    spilled_ -= lane->spilled;
    lane->spilled = 0;
  }
  return s;
}

}  // namespace nianbao::crawler::internal
