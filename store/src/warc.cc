#include "nianbao/store/warc.h"

#include <unordered_map>

#include "nianbao/common/hash.h"
#include "nianbao/common/text.h"
#include "warc_record.h"

namespace nianbao::store {
namespace {

constexpr const char* kRevisitProfile = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest";

std::string Digest(std::string_view bytes) { return "sha1:" + Sha1Base32(bytes); }

const char* Reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 410: return "Gone";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Unknown";
  }
}

// Host and request target of an absolute http(s) URL (the fragment is never sent).
void SplitUrl(const std::string& url, std::string* host, std::string* target) {
  size_t scheme = url.find("://");
  size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  size_t slash = url.find_first_of("/?#", start);
  *host = url.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
  *target = slash == std::string::npos ? "/" : url.substr(slash);
  if (size_t hash = target->find('#'); hash != std::string::npos) target->resize(hash);
  if (target->empty() || (*target)[0] != '/') target->insert(0, "/");
}

std::string RequestHead(const CaptureRecord& c) {
  if (!c.request_headers.empty()) {
    std::string head = c.request_headers;
    if (!EndsWith(head, "\r\n\r\n")) head += EndsWith(head, "\r\n") ? "\r\n" : "\r\n\r\n";
    return head;
  }
  std::string host, target;
  SplitUrl(c.url, &host, &target);
  return c.method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n";
}

std::string ResponseHead(const CaptureRecord& c) {
  if (!c.response_headers.empty()) return NormalizeResponseHead(c.response_headers, c.payload_size);
  return "HTTP/1.1 " + std::to_string(c.http_status) + " " + Reason(c.http_status) +
         "\r\nContent-Length: " + std::to_string(c.payload_size) + "\r\n\r\n";
}

// Where the first capture of a payload went, for revisit records.
struct FirstCapture {
  std::string url, date, record_id, payload_digest;
};

class Writer {
 public:
  Writer(std::ostream& out, WarcStats* stats) : out_(out), stats_(stats) {}
  Status Write(const warc::Record& record) {
    auto member = warc::GzipMember(warc::Serialize(record));
    if (!member.ok()) return member.status();
    out_.write(member->data(), static_cast<std::streamsize>(member->size()));
    if (!out_) return Status::IOError("WARC: write failed");
    stats_->bytes += member->size();
    return Status::OK();
  }

 private:
  std::ostream& out_;
  WarcStats* stats_;
};

std::string CaptureName(const CaptureRecord& c, const char* type) {
  return std::string(type) + "\n" + std::to_string(c.seq) + "\n" + c.url + "\n" +
         std::to_string(c.fetched_at) + "\n" + c.payload_sha256;
}

}  // namespace

std::string NormalizeResponseHead(const std::string& head, uint64_t payload_size) {
  std::string out;
  bool length_ok = false;
  size_t pos = 0;
  bool first = true;
  while (pos < head.size()) {
    size_t eol = head.find('\n', pos);
    std::string line = head.substr(pos, eol == std::string::npos ? std::string::npos : eol - pos);
    pos = eol == std::string::npos ? head.size() : eol + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) break;  // end of head
    if (first) {
      out += line + "\r\n";
      first = false;
      continue;
    }
    size_t colon = line.find(':');
    const std::string name = ToLowerAscii(Trim(line.substr(0, colon == std::string::npos ? 0 : colon)));
    if (name == "content-encoding" || name == "transfer-encoding") {
      out += "X-Archive-Orig-" + line + "\r\n";
    } else if (name == "content-length") {
      if (Trim(line.substr(colon + 1)) == std::to_string(payload_size) && !length_ok) {
        length_ok = true;
        out += line + "\r\n";
      } else {
        out += "X-Archive-Orig-" + line + "\r\n";
      }
    } else {
      out += line + "\r\n";
    }
  }
  if (!length_ok) out += "Content-Length: " + std::to_string(payload_size) + "\r\n";
  return out + "\r\n";
}

Status ExportWarc(Archive* archive, std::ostream& out, const WarcOptions& options, WarcStats* stats) {
  WarcStats local;
  if (!stats) stats = &local;
  *stats = WarcStats{};
  Writer writer(out, stats);
  Clock* clock = options.clock ? options.clock : Clock::Real();
  const std::string now = FormatTimeUtc(clock->NowMicros());

  warc::Record info;
  info.Add("WARC-Type", "warcinfo");
  info.Add("WARC-Record-ID", warc::RecordId("warcinfo\n" + now + "\n" + archive->dir()));
  info.Add("WARC-Date", now);
  if (!options.filename.empty()) info.Add("WARC-Filename", options.filename);
  info.Add("Content-Type", "application/warc-fields");
  info.block = "software: " + options.software +
               "\r\nformat: WARC File Format 1.1\r\n"
               "conformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n"
               "description: nianbao archive of government information-disclosure annual reports\r\n";
  info.Add("WARC-Block-Digest", Digest(info.block));
  Status s = writer.Write(info);
  if (!s.ok()) return s;
  stats->warcinfo++;
  const std::string warcinfo_id = info.fields[1].second;

  std::unordered_map<std::string, FirstCapture> firsts;  // payload sha256 → first response
  Status inner;
  Status list = archive->ListCaptures([&](const CaptureRecord& c) {
    const std::string date = FormatTimeUtc(c.fetched_at);
    const bool http = StartsWith(c.url, "http://") || StartsWith(c.url, "https://");
    auto prior = firsts.find(c.payload_sha256);
    // An empty payload (a 304, a bare redirect) is not worth a revisit: write it whole.
    const bool revisit = !c.first_of_payload && c.payload_size > 0 && prior != firsts.end() && http;
    std::string payload;
    std::string payload_digest;
    if (!revisit) {
      auto p = archive->GetPayload(c.payload_sha256);
      if (!p.ok()) {
        inner = p.status();
        return false;
      }
      payload = std::move(*p);
      payload_digest = Digest(payload);
    } else {
      payload_digest = prior->second.payload_digest;
    }

    warc::Record rec;
    const std::string id = warc::RecordId(CaptureName(c, revisit ? "revisit" : http ? "response" : "resource"));
    rec.Add("WARC-Type", revisit ? "revisit" : http ? "response" : "resource");
    rec.Add("WARC-Record-ID", id);
    rec.Add("WARC-Date", date);
    rec.Add("WARC-Target-URI", c.url);
    rec.Add("WARC-Warcinfo-ID", warcinfo_id);
    if (!c.ip.empty()) rec.Add("WARC-IP-Address", c.ip);
    if (!http) {
      rec.block = std::move(payload);
      rec.Add("Content-Type", "application/octet-stream");
      rec.Add("WARC-Payload-Digest", payload_digest);
    } else if (revisit) {
      rec.block = ResponseHead(c);
      rec.Add("Content-Type", "application/http; msgtype=response");
      rec.Add("WARC-Profile", kRevisitProfile);
      rec.Add("WARC-Refers-To", prior->second.record_id);
      rec.Add("WARC-Refers-To-Target-URI", prior->second.url);
      rec.Add("WARC-Refers-To-Date", prior->second.date);
      rec.Add("WARC-Payload-Digest", payload_digest);
    } else {
      rec.block = ResponseHead(c) + payload;
      rec.Add("Content-Type", "application/http; msgtype=response");
      rec.Add("WARC-Payload-Digest", payload_digest);
    }
    if (c.truncated) rec.Add("WARC-Truncated", "length");
    rec.Add("WARC-Block-Digest", Digest(rec.block));
    Status ws = writer.Write(rec);
    if (!ws.ok()) {
      inner = ws;
      return false;
    }
    (http ? (revisit ? stats->revisit : stats->response) : stats->resource)++;
    if (!revisit && http && c.payload_size > 0 && prior == firsts.end())
      firsts.emplace(c.payload_sha256, FirstCapture{c.url, date, id, payload_digest});

    if (http) {
      warc::Record req;
      req.Add("WARC-Type", "request");
      req.Add("WARC-Record-ID", warc::RecordId(CaptureName(c, "request")));
      req.Add("WARC-Date", date);
      req.Add("WARC-Target-URI", c.url);
      req.Add("WARC-Warcinfo-ID", warcinfo_id);
      req.Add("WARC-Concurrent-To", id);
      req.Add("Content-Type", "application/http; msgtype=request");
      req.block = RequestHead(c);
      req.Add("WARC-Block-Digest", Digest(req.block));
      ws = writer.Write(req);
      if (!ws.ok()) {
        inner = ws;
        return false;
      }
      stats->request++;
    }
    return true;
  });
  if (!inner.ok()) return inner;
  return list;
}

}  // namespace nianbao::store
