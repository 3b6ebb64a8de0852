// Content digests. SHA-256 is the archive's content address and the WARC payload digest's source.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace nianbao {

using Sha256Digest = std::array<uint8_t, 32>;

Sha256Digest Sha256(std::string_view data);
std::string Sha256Hex(std::string_view data);       // 64 lowercase hex chars
std::string Sha1Base32(std::string_view data);      // WARC-style "sha1:" payload (32 chars)
std::string HexEncode(std::string_view bytes);

}  // namespace nianbao
