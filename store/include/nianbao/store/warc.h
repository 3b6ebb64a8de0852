// WARC/1.1 (ISO 28500:2017) export of the archive's raw captures, for web archivists' tools
// (pywb, warcio, OpenWayback). Streams capture by capture: memory holds one payload at a time
// plus one small entry per distinct payload (for revisit records).
#pragma once

#include <cstdint>
#include <ostream>
#include <string>

#include "nianbao/common/clock.h"
#include "nianbao/common/status.h"
#include "nianbao/store/archive.h"

namespace nianbao::store {

struct WarcOptions {
  std::string filename;                // WARC-Filename of the warcinfo record ("" to omit)
  std::string software = "nianbao/0.1.0";
  Clock* clock = nullptr;              // the warcinfo record's date; nullptr: Clock::Real()
};

struct WarcStats {
  size_t warcinfo = 0, request = 0, response = 0, revisit = 0, resource = 0;
  uint64_t bytes = 0;                  // compressed bytes written
};

// Writes a warcinfo record, then for every capture (Archive::ListCaptures order):
//  - http(s) captures: a request record (the recorded request head, or a minimal synthesized
//    one) and a response record (the recorded response head, or a synthesized one, + payload);
//    when CaptureRecord::first_of_payload is false and the first capture of that payload was
//    written earlier in this file, a revisit record (profile identical-payload-digest) instead
//    of the response;
//  - other captures (file: imports): a resource record.
// Each record is its own gzip member. Record ids are name-based UUIDs (from the capture), so
// exporting the same archive twice gives the same ids. Stops at the first write or read error.
Status ExportWarc(Archive* archive, std::ostream& out, const WarcOptions& options, WarcStats* stats);

// The recorded response head made consistent with the stored payload, which the crawler keeps
// decoded: Content-Encoding / Transfer-Encoding become X-Archive-Orig-* (the payload is no longer
// encoded), a Content-Length that does not match is renamed the same way and a right one added.
// A head without the final blank line gets one. Exposed for tests.
std::string NormalizeResponseHead(const std::string& head, uint64_t payload_size);

}  // namespace nianbao::store
