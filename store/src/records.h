// JSON encoding of the archive's records (store/FORMAT.md names the fields).
#pragma once

#include "nianbao/common/json.h"
#include "nianbao/common/status.h"
#include "nianbao/store/archive.h"

namespace nianbao::store::records {

Json FromAgency(const AgencyInfo& a);
AgencyInfo ToAgency(const Json& j);
Json FromDocument(const DocumentInfo& d);
DocumentInfo ToDocument(const Json& j);
// A version is stored as one line of JSON metadata, a newline, then the text's raw UTF-8 bytes:
// the text is most of the record, and JSON-escaping it cost more than the rest of a write.
std::string EncodeVersion(const Version& v);
Result<Version> DecodeVersion(std::string_view key, std::string_view value);
Json FromObservation(const Observation& o);
Observation ToObservation(const Json& j);
Json FromCapture(const CaptureRecord& c);
CaptureRecord ToCapture(const Json& j);
Json FromEvent(const ChangeEvent& e);
ChangeEvent ToEvent(const Json& j);

// Parses a stored value; Corruption (naming the key) when it is not JSON.
Result<Json> Decode(std::string_view key, std::string_view value);

}  // namespace nianbao::store::records
