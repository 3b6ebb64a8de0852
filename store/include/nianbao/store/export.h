// Exports of the archive for analysis: JSONL and CSV (WARC lives in warc.h).
// Both stream document by document: memory stays bounded however large the archive.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "nianbao/common/status.h"
#include "nianbao/store/archive.h"

namespace nianbao::store {

struct ExportOptions {
  bool all_versions = false;            // one record per version instead of the latest only
  std::vector<std::string> stat_fields; // CSV: one column per parser field, in this order
};

// JSONL: one object per document (or version) with agency, agency_name, region, province, level,
// year, title, url, source_format, version, versions, first_seen, last_changed, withdrawn,
// withdrawn_at, sha256, text, and — when the version has them — stats and checks.
// Returns the number of records written through *count.
Status ExportJsonl(Archive* archive, const ExportOptions& options, std::ostream& out, size_t* count);

// CSV (RFC 4180, UTF-8 with a header row): the same metadata without the text, then the
// stat_fields columns (empty when the report lacks the field), then checks_failed.
Status ExportCsv(Archive* archive, const ExportOptions& options, std::ostream& out, size_t* count);

}  // namespace nianbao::store
