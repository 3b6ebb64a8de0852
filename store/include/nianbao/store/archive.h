// The archive: every report of every agency and year, versioned, in one embedded LevelDB.
//
// A document is one (agency, report year). Each document has versions 1, 2, … ; a new version is
// written only when the report's normalized text (NormalizeForComparison) is one the document
// never had: a report that goes back to an earlier text points at that earlier version again
// (its "current" version) instead of duplicating it. Every fetch is
// an observation of the document, changed or not. A capture is the exact bytes of one HTTP
// response; its payload is stored once per SHA-256 (content-addressed, zlib-compressed).
// store/FORMAT.md documents the keys, so that other tools can read an archive.
//
// Durability: every write is one LevelDB WriteBatch, so it is atomic. With Options::sync false
// (the default) a write survives the process being killed (SIGKILL) as soon as the call returns;
// with sync true it also survives a power loss, at the price of one fsync per write.
//
// Thread safety: an Archive may be used from several threads at once.
// Only one process may open an archive; a second gets Status::Busy.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "nianbao/common/clock.h"
#include "nianbao/common/status.h"

namespace nianbao::store {

constexpr int kSchemaVersion = 1;

struct DocKey {
  std::string agency;   // the seed's agency id (or its name when it has no id)
  int year = 0;         // the year the report is ABOUT
  bool operator==(const DocKey&) const = default;
};

// Who publishes: recorded once per agency, updated when a seed says more.
struct AgencyInfo {
  std::string id;
  std::string name;
  std::string region;
  std::string province;
  std::string level;            // province | city | county | district | ""
  std::string discovered_from;  // URL of the page where a non-seed agency was found; "" for seeds
};

// One HTTP exchange, as fetched. body is the exact bytes received (not decoded).
struct Capture {
  std::string url;
  std::string method = "GET";
  std::string request_headers;   // raw request head, "GET / HTTP/1.1\r\n…\r\n\r\n"; may be empty
  int http_status = 0;
  std::string response_headers;  // raw response head incl. status line; may be empty
  std::string body;
  bool truncated = false;        // body was cut at the size limit
  int64_t fetched_at = 0;        // micros since epoch
  std::string ip;                // remote address, when known
};

struct CaptureRecord {
  uint64_t seq = 0;              // order of arrival in this archive
  std::string url, method, request_headers, response_headers, ip;
  int http_status = 0;
  bool truncated = false;
  int64_t fetched_at = 0;
  std::string payload_sha256;    // hex; the payload is in the blob store
  uint64_t payload_size = 0;
  bool first_of_payload = true;  // false when the same payload bytes were stored before
};

// What a fetch (or an import) saw of one report.
struct Observation {
  int64_t time = 0;              // micros since epoch
  std::string url;               // where it was seen ("file:…" for imports)
  int http_status = 0;           // 0 for imports
  std::string etag, last_modified;
  std::string content_sha256;    // of the normalized text
  std::string capture_sha256;    // payload digest of the raw capture, if one was stored
  int version = 0;               // the version this observation saw (after the write)
  bool changed = false;          // true when this observation created that version
  std::string event;             // "seen" | "withdrawn"
};

// The report's content, as the extractor made it.
struct ReportContent {
  std::string title;
  std::string text;              // canonical text form (UTF-8)
  std::string url;
  std::string source_format;     // html | pdf | docx | doc | text
  std::string stats_json;        // the parser's output (JSON object), "" when none
};

struct Version {
  int number = 0;
  int64_t created = 0;           // micros since epoch
  std::string title, url, source_format;
  std::string content_sha256;    // of NormalizeForComparison(text)
  std::string text;
  std::string stats_json;
};

struct DocumentInfo {
  DocKey key;
  AgencyInfo agency;
  int versions = 0;              // how many distinct texts the document has had
  int current_version = 0;       // the version whose text the document has now
  int observations = 0;
  int64_t first_seen = 0;
  int64_t last_seen = 0;
  int64_t last_changed = 0;
  bool withdrawn = false;
  int64_t withdrawn_at = 0;
  std::string latest_title, latest_url, latest_source_format, latest_sha256;
  std::vector<std::string> urls;  // every URL the report was seen at
  std::vector<std::string> version_sha256;  // [i] = content hash of version i+1
};

struct PutResult {
  bool new_document = false;
  bool new_version = false;
  bool reverted = false;         // the text went back to an earlier version's
  int version = 0;               // the document's current version after the write
  std::string content_sha256;
};

// A change to the archive, in order, for /changes feeds and `status`.
struct ChangeEvent {
  uint64_t seq = 0;
  int64_t time = 0;
  DocKey key;
  std::string kind;   // "new" | "changed" | "reverted" | "withdrawn" | "restored"
  int version = 0;
  std::string title, url;
};

struct Options {
  bool create_if_missing = true;
  bool sync = false;            // fsync each write (power-loss durability)
  // Memory the open archive holds, besides what a caller's reads return. LevelDB keeps up to two
  // write buffers (the one being filled and the one being flushed) and the block cache, so
  // MemoryUsage() stays near 2 * write_buffer_bytes + block_cache_bytes (plus open tables'
  // index and filter blocks). Large buffers suit batch writers (crawl, import); a long-lived
  // process wants small ones (see DaemonStoreOptions in daemon/).
  size_t block_cache_bytes = 8 << 20;
  size_t write_buffer_bytes = 32 << 20;   // fewer, larger level-0 files for text-heavy writes
  // LevelDB maps up to 1,000 table files into memory, and the pages its reads touch count in the
  // process's RSS (3.2 MB of mapped table pages at a 300-host crawl's peak; with false, 1.1 MB
  // less peak RSS). false: tables are read with pread (through the block cache either way) and
  // at most 200 are kept open. For crawls and the daemon.
  bool map_table_files = true;
  Clock* clock = nullptr;       // nullptr: Clock::Real()
};

class Archive {
 public:
  virtual ~Archive() = default;

  // Opens (or creates) the archive in directory dir. Stores nullptr in *out and returns a
  // non-OK status on error: Busy when another process holds it, InvalidArgument when dir is not
  // an archive and create_if_missing is false, Corruption for an unknown schema version.
  static Status Open(const Options& options, const std::string& dir, std::unique_ptr<Archive>* out);

  // --- Documents --------------------------------------------------------------------------
  // Records an observation of a report; writes a new version iff the normalized text differs
  // from every earlier version's (or the document is new). Clears a withdrawal. capture_sha256 may
  // be "" when no raw capture was kept.
  virtual Result<PutResult> PutReport(const DocKey& key, const AgencyInfo& agency,
                                      const ReportContent& content, const Observation& obs) = 0;
  // Marks a document withdrawn (404/410, or a soft "page gone") at obs.time, keeping its versions.
  // NotFound when the document does not exist. A second call while withdrawn only adds the
  // observation.
  virtual Status MarkWithdrawn(const DocKey& key, const Observation& obs) = 0;
  // Adds an observation that saw the document unchanged without its text (a 304 answer).
  virtual Status PutUnchanged(const DocKey& key, const Observation& obs) = 0;

  virtual Result<DocumentInfo> GetDocument(const DocKey& key) = 0;
  // Documents in key order; agency / year filters are exact matches when set.
  virtual Status ListDocuments(const std::optional<std::string>& agency, std::optional<int> year,
                               const std::function<bool(const DocumentInfo&)>& fn) = 0;
  // version 0 means the current one.
  virtual Result<Version> GetVersion(const DocKey& key, int version) = 0;
  virtual Status ListVersions(const DocKey& key, const std::function<bool(const Version&)>& fn) = 0;
  virtual Status ListObservations(const DocKey& key,
                                  const std::function<bool(const Observation&)>& fn) = 0;
  // The document a URL was last seen as, if any (for re-checks of known report URLs).
  virtual Result<DocKey> FindByUrl(const std::string& url) = 0;

  // --- Agencies -----------------------------------------------------------------------------
  virtual Status PutAgency(const AgencyInfo& agency) = 0;
  virtual Result<AgencyInfo> GetAgency(const std::string& id) = 0;
  virtual Status ListAgencies(const std::function<bool(const AgencyInfo&)>& fn) = 0;

  // --- Raw captures -------------------------------------------------------------------------
  // Stores a capture record and its payload (once per distinct payload). Returns the payload's
  // SHA-256 hex.
  virtual Result<std::string> PutCapture(const Capture& capture) = 0;
  virtual Result<std::string> GetPayload(const std::string& sha256_hex) = 0;
  virtual Status ListCaptures(const std::function<bool(const CaptureRecord&)>& fn) = 0;

  // --- Changes ------------------------------------------------------------------------------
  // Change events with seq > after_seq, oldest first.
  virtual Status ListChanges(uint64_t after_seq, const std::function<bool(const ChangeEvent&)>& fn) = 0;

  // --- State for the crawler and the daemon ---------------------------------------------------
  // A plain key/value space, namespaced ("frontier", "seen", "schedule", …), written atomically
  // in batches. Keys sort bytewise within a namespace.
  class StateBatch {
   public:
    virtual ~StateBatch() = default;
    virtual void Put(const std::string& ns, const std::string& key, const std::string& value) = 0;
    virtual void Delete(const std::string& ns, const std::string& key) = 0;
  };
  virtual std::unique_ptr<StateBatch> NewStateBatch() = 0;
  virtual Status Commit(StateBatch* batch) = 0;
  virtual Status PutState(const std::string& ns, const std::string& key, const std::string& value) = 0;
  virtual Result<std::string> GetState(const std::string& ns, const std::string& key) = 0;  // NotFound
  virtual Status DeleteState(const std::string& ns, const std::string& key) = 0;
  // Keys of ns starting with prefix, in order, until fn returns false.
  virtual Status ScanState(const std::string& ns, const std::string& prefix,
                           const std::function<bool(const std::string& key, const std::string& value)>& fn) = 0;
  // The same from the first key ≥ start (start "" or below prefix: from the prefix's first key).
  virtual Status ScanStateFrom(const std::string& ns, const std::string& prefix, const std::string& start,
                               const std::function<bool(const std::string& key, const std::string& value)>& fn) = 0;

  // Compacts the whole database (drops overwritten records); slow, for maintenance and benches.
  virtual Status CompactAll() = 0;

  // Approximate bytes on disk.
  virtual uint64_t ApproximateSize() = 0;
  // Approximate bytes held in memory: write buffers (memtables) and the block cache.
  virtual uint64_t MemoryUsage() = 0;
  // The directory this archive lives in.
  virtual const std::string& dir() const = 0;
};

}  // namespace nianbao::store
