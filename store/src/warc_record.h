// One WARC record: named header fields plus a block, serialized as its own gzip member.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "nianbao/common/status.h"

namespace nianbao::store::warc {

struct Record {
  std::vector<std::pair<std::string, std::string>> fields;  // in order; Content-Length is added
  std::string block;
  void Add(std::string name, std::string value) { fields.emplace_back(std::move(name), std::move(value)); }
};

// "WARC/1.1\r\n" + fields + "Content-Length: N\r\n\r\n" + block + "\r\n\r\n".
std::string Serialize(const Record& record);

// data as one complete gzip member (RFC 1952), so a reader can seek to any record.
Result<std::string> GzipMember(std::string_view data);

// "<urn:uuid:…>" derived from name (SHA-256 based, version 8 "custom" layout of RFC 9562).
std::string RecordId(std::string_view name);

}  // namespace nianbao::store::warc
