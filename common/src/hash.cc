#include "nianbao/common/hash.h"

// Nettle, not OpenSSL: a crawl of plain-HTTP sites then never initialises OpenSSL (its providers
// and tables cost ~1.7 MB of resident memory before the first TLS connection needs them).
#include <nettle/sha1.h>
#include <nettle/sha2.h>

namespace nianbao {

Sha256Digest Sha256(std::string_view data) {
  sha256_ctx ctx;
  sha256_init(&ctx);
  sha256_update(&ctx, data.size(), reinterpret_cast<const uint8_t*>(data.data()));
  Sha256Digest out{};
  sha256_digest(&ctx, out.size(), out.data());
  return out;
}

std::string HexEncode(std::string_view bytes) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

std::string Sha256Hex(std::string_view data) {
  auto d = Sha256(data);
  return HexEncode(std::string_view(reinterpret_cast<const char*>(d.data()), d.size()));
}

std::string Sha1Base32(std::string_view data) {
  std::array<uint8_t, SHA1_DIGEST_SIZE> d{};
  sha1_ctx ctx;
  sha1_init(&ctx);
  sha1_update(&ctx, data.size(), reinterpret_cast<const uint8_t*>(data.data()));
  sha1_digest(&ctx, d.size(), d.data());
  static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (uint8_t byte : d) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out.push_back(kAlphabet[(buffer >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (5 - bits)) & 31]);
  return out;  // 160 bits = 32 chars exactly, no padding
}

}  // namespace nianbao
