// A worker's memory of the links it has already offered to the frontier in this crawl.
//
// A page's links are mostly the site's navigation, sidebar and footer, repeated on every page:
// the frontier (writer thread) sees each again and again only to find it seen. A worker that
// remembers what it offered drops those repeats before they are copied into frontier items,
// queued and looked up (the bench web: ~35 links a page, nearly all repeats). Only what is
// decided for good may be skipped: an offered link is admitted by the frontier (seen for the
// rest of the crawl), refused by it for an exhausted budget (budgets only fill), or dropped as a
// trap shape (the same next time); depth and host drops happen before the offer, so a link met
// again nearer the seed is still offered. One loss is accepted: when the frontier's commit
// fails (the archive cannot write), the links of that batch are not offered again in this run.
//
// The memory is a bounded table of 64-bit hashes of (agency, method, url, body), cleared when
// it fills: a false "offered" needs two keys of one crawl to share 64 bits (about n²/2⁶⁵ for n
// keys in the table: 10⁻¹¹ at its 16,384 entries).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace nianbao::crawler::internal {

class OfferedLinks {
 public:
  // True the first time (agency, method, url, body) is seen since the table last filled: offer
  // the link. False for a repeat: drop it.
  bool FirstOffer(std::string_view agency, std::string_view method, std::string_view url, std::string_view body) {
    const uint64_t key = Key(agency, method, url, body);
    if (slots_.empty()) slots_.assign(kSlots, 0);
    for (size_t i = key & (kSlots - 1);; i = (i + 1) & (kSlots - 1)) {
      if (slots_[i] == key) return false;
      if (slots_[i] == 0) {
        if (++used_ > kSlots / 4 * 3) {   // full enough: start over, this key first
          slots_.assign(kSlots, 0);
          used_ = 1;
          i = key & (kSlots - 1);
        }
        slots_[i] = key;
        return true;
      }
    }
  }

  // Whether FirstOffer(agency, "GET", url, "") would now return false.
  bool Offered(std::string_view agency, std::string_view url) const {
    if (slots_.empty()) return false;
    const uint64_t key = Key(agency, "GET", url, "");
    for (size_t i = key & (kSlots - 1);; i = (i + 1) & (kSlots - 1)) {
      if (slots_[i] == key) return true;
      if (slots_[i] == 0) return false;
    }
  }

 private:
  static uint64_t Key(std::string_view agency, std::string_view method, std::string_view url, std::string_view body) {
    const std::hash<std::string_view> h;
    uint64_t key = h(url);
    key = key * 0x9E3779B97F4A7C15ULL + h(agency);
    if (method != "GET" || !body.empty()) key = (key * 0x9E3779B97F4A7C15ULL + h(method)) * 31 + h(body);
    return key == 0 ? 1 : key;   // 0 marks an empty slot
  }

  static constexpr size_t kSlots = 1 << 14;   // 128 KB per worker
  std::vector<uint64_t> slots_;
  size_t used_ = 0;
};

}  // namespace nianbao::crawler::internal
