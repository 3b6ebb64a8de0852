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
Json FromVersion(const Version& v);
Version ToVersion(const Json& j);
Json FromObservation(const Observation& o);
Observation ToObservation(const Json& j);
Json FromCapture(const CaptureRecord& c);
CaptureRecord ToCapture(const Json& j);
Json FromEvent(const ChangeEvent& e);
ChangeEvent ToEvent(const Json& j);

// Parses a stored value; Corruption (naming the key) when it is not JSON.
Result<Json> Decode(std::string_view key, std::string_view value);

}  // namespace nianbao::store::records
