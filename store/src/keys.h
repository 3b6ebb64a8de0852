// Key encoding of the archive (store/FORMAT.md is the contract; keep the two in step).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace nianbao::store::keys {

inline constexpr char kSep = '\0';

std::string Pad(uint64_t n, int width);
std::string Schema();
std::string Seq();
std::string Agency(std::string_view id);
std::string Document(std::string_view agency, int year);
std::string DocumentPrefix(std::string_view agency);  // all documents of one agency ("" = all)
std::string VersionPrefix(std::string_view agency, int year);
std::string Version(std::string_view agency, int year, int version);
std::string ObservationPrefix(std::string_view agency, int year);
std::string Observation(std::string_view agency, int year, int64_t time, uint64_t seq);
std::string Url(std::string_view url);
std::string Capture(uint64_t seq);
std::string Blob(std::string_view sha256_hex);
std::string Event(uint64_t seq);
std::string State(std::string_view ns, std::string_view key);

}  // namespace nianbao::store::keys
