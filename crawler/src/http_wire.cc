#include "http_wire.h"

#include <arpa/inet.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>

#include "nianbao/common/text.h"
#include "nianbao/common/url.h"
#include "url_internal.h"

namespace nianbao::crawler::internal {

namespace {

std::string_view TrimSpace(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Whether a comma-separated header value lists `token` (case-insensitive).
bool HasToken(std::string_view value, std::string_view token) {
  while (!value.empty()) {
    const size_t comma = value.find(',');
    if (EqualsIgnoreCase(TrimSpace(value.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

// The last entry of a comma-separated value.
std::string_view LastToken(std::string_view value) {
  const size_t comma = value.rfind(',');
  return TrimSpace(comma == std::string_view::npos ? value : value.substr(comma + 1));
}

bool ParseDecimal(std::string_view s, uint64_t* out) {
  if (s.empty() || s.size() > 18) return false;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  *out = v;
  return true;
}

}  // namespace

// --- ResponseReader ---------------------------------------------------------------------------

void ResponseReader::Fail(std::string message, bool reset) {
  state_ = State::kError;
  error_ = std::move(message);
  error_reset_ = reset;
}

size_t ResponseReader::Feed(std::string_view data, std::string* body) {
  size_t used = 0;
  while (used < data.size() && (state_ == State::kHead || state_ == State::kBody)) {
    std::string_view rest = data.substr(used);
    if (state_ == State::kBody) {
      used += FeedBody(rest, body);
      continue;
    }
    if (head_.empty()) {
      // Line ends before a status line (a stray CRLF after the previous answer's body on a kept
      // connection) are skipped, as browsers do.
      const size_t skip = std::min(rest.find_first_not_of("\r\n"), rest.size());
      used += skip;
      rest.remove_prefix(skip);
      if (rest.empty()) continue;
    }
    started_ = true;
    // The head ends at the first empty line ("\r\n\r\n" or "\n\n"). Only the head is copied into
    // head_: the body that came with it (most of a small page's first read) is looked at once.
    const size_t before = head_.size();
    size_t end = std::string_view::npos;   // in rest, just past the empty line
    for (size_t i = 0; i < rest.size(); ++i) {
      const void* nl = std::memchr(rest.data() + i, '\n', rest.size() - i);
      if (!nl) break;
      i = static_cast<size_t>(static_cast<const char*>(nl) - rest.data());
      // The one or two bytes before this line end, which may still be in head_.
      auto back = [&](size_t k) -> char {
        if (i >= k) return rest[i - k];
        return before >= k - i ? head_[before - (k - i)] : '\0';
      };
      if (back(1) == '\n' || (back(1) == '\r' && back(2) == '\n')) {
        end = i + 1;
        break;
      }
    }
    const size_t want = end == std::string_view::npos ? rest.size() : end;
    const size_t take = std::min(want, kMaxHead + 4 - std::min(before, kMaxHead + 4));
    head_.append(rest.data(), take);
    // What does not start as a status line is no HTTP/1.x answer: said at once, not after
    // waiting for a blank line that may never come (curl calls it HTTP/0.9 and refuses it).
    if (before < 5 && !StartsWithIgnoreCase("HTTP/", std::string_view(head_).substr(0, 5))) {
      Fail("not an HTTP/1.x response", false);
      return used + take;
    }
    if (end == std::string_view::npos || take < end) {
      used += take;
      if (head_.size() > kMaxHead) Fail("response head larger than 256 KB", false);
      continue;
    }
    used += take;
    if (!ParseHead(head_)) return used;
    if (status_ >= 100 && status_ < 200) {   // an interim answer: the real one follows
      head_.clear();
      content_length_ = -1;
      content_encoding_.clear();
      keep_alive_ = true;
      continue;
    }
    state_ = framing_ == Framing::kNone ? State::kDone : State::kBody;
  }
  return used;
}

bool ResponseReader::ParseHead(std::string_view head) {
  // Status line: HTTP/x.y SP NNN [SP reason]
  size_t eol = head.find('\n');
  std::string_view line = TrimSpace(head.substr(0, eol));
  if (line.size() < 9 || !StartsWithIgnoreCase(line, "HTTP/") || line[6] != '.' || !IsAsciiDigit(line[5]) ||
      !IsAsciiDigit(line[7]) || (line[8] != ' ' && line[8] != '\t')) {
    Fail("not an HTTP/1.x response", false);
    return false;
  }
  const bool http10 = line[5] == '1' && line[7] == '0';
  if (line[5] != '1') {
    Fail("unsupported HTTP version " + std::string(line.substr(0, 8)), false);
    return false;
  }
  // Three digits after the version and any white space; what follows them is not looked at
  // ("200OK" and a missing reason pass, as in curl).
  std::string_view code = TrimSpace(line.substr(8));
  if (code.size() < 3 || !IsAsciiDigit(code[0]) || !IsAsciiDigit(code[1]) || !IsAsciiDigit(code[2]) ||
      code[0] == '0' || (code.size() > 3 && IsAsciiDigit(code[3]))) {
    Fail("bad HTTP status line", false);
    return false;
  }
  status_ = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
  if (status_ == 101) {
    Fail("unexpected protocol switch (101)", false);
    return false;
  }
  bool chunked = false, close = false, keep = false;
  content_length_ = -1;
  content_encoding_.clear();
  size_t pos = eol + 1;
  while (pos < head.size()) {
    size_t next = head.find('\n', pos);
    if (next == std::string_view::npos) next = head.size();
    std::string_view h = head.substr(pos, next - pos);
    pos = next + 1;
    if (!h.empty() && h.back() == '\r') h.remove_suffix(1);
    if (h.empty() || h[0] == ' ' || h[0] == '\t') continue;   // the end, or a folded line
    const size_t colon = h.find(':');
    if (colon == std::string_view::npos) continue;             // not a header: ignored, as curl does
    std::string_view name = TrimSpace(h.substr(0, colon));
    std::string_view value = TrimSpace(h.substr(colon + 1));
    if (EqualsIgnoreCase(name, "content-length")) {
      // One number, or a list of the same number ("1234, 1234": RFC 9110 8.6 allows it), and
      // the same again in a repeated header; anything else cannot frame the body.
      uint64_t n = 0;
      bool ok = true, first = true;
      for (std::string_view rest = value; ok && (first || !rest.empty());) {
        const size_t comma = rest.find(',');
        uint64_t v = 0;
        ok = ParseDecimal(TrimSpace(rest.substr(0, comma)), &v) && (first || v == n);
        n = v;
        first = false;
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      }
      if (!ok || (content_length_ >= 0 && static_cast<uint64_t>(content_length_) != n)) {
        Fail("bad Content-Length: " + std::string(value.substr(0, 40)), false);
        return false;
      }
      content_length_ = static_cast<int64_t>(n);
    } else if (EqualsIgnoreCase(name, "transfer-encoding")) {
      chunked = EqualsIgnoreCase(LastToken(value), "chunked");
    } else if (EqualsIgnoreCase(name, "connection")) {
      if (HasToken(value, "close")) close = true;
      if (HasToken(value, "keep-alive")) keep = true;
    } else if (EqualsIgnoreCase(name, "content-encoding")) {
      content_encoding_ = ToLowerAscii(value);
    }
  }
  keep_alive_ = http10 ? keep && !close : !close;
  if (status_ < 200) {
    framing_ = Framing::kNone;
    return true;
  }
  if (head_request_ || status_ == 204 || status_ == 304) {
    framing_ = Framing::kNone;
  } else if (chunked) {
    framing_ = Framing::kChunked;
    if (content_length_ >= 0) keep_alive_ = false;   // both: RFC 9112 6.3 says close after it
    content_length_ = -1;   // chunked coding wins over a length (RFC 9112 6.3)
    chunk_ = Chunk::kSize;
  } else if (content_length_ >= 0) {
    framing_ = content_length_ == 0 ? Framing::kNone : Framing::kLength;
    left_ = static_cast<uint64_t>(content_length_);
  } else {
    framing_ = Framing::kClose;
    keep_alive_ = false;
  }
  return true;
}

size_t ResponseReader::FeedBody(std::string_view data, std::string* body) {
  switch (framing_) {
    case Framing::kNone:
      state_ = State::kDone;
      return 0;
    case Framing::kClose:
      body->append(data);
      return data.size();
    case Framing::kLength: {
      const size_t n = static_cast<size_t>(std::min<uint64_t>(left_, data.size()));
      body->append(data.data(), n);
      left_ -= n;
      if (left_ == 0) state_ = State::kDone;
      return n;
    }
    case Framing::kChunked:
      break;
  }
  size_t used = 0;
  while (used < data.size() && state_ == State::kBody) {
    if (chunk_ == Chunk::kData) {
      const size_t n = static_cast<size_t>(std::min<uint64_t>(left_, data.size() - used));
      body->append(data.data() + used, n);
      used += n;
      left_ -= n;
      if (left_ == 0) chunk_ = Chunk::kDataEnd;
      continue;
    }
    // A line: the chunk's size, the CRLF after its data, or a trailer line.
    const size_t nl = data.find('\n', used);
    const size_t end = nl == std::string_view::npos ? data.size() : nl;
    line_.append(data.data() + used, end - used);
    used = nl == std::string_view::npos ? data.size() : nl + 1;
    if (line_.size() > 4096) {
      Fail("chunked body: line too long", true);
      return used;
    }
    if (nl == std::string_view::npos) break;
    std::string_view line = TrimSpace(line_);
    switch (chunk_) {
      case Chunk::kSize: {
        line = line.substr(0, line.find(';'));
        line = TrimSpace(line);
        uint64_t size = 0;
        bool ok = !line.empty() && line.size() <= 15;
        for (char c : line) {
          int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
          if (d < 0) { ok = false; break; }
          size = size * 16 + static_cast<uint64_t>(d);
        }
        if (!ok) {
          Fail("chunked body: bad chunk size", true);
          return used;
        }
        left_ = size;
        chunk_ = size == 0 ? Chunk::kTrailer : Chunk::kData;
        break;
      }
      case Chunk::kDataEnd:
        if (!line.empty()) {
          Fail("chunked body: no line end after a chunk", true);
          return used;
        }
        chunk_ = Chunk::kSize;
        break;
      case Chunk::kTrailer:
        if (line.empty()) state_ = State::kDone;
        break;
      case Chunk::kData:
        break;
    }
    line_.clear();
  }
  return used;
}

void ResponseReader::Eof() {
  if (state_ == State::kHead) {
    Fail(started_ ? "connection closed in the response head" : "empty reply from server", true);
  } else if (state_ == State::kBody) {
    if (framing_ == Framing::kClose) {
      state_ = State::kDone;
    } else if (framing_ == Framing::kLength) {
      Fail("connection closed with " + std::to_string(left_) + " bytes of the body outstanding", true);
    } else {
      Fail("connection closed inside the chunked body", true);
    }
  }
}

// --- BodyDecoder ------------------------------------------------------------------------------

struct BodyDecoder::Z {
  z_stream s{};
  bool open = false;
  ~Z() {
    if (open) inflateEnd(&s);
  }
};

BodyDecoder::BodyDecoder(std::string_view content_encoding, uint64_t max_out) : max_out_(max_out) {
  const std::string_view e = TrimSpace(content_encoding);
  raw_allowed_ = EqualsIgnoreCase(e, "deflate");
  if (EqualsIgnoreCase(e, "gzip") || EqualsIgnoreCase(e, "x-gzip") || raw_allowed_) {
    z_ = std::make_unique<Z>();
    // 15 + 32: a zlib or a gzip header, detected. Raw deflate ("deflate" as some servers send it)
    // is tried when that fails on the first bytes.
    z_->open = inflateInit2(&z_->s, 15 + 32) == Z_OK;
    if (!z_->open) error_ = "zlib: cannot start";
  }
}

BodyDecoder::~BodyDecoder() = default;

bool BodyDecoder::Add(std::string_view in, std::string* out) {
  if (!error_.empty()) return false;
  if (in.empty()) return true;
  if (!z_) {
    const uint64_t room = max_out_ > out->size() ? max_out_ - out->size() : 0;
    if (in.size() > room) {
      out->append(in.data(), static_cast<size_t>(room));
      truncated_ = true;
      return true;
    }
    out->append(in);
    return true;
  }
  return Inflate(in, out);
}

bool BodyDecoder::Inflate(std::string_view in, std::string* out) {
  if (truncated_ || ignore_rest_) return true;
  // Until the first output, keep the input: if it turns out not to be zlib or gzip, it is fed
  // again as raw deflate (what old IIS sends for "deflate").
  if (raw_allowed_ && !raw_deflate_tried_ && !produced_) replay_.append(in);
  z_stream& s = z_->s;
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  s.avail_in = static_cast<uInt>(in.size());
  char buf[16384];
  bool full = false;   // the last call filled buf: zlib may hold more output without more input
  bool member_output = true;   // the current gzip member produced output (false: just reset)
  while (s.avail_in > 0 || full) {
    if (ended_) {
      if (s.avail_in == 0 || raw_deflate_tried_) break;
      // Another gzip member after the first: decoded too, as gzip(1) and browsers do (curl 7.88
      // fails the transfer instead).
      if (inflateReset(&s) != Z_OK) break;
      ended_ = false;
      member_output = false;
    }
    s.next_out = reinterpret_cast<Bytef*>(buf);
    s.avail_out = sizeof(buf);
    const int rc = inflate(&s, Z_NO_FLUSH);
    const size_t got = sizeof(buf) - s.avail_out;
    full = s.avail_out == 0;
    if (rc == Z_DATA_ERROR && raw_allowed_ && !raw_deflate_tried_ && !produced_ && got == 0) {
      raw_deflate_tried_ = true;
      inflateEnd(&s);
      s = z_stream{};
      if (inflateInit2(&s, -15) != Z_OK) {
        z_->open = false;
        error_ = "zlib: cannot start";
        return false;
      }
      const std::string again = std::move(replay_);
      replay_.clear();
      return Inflate(again, out);
    }
    if (rc == Z_DATA_ERROR && !member_output && got == 0) {
      // What follows a complete stream is not another one: ignored, as browsers do (curl fails).
      ignore_rest_ = true;
      ended_ = true;
      return true;
    }
    if (rc != Z_OK && rc != Z_STREAM_END && !(rc == Z_BUF_ERROR && got > 0)) {
      if (rc == Z_BUF_ERROR) break;   // no progress possible until more input comes
      error_ = std::string("content decoding failed: ") + (s.msg ? s.msg : "zlib error " + std::to_string(rc));
      return false;
    }
    if (got > 0) {
      member_output = true;
      if (!produced_) {
        produced_ = true;
        replay_ = std::string();
      }
    }
    const uint64_t room = max_out_ > out->size() ? max_out_ - out->size() : 0;
    if (got > room) {
      out->append(buf, static_cast<size_t>(room));
      truncated_ = true;
      return true;
    }
    out->append(buf, got);
    if (rc == Z_STREAM_END) {
      ended_ = true;
      full = false;
    }
    if (rc == Z_BUF_ERROR) break;
  }
  return true;
}

bool BodyDecoder::Finish() {
  // A compressed stream that stops short of its end (a missing gzip trailer, a server cutting
  // its output) keeps what was decoded, as curl does: the body's framing said it was complete.
  return error_.empty();
}

// --- connect-to rules -------------------------------------------------------------------------

std::optional<ConnectRule> ParseConnectRule(std::string_view s) {
  std::string f[4];
  for (int i = 0; i < 4; ++i) {
    size_t end = std::string_view::npos;
    if (i == 3) {
      end = s.size();
    } else if ((i == 0 || i == 2) && !s.empty() && s[0] == '[') {
      const size_t close = s.find(']');
      if (close != std::string_view::npos) end = close + 1;
    } else {
      end = s.find(':');
    }
    if (end == std::string_view::npos || (i < 3 && (end >= s.size() || s[end] != ':'))) return std::nullopt;
    f[i] = std::string(s.substr(0, end));
    s.remove_prefix(std::min(s.size(), end + 1));
  }
  ConnectRule r{f[0], f[1], f[2], f[3]};
  std::string bare = r.to_host;
  if (bare.size() > 2 && bare.front() == '[' && bare.back() == ']') bare = bare.substr(1, bare.size() - 2);
  unsigned char buf[16];
  r.to_address = inet_pton(AF_INET, bare.c_str(), buf) == 1 || inet_pton(AF_INET6, bare.c_str(), buf) == 1;
  return r;
}

std::pair<std::string, std::string> HostAndPort(const std::string& url) {
  const bool https = StartsWithIgnoreCase(url, "https://");
  if (!https && !StartsWithIgnoreCase(url, "http://")) return {};
  std::string host = HostOf(url);
  if (host.empty() || host[0] == '[') return {};
  std::string port = https ? "443" : "80";
  if (const size_t colon = host.rfind(':'); colon != std::string::npos) {
    port = host.substr(colon + 1);
    host.resize(colon);
  }
  return {host, port};
}

}  // namespace nianbao::crawler::internal
