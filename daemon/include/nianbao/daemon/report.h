// What the daemon tells its users, computed from the archive alone (so `nianbao status` without
// a daemon prints the same): the status summary, the Atom feed of changes, version diffs.
#pragma once

#include <cstddef>
#include <string>

#include "nianbao/common/json.h"
#include "nianbao/common/status.h"
#include "nianbao/daemon/schedule.h"
#include "nianbao/store/archive.h"

namespace nianbao::daemon {

// {"agencies": {id: {name, documents, versions, withdrawn, schedule…}}, "totals": {…},
//  "last_changes": [… newest first, at most `changes`], "schedule": Scheduler::ToJson()}.
Result<Json> StatusJson(store::Archive* archive, Scheduler* scheduler, size_t changes = 20);

// An Atom 1.0 feed (RFC 4287) of the newest `max_entries` change events (new, changed,
// reverted, withdrawn, restored), newest first. base_url ("http://127.0.0.1:8750") makes the
// links absolute: each entry links to /diff?agency=…&year=…&from=…&to=… and to the report.
Result<std::string> AtomFeed(store::Archive* archive, const std::string& base_url, size_t max_entries);

// Unified diff text between two versions of a document; from = 0 means "nothing" (a new
// document's whole text shows as added). NotFound for an unknown document or version.
Result<std::string> VersionDiff(store::Archive* archive, const store::DocKey& key, int from, int to);

}  // namespace nianbao::daemon
