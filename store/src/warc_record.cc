#include "warc_record.h"

#include <zlib.h>

#include <cstdio>

#include "nianbao/common/hash.h"

namespace nianbao::store::warc {

std::string Serialize(const Record& record) {
  std::string out = "WARC/1.1\r\n";
  for (const auto& [name, value] : record.fields) out += name + ": " + value + "\r\n";
  out += "Content-Length: " + std::to_string(record.block.size()) + "\r\n\r\n";
  out += record.block;
  out += "\r\n\r\n";
  return out;
}

Result<std::string> GzipMember(std::string_view data) {
  z_stream z{};
  // windowBits 15 + 16: a gzip wrapper instead of zlib's.
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return Status::IOError("zlib: deflateInit2 failed");
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  const size_t written = z.total_out;
  deflateEnd(&z);
  if (rc != Z_STREAM_END) return Status::IOError("zlib: deflate did not finish");
  out.resize(written);
  return out;
}

std::string RecordId(std::string_view name) {
  Sha256Digest d = Sha256(name);
  d[6] = static_cast<uint8_t>((d[6] & 0x0f) | 0x80);  // version 8
  d[8] = static_cast<uint8_t>((d[8] & 0x3f) | 0x80);  // RFC 9562 variant
  std::string hex = HexEncode(std::string_view(reinterpret_cast<const char*>(d.data()), 16));
  return "<urn:uuid:" + hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12) + ">";
}

}  // namespace nianbao::store::warc
