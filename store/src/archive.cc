// ArchiveImpl: the LevelDB-backed Archive. One mutex serialises writers (each logical write is a
// read-modify-write of the document record followed by one WriteBatch); readers go straight to
// LevelDB, whose iterators read from an implicit snapshot.
#include "nianbao/store/archive.h"

#include <leveldb/cache.h>
#include <leveldb/db.h>
#include <leveldb/env.h>
#include <leveldb/filter_policy.h>
#include <leveldb/write_batch.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <mutex>

#include "compress.h"
#include "keys.h"
#include "nianbao/common/hash.h"
#include "nianbao/common/text.h"
#include "records.h"

namespace nianbao::store {
namespace {

// Options::map_table_files = false: table files read with pread instead of mmap.
class PreadFile : public leveldb::RandomAccessFile {
 public:
  PreadFile(int fd, std::string name) : fd_(fd), name_(std::move(name)) {}
  ~PreadFile() override { ::close(fd_); }
  leveldb::Status Read(uint64_t offset, size_t n, leveldb::Slice* result, char* scratch) const override {
    size_t got = 0;
    while (got < n) {   // pread may return less than asked (a signal); a short file ends it
      const ssize_t r = ::pread(fd_, scratch + got, n - got, static_cast<off_t>(offset + got));
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) {
        *result = leveldb::Slice(scratch, 0);
        return leveldb::Status::IOError(name_, std::strerror(errno));
      }
      if (r == 0) break;
      got += static_cast<size_t>(r);
    }
    *result = leveldb::Slice(scratch, got);
    return leveldb::Status::OK();
  }

 private:
  int fd_;
  std::string name_;
};

class PreadEnv : public leveldb::EnvWrapper {
 public:
  PreadEnv() : EnvWrapper(leveldb::Env::Default()) {}
  leveldb::Status NewRandomAccessFile(const std::string& name, leveldb::RandomAccessFile** out) override {
    *out = nullptr;
    const int fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
      return errno == ENOENT ? leveldb::Status::NotFound(name, std::strerror(errno))
                             : leveldb::Status::IOError(name, std::strerror(errno));
    *out = new PreadFile(fd, name);
    return leveldb::Status::OK();
  }
};

// One for the process, never destroyed (like leveldb::Env::Default()).
leveldb::Env* ThePreadEnv() {
  static leveldb::Env* const env = new PreadEnv();
  return env;
}

constexpr size_t kMaxUrlsPerDocument = 64;

Status FromLevelDb(const leveldb::Status& s, const std::string& what) {
  if (s.ok()) return Status::OK();
  if (s.IsNotFound()) return Status::NotFound(what + ": not found");
  if (s.IsCorruption()) return Status::Corruption(what + ": " + s.ToString());
  return Status::IOError(what + ": " + s.ToString());
}

Status ValidateKey(const DocKey& key) {
  if (key.agency.empty()) return Status::InvalidArgument("empty agency");
  if (key.agency.find('\0') != std::string::npos) return Status::InvalidArgument("agency contains a NUL byte");
  if (key.year < 1990 || key.year > 2100)
    return Status::InvalidArgument("report year " + std::to_string(key.year) + " out of range 1990-2100");
  return Status::OK();
}

std::string DocName(const DocKey& key) { return key.agency + " " + std::to_string(key.year); }

class StateBatchImpl : public Archive::StateBatch {
 public:
  void Put(const std::string& ns, const std::string& key, const std::string& value) override {
    batch.Put(keys::State(ns, key), value);
  }
  void Delete(const std::string& ns, const std::string& key) override { batch.Delete(keys::State(ns, key)); }
  leveldb::WriteBatch batch;
};

class ArchiveImpl : public Archive {
 public:
  ArchiveImpl(leveldb::DB* db, leveldb::Cache* cache, const leveldb::FilterPolicy* filter, const Options& options,
              std::string dir, uint64_t seq)
      : db_(db), cache_(cache), filter_(filter), clock_(options.clock ? options.clock : Clock::Real()), dir_(std::move(dir)),
        seq_(seq) {
    write_options_.sync = options.sync;
  }
  ~ArchiveImpl() override {
    delete db_;
    delete cache_;
    delete filter_;
  }

  Result<PutResult> PutReport(const DocKey& key, const AgencyInfo& agency, const ReportContent& content,
                              const Observation& obs_in) override {
    if (Status s = ValidateKey(key); !s.ok()) return s;
    const std::string sha = Sha256Hex(NormalizeForComparison(content.text));
    const int64_t now = obs_in.time ? obs_in.time : clock_->NowMicros();

    std::lock_guard<std::mutex> lock(write_mu_);
    leveldb::WriteBatch batch;
    auto doc_or = LoadDocument(key);
    if (!doc_or.ok() && !doc_or.status().IsNotFound()) return doc_or.status();
    PutResult result;
    result.content_sha256 = sha;
    result.new_document = !doc_or.ok();
    DocumentInfo doc = doc_or.ok() ? std::move(doc_or.value()) : DocumentInfo{};
    if (result.new_document) {
      doc.key = key;
      doc.first_seen = now;
    }
    const auto known = std::find(doc.version_sha256.begin(), doc.version_sha256.end(), sha);
    result.new_version = known == doc.version_sha256.end();
    std::string event_kind;
    if (result.new_version) {
      Version v;
      v.number = doc.versions + 1;
      v.created = now;
      v.title = content.title;
      v.url = content.url;
      v.source_format = content.source_format;
      v.content_sha256 = sha;
      v.text = content.text;
      v.stats_json = content.stats_json;
      batch.Put(keys::Version(key.agency, key.year, v.number), records::EncodeVersion(v));
      doc.versions = v.number;
      doc.version_sha256.push_back(sha);
      doc.current_version = v.number;
      doc.last_changed = now;
      doc.latest_title = content.title;
      doc.latest_source_format = content.source_format;
      event_kind = result.new_document ? "new" : "changed";
    } else if (const int known_version = static_cast<int>(known - doc.version_sha256.begin()) + 1;
               known_version != doc.current_version) {
      doc.current_version = known_version;
      doc.last_changed = now;
      result.reverted = true;
      event_kind = "reverted";
    } else if (doc.withdrawn) {
      event_kind = "restored";
    }
    doc.latest_sha256 = sha;
    result.version = doc.current_version;
    doc.withdrawn = false;
    doc.withdrawn_at = 0;
    if (!content.url.empty()) {
      doc.latest_url = content.url;
      if (std::find(doc.urls.begin(), doc.urls.end(), content.url) == doc.urls.end() &&
          doc.urls.size() < kMaxUrlsPerDocument)
        doc.urls.push_back(content.url);
      batch.Put(keys::Url(content.url), DumpJson({{"agency", key.agency}, {"year", key.year}}));
    }
    Observation obs = obs_in;
    obs.time = now;
    obs.content_sha256 = sha;
    obs.version = doc.current_version;
    obs.changed = result.new_version || result.reverted;
    if (obs.event.empty()) obs.event = "seen";
    AddObservation(&batch, &doc, obs);
    if (!event_kind.empty())
      AddEvent(&batch, key, event_kind, doc.current_version, now, content.title, content.url);
    if (Status s = MergeAgency(&batch, key.agency, agency); !s.ok()) return s;
    batch.Put(keys::Document(key.agency, key.year), DumpJson(records::FromDocument(doc)));
    if (Status s = WriteLocked(&batch, "report " + DocName(key)); !s.ok()) return s;
    return result;
  }

  Status MarkWithdrawn(const DocKey& key, const Observation& obs_in) override {
    return ObserveExisting(key, obs_in, "withdrawn", [&](leveldb::WriteBatch* batch, DocumentInfo* doc,
                                                         Observation* obs) {
      obs->content_sha256.clear();
      if (doc->withdrawn) return;
      doc->withdrawn = true;
      doc->withdrawn_at = obs->time;
      AddEvent(batch, key, "withdrawn", doc->current_version, obs->time, doc->latest_title,
               obs->url.empty() ? doc->latest_url : obs->url);
    });
  }

  Status PutUnchanged(const DocKey& key, const Observation& obs_in) override {
    return ObserveExisting(key, obs_in, "seen", [](leveldb::WriteBatch*, DocumentInfo* doc, Observation* obs) {
      obs->changed = false;
      if (obs->content_sha256.empty()) obs->content_sha256 = doc->latest_sha256;
    });
  }

  Result<DocumentInfo> GetDocument(const DocKey& key) override {
    if (Status s = ValidateKey(key); !s.ok()) return s;
    auto doc = LoadDocument(key);
    if (!doc.ok()) return doc.status();
    if (auto a = GetAgency(key.agency); a.ok()) doc->agency = *a;
    return doc;
  }

  Status ListDocuments(const std::optional<std::string>& agency, std::optional<int> year,
                       const std::function<bool(const DocumentInfo&)>& fn) override {
    std::string cached_agency_id;
    AgencyInfo cached_agency;
    return Scan(keys::DocumentPrefix(agency.value_or("")), [&](std::string_view k, std::string_view v) {
      auto j = records::Decode(k, v);
      if (!j.ok()) return j.status();
      DocumentInfo d = records::ToDocument(*j);
      if (year && d.key.year != *year) return Status::OK();
      if (d.key.agency != cached_agency_id) {
        cached_agency_id = d.key.agency;
        auto a = GetAgency(d.key.agency);
        cached_agency = a.ok() ? *a : AgencyInfo{d.key.agency, d.key.agency, "", "", "", ""};
      }
      d.agency = cached_agency;
      return fn(d) ? Status::OK() : Status::Cancelled("");
    });
  }

  Result<Version> GetVersion(const DocKey& key, int version) override {
    if (Status s = ValidateKey(key); !s.ok()) return s;
    if (version < 0) return Status::InvalidArgument("version must be 1 or more");
    if (version == 0) {
      auto doc = LoadDocument(key);
      if (!doc.ok()) return doc.status();
      version = doc->current_version;
    }
    std::string k = version == 0 ? keys::VersionPrefix(key.agency, key.year)
                                 : keys::Version(key.agency, key.year, version);
    std::unique_ptr<leveldb::Iterator> it(db_->NewIterator(leveldb::ReadOptions()));
    it->Seek(k);
    const std::string prefix = keys::VersionPrefix(key.agency, key.year);
    if (!it->Valid() || !it->key().starts_with(prefix) || (version != 0 && it->key().ToString() != k)) {
      if (!it->status().ok()) return FromLevelDb(it->status(), "read " + DocName(key));
      return Status::NotFound(version == 0 ? "no document " + DocName(key)
                                           : DocName(key) + " has no version " + std::to_string(version));
    }
    return records::DecodeVersion(std::string_view(it->key().data(), it->key().size()),
                                  std::string_view(it->value().data(), it->value().size()));
  }

  Status ListVersions(const DocKey& key, const std::function<bool(const Version&)>& fn) override {
    if (Status s = ValidateKey(key); !s.ok()) return s;
    std::vector<Version> versions;  // stored newest first; callers want oldest first
    Status s = Scan(keys::VersionPrefix(key.agency, key.year), [&](std::string_view k, std::string_view v) {
      auto version = records::DecodeVersion(k, v);
      if (!version.ok()) return version.status();
      versions.push_back(std::move(version.value()));
      return Status::OK();
    });
    if (!s.ok()) return s;
    for (auto it = versions.rbegin(); it != versions.rend(); ++it)
      if (!fn(*it)) break;
    return Status::OK();
  }

  Status ListObservations(const DocKey& key, const std::function<bool(const Observation&)>& fn) override {
    if (Status s = ValidateKey(key); !s.ok()) return s;
    auto doc = LoadDocument(key);
    if (!doc.ok()) return doc.status().IsNotFound() ? Status::OK() : doc.status();
    return Scan(keys::ObservationPrefix(key.agency, key.year), [&](std::string_view k, std::string_view v) {
      auto j = records::Decode(k, v);
      if (!j.ok()) return j.status();
      Observation o = records::ToObservation(*j);
      // A "seen" observation's content hash is its version's: stored once, in the document.
      if (o.content_sha256.empty() && o.event == "seen" && o.version >= 1 &&
          o.version <= static_cast<int>(doc->version_sha256.size()))
        o.content_sha256 = doc->version_sha256[o.version - 1];
      return fn(o) ? Status::OK() : Status::Cancelled("");
    });
  }

  Result<DocKey> FindByUrl(const std::string& url) override {
    std::string value;
    const std::string k = keys::Url(url);
    leveldb::Status s = db_->Get(leveldb::ReadOptions(), k, &value);
    if (!s.ok()) return FromLevelDb(s, "url " + url);
    auto j = records::Decode(k, value);
    if (!j.ok()) return j.status();
    return DocKey{j->value("agency", ""), j->value("year", 0)};
  }

  Status PutAgency(const AgencyInfo& agency) override {
    if (agency.id.empty() || agency.id.find('\0') != std::string::npos)
      return Status::InvalidArgument("bad agency id '" + agency.id + "'");
    std::lock_guard<std::mutex> lock(write_mu_);
    leveldb::WriteBatch batch;
    if (Status s = MergeAgency(&batch, agency.id, agency); !s.ok()) return s;
    return WriteLocked(&batch, "agency " + agency.id);
  }

  Result<AgencyInfo> GetAgency(const std::string& id) override {
    std::string value;
    const std::string k = keys::Agency(id);
    leveldb::Status s = db_->Get(leveldb::ReadOptions(), k, &value);
    if (!s.ok()) return FromLevelDb(s, "agency " + id);
    auto j = records::Decode(k, value);
    if (!j.ok()) return j.status();
    return records::ToAgency(*j);
  }

  Status ListAgencies(const std::function<bool(const AgencyInfo&)>& fn) override {
    return Scan(keys::Agency(""), [&](std::string_view k, std::string_view v) {
      auto j = records::Decode(k, v);
      if (!j.ok()) return j.status();
      return fn(records::ToAgency(*j)) ? Status::OK() : Status::Cancelled("");
    });
  }

  Result<std::string> PutCapture(const Capture& capture) override {
    const std::string sha = Sha256Hex(capture.body);
    std::lock_guard<std::mutex> lock(write_mu_);
    leveldb::WriteBatch batch;
    std::string existing;
    leveldb::Status gs = db_->Get(leveldb::ReadOptions(), keys::Blob(sha), &existing);
    if (!gs.ok() && !gs.IsNotFound()) return FromLevelDb(gs, "capture payload");
    CaptureRecord rec;
    rec.seq = ++seq_;
    rec.url = capture.url;
    rec.method = capture.method;
    rec.request_headers = capture.request_headers;
    rec.response_headers = capture.response_headers;
    rec.ip = capture.ip;
    rec.http_status = capture.http_status;
    rec.truncated = capture.truncated;
    rec.fetched_at = capture.fetched_at ? capture.fetched_at : clock_->NowMicros();
    rec.payload_sha256 = sha;
    rec.payload_size = capture.body.size();
    rec.first_of_payload = gs.IsNotFound();
    if (rec.first_of_payload) batch.Put(keys::Blob(sha), Compress(capture.body));
    batch.Put(keys::Capture(rec.seq), DumpJson(records::FromCapture(rec)));
    if (Status s = WriteLocked(&batch, "capture of " + capture.url); !s.ok()) return s;
    return sha;
  }

  Result<std::string> GetPayload(const std::string& sha256_hex) override {
    std::string value;
    leveldb::Status s = db_->Get(leveldb::ReadOptions(), keys::Blob(sha256_hex), &value);
    if (!s.ok()) return FromLevelDb(s, "payload " + sha256_hex);
    return Uncompress(value);
  }

  Status ListCaptures(const std::function<bool(const CaptureRecord&)>& fn) override {
    return Scan(keys::Capture(0).substr(0, 2), [&](std::string_view k, std::string_view v) {
      auto j = records::Decode(k, v);
      if (!j.ok()) return j.status();
      return fn(records::ToCapture(*j)) ? Status::OK() : Status::Cancelled("");
    });
  }

  Status ListChanges(uint64_t after_seq, const std::function<bool(const ChangeEvent&)>& fn) override {
    std::unique_ptr<leveldb::Iterator> it(db_->NewIterator(leveldb::ReadOptions()));
    const std::string prefix = keys::Event(0).substr(0, 2);
    for (it->Seek(keys::Event(after_seq + 1)); it->Valid() && it->key().starts_with(prefix); it->Next()) {
      auto j = records::Decode(it->key().ToString(), it->value().ToString());
      if (!j.ok()) return j.status();
      if (!fn(records::ToEvent(*j))) break;
    }
    return FromLevelDb(it->status(), "changes");
  }

  std::unique_ptr<StateBatch> NewStateBatch() override { return std::make_unique<StateBatchImpl>(); }

  Status Commit(StateBatch* batch) override {
    auto* impl = static_cast<StateBatchImpl*>(batch);
    return FromLevelDb(db_->Write(write_options_, &impl->batch), "state write");
  }

  Status PutState(const std::string& ns, const std::string& key, const std::string& value) override {
    return FromLevelDb(db_->Put(write_options_, keys::State(ns, key), value), "state " + ns);
  }

  Result<std::string> GetState(const std::string& ns, const std::string& key) override {
    std::string value;
    leveldb::Status s = db_->Get(leveldb::ReadOptions(), keys::State(ns, key), &value);
    if (!s.ok()) return FromLevelDb(s, "state " + ns);
    return value;
  }

  Status DeleteState(const std::string& ns, const std::string& key) override {
    return FromLevelDb(db_->Delete(write_options_, keys::State(ns, key)), "state " + ns);
  }

  Status ScanState(const std::string& ns, const std::string& prefix,
                   const std::function<bool(const std::string&, const std::string&)>& fn) override {
    return ScanStateFrom(ns, prefix, "", fn);
  }

  Status ScanStateFrom(const std::string& ns, const std::string& prefix, const std::string& start,
                       const std::function<bool(const std::string&, const std::string&)>& fn) override {
    const std::string full = keys::State(ns, prefix);
    const size_t skip = keys::State(ns, "").size();
    return Scan(full, std::max(full, keys::State(ns, start)), [&](std::string_view k, std::string_view v) {
      return fn(std::string(k.substr(skip)), std::string(v)) ? Status::OK() : Status::Cancelled("");
    });
  }

  Status CompactAll() override {
    db_->CompactRange(nullptr, nullptr);
    return Status::OK();
  }

  uint64_t ApproximateSize() override {
    uint64_t total = 0;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir_, ec))
      if (e.is_regular_file(ec)) total += e.file_size(ec);
    return total;
  }

  uint64_t MemoryUsage() override {
    // LevelDB's figure: both memtables plus the block cache's charge.
    std::string usage;
    if (!db_->GetProperty("leveldb.approximate-memory-usage", &usage)) return cache_->TotalCharge();
    return std::strtoull(usage.c_str(), nullptr, 10);
  }

  const std::string& dir() const override { return dir_; }

 private:
  Result<DocumentInfo> LoadDocument(const DocKey& key) {
    std::string value;
    const std::string k = keys::Document(key.agency, key.year);
    leveldb::Status s = db_->Get(leveldb::ReadOptions(), k, &value);
    if (s.IsNotFound()) return Status::NotFound("no document " + DocName(key));
    if (!s.ok()) return FromLevelDb(s, "document " + DocName(key));
    auto j = records::Decode(k, value);
    if (!j.ok()) return j.status();
    return records::ToDocument(*j);
  }

  // An observation of a document that must already exist, without new text: `amend` adjusts the
  // document and the observation (and may add to the batch) before both are written.
  Status ObserveExisting(const DocKey& key, const Observation& obs_in, const char* event,
                         const std::function<void(leveldb::WriteBatch*, DocumentInfo*, Observation*)>& amend) {
    if (Status s = ValidateKey(key); !s.ok()) return s;
    std::lock_guard<std::mutex> lock(write_mu_);
    auto doc = LoadDocument(key);
    if (!doc.ok()) return doc.status();
    leveldb::WriteBatch batch;
    Observation obs = obs_in;
    obs.time = obs.time ? obs.time : clock_->NowMicros();
    obs.event = event;
    obs.version = doc->current_version;
    amend(&batch, &doc.value(), &obs);
    AddObservation(&batch, &doc.value(), obs);
    batch.Put(keys::Document(key.agency, key.year), DumpJson(records::FromDocument(*doc)));
    return WriteLocked(&batch, std::string(event) + " observation of " + DocName(key));
  }

  void AddObservation(leveldb::WriteBatch* batch, DocumentInfo* doc, Observation obs) {
    if (obs.event == "seen" && obs.version >= 1 && obs.version <= static_cast<int>(doc->version_sha256.size()) &&
        obs.content_sha256 == doc->version_sha256[obs.version - 1])
      obs.content_sha256.clear();  // derivable: see ListObservations
    batch->Put(keys::Observation(doc->key.agency, doc->key.year, obs.time, ++seq_),
               DumpJson(records::FromObservation(obs)));
    doc->observations++;
    doc->last_seen = std::max(doc->last_seen, obs.time);
  }

  void AddEvent(leveldb::WriteBatch* batch, const DocKey& key, const std::string& kind, int version,
                int64_t time, const std::string& title, const std::string& url) {
    ChangeEvent e{++seq_, time, key, kind, version, title, url};
    batch->Put(keys::Event(e.seq), DumpJson(records::FromEvent(e)));
  }

  // Writes the agency record, keeping stored fields that `update` leaves empty.
  Status MergeAgency(leveldb::WriteBatch* batch, const std::string& id, const AgencyInfo& update) {
    AgencyInfo merged;
    auto existing = GetAgency(id);
    if (existing.ok()) {
      merged = *existing;
    } else if (!existing.status().IsNotFound()) {
      return existing.status();
    }
    AgencyInfo before = merged;
    merged.id = id;
    for (auto [dst, src] : {std::pair{&merged.name, &update.name}, {&merged.region, &update.region},
                            {&merged.province, &update.province}, {&merged.level, &update.level},
                            {&merged.discovered_from, &update.discovered_from}})
      if (!src->empty()) *dst = *src;
    if (merged.name.empty()) merged.name = id;
    if (existing.ok() && merged.name == before.name && merged.region == before.region &&
        merged.province == before.province && merged.level == before.level &&
        merged.discovered_from == before.discovered_from)
      return Status::OK();
    batch->Put(keys::Agency(id), DumpJson(records::FromAgency(merged)));
    return Status::OK();
  }

  // Requires write_mu_. Adds the sequence counter to the batch, so it moves atomically with it.
  Status WriteLocked(leveldb::WriteBatch* batch, const std::string& what) {
    batch->Put(keys::Seq(), std::to_string(seq_));
    return FromLevelDb(db_->Write(write_options_, batch), "write " + what);
  }

  // Calls fn for every key with the prefix; fn's Cancelled status stops the scan quietly.
  Status Scan(const std::string& prefix, const std::function<Status(std::string_view, std::string_view)>& fn) {
    return Scan(prefix, prefix, fn);
  }
  // Keys starting with prefix, from the first ≥ start.
  Status Scan(const std::string& prefix, const std::string& start,
              const std::function<Status(std::string_view, std::string_view)>& fn) {
    std::unique_ptr<leveldb::Iterator> it(db_->NewIterator(leveldb::ReadOptions()));
    for (it->Seek(start); it->Valid() && it->key().starts_with(prefix); it->Next()) {
      Status s = fn(std::string_view(it->key().data(), it->key().size()),
                    std::string_view(it->value().data(), it->value().size()));
      if (s.code() == Status::Code::kCancelled) return Status::OK();
      if (!s.ok()) return s;
    }
    return FromLevelDb(it->status(), "scan");
  }

  leveldb::DB* db_;
  leveldb::Cache* cache_;
  const leveldb::FilterPolicy* filter_;
  Clock* clock_;
  std::string dir_;
  leveldb::WriteOptions write_options_;
  std::mutex write_mu_;
  uint64_t seq_;  // guarded by write_mu_
};

}  // namespace

Status Archive::Open(const Options& options, const std::string& dir, std::unique_ptr<Archive>* out) {
  out->reset();
  namespace fs = std::filesystem;
  std::error_code ec;
  const bool exists = fs::exists(fs::path(dir) / "CURRENT", ec);
  if (!exists && !options.create_if_missing)
    return Status::NotFound("no archive at " + dir + " (create one with import or crawl)");
  if (!exists && fs::exists(dir, ec) && !fs::is_directory(dir, ec))
    return Status::InvalidArgument(dir + " exists and is not a directory");

  leveldb::Options lo;
  lo.create_if_missing = options.create_if_missing;
  lo.block_cache = leveldb::NewLRUCache(options.block_cache_bytes);
  // Most point reads miss (is this payload new? is this a new document?): a Bloom filter answers
  // those without touching every level.
  lo.filter_policy = leveldb::NewBloomFilterPolicy(10);
  lo.write_buffer_size = options.write_buffer_bytes;
  lo.max_file_size = 16 << 20;
  if (!options.map_table_files) {
    lo.env = ThePreadEnv();
    lo.max_open_files = 200;   // each open table holds a descriptor; a crawl also has its sockets
  }
  leveldb::DB* db = nullptr;
  leveldb::Status s = leveldb::DB::Open(lo, dir, &db);
  if (!s.ok()) {
    delete lo.block_cache;
    delete lo.filter_policy;
    const std::string msg = s.ToString();
    if (msg.find("lock") != std::string::npos)
      return Status::Busy("archive " + dir +
                          " is in use by another nianbao process (a daemon or a crawl); stop it, or wait for it");
    return FromLevelDb(s, "open archive " + dir);
  }
  auto cleanup = [&] {
    delete db;
    delete lo.block_cache;
    delete lo.filter_policy;
  };
  std::string schema, seq_text;
  leveldb::Status ss = db->Get(leveldb::ReadOptions(), keys::Schema(), &schema);
  if (ss.IsNotFound()) {
    std::unique_ptr<leveldb::Iterator> it(db->NewIterator(leveldb::ReadOptions()));
    it->SeekToFirst();
    if (it->Valid()) {
      cleanup();
      return Status::Corruption(dir + " is a LevelDB database but not a nianbao archive (no schema key)");
    }
    leveldb::WriteOptions wo;
    wo.sync = true;
    ss = db->Put(wo, keys::Schema(), std::to_string(kSchemaVersion));
    schema = std::to_string(kSchemaVersion);
  }
  if (!ss.ok()) {
    cleanup();
    return FromLevelDb(ss, "open archive " + dir);
  }
  if (schema != std::to_string(kSchemaVersion)) {
    cleanup();
    return Status::Corruption("archive " + dir + " has schema " + schema + "; this nianbao reads schema " +
                              std::to_string(kSchemaVersion));
  }
  uint64_t seq = 0;
  if (db->Get(leveldb::ReadOptions(), keys::Seq(), &seq_text).ok()) seq = std::strtoull(seq_text.c_str(), nullptr, 10);
  *out = std::make_unique<ArchiveImpl>(db, lo.block_cache, lo.filter_policy, options, dir, seq);
  return Status::OK();
}

}  // namespace nianbao::store
