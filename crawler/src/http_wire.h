// HTTP/1.x on the wire, without sockets: the pieces of nianbao's own plain-HTTP client
// (http_transport.cc) that tests can feed bytes to directly.
//
//  - ResponseReader: an incremental reader of one response (status line, head, body framed by
//    Content-Length, chunked coding or the connection's end), 1xx interim answers skipped;
//  - BodyDecoder: the Content-Encoding we ask for (gzip, deflate), streamed through zlib, with
//    the cut at max_body;
//  - ConnectRule / ParseConnectRule / HostAndPort: curl's --connect-to rules, shared with the
//    libcurl transport.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace nianbao::crawler::internal {

// One response, fed as it arrives. Feed() appends the body's bytes (chunked coding removed,
// content coding kept) to *body and returns how many input bytes it used: fewer than given only
// once the response is complete (what follows belongs to no request of ours).
class ResponseReader {
 public:
  enum class State { kHead, kBody, kDone, kError };
  // head_request: the answer to a HEAD has no body whatever its head says.
  explicit ResponseReader(bool head_request = false) : head_request_(head_request) {}

  size_t Feed(std::string_view data, std::string* body);
  // The connection ended (EOF). A body delimited by the close is complete; anything else left
  // unfinished is an error.
  void Eof();

  State state() const { return state_; }
  bool done() const { return state_ == State::kDone; }
  bool failed() const { return state_ == State::kError; }
  // Why it failed; error_is_reset() says whether the answer broke off or broke down mid-body
  // (closed early, a garbled chunk), as opposed to something that is not HTTP at all.
  const std::string& error() const { return error_; }
  bool error_is_reset() const { return error_reset_; }

  int status() const { return status_; }
  // The final response's raw head, status line included, line ends as received.
  const std::string& head() const { return head_; }
  std::string TakeHead() { return std::move(head_); }
  // The Content-Length header's value (-1 when there is none, or the body is chunked).
  int64_t content_length() const { return content_length_; }
  // Lower-cased Content-Encoding ("" when none).
  const std::string& content_encoding() const { return content_encoding_; }
  // Whether the connection may carry another request after this response.
  bool keep_alive() const { return keep_alive_ && state_ == State::kDone; }
  // Whether any byte of a response arrived.
  bool started() const { return started_; }

  static constexpr size_t kMaxHead = 256u << 10;

 private:
  enum class Framing { kNone, kLength, kChunked, kClose };
  enum class Chunk { kSize, kData, kDataEnd, kTrailer };
  bool ParseHead(std::string_view head);   // false: error set
  size_t FeedBody(std::string_view data, std::string* body);
  void Fail(std::string message, bool reset);

  bool head_request_;
  State state_ = State::kHead;
  bool started_ = false;
  std::string head_;
  int status_ = 0;
  bool keep_alive_ = true;
  int64_t content_length_ = -1;
  std::string content_encoding_;
  Framing framing_ = Framing::kNone;
  uint64_t left_ = 0;              // of the Content-Length, or of the current chunk
  Chunk chunk_ = Chunk::kSize;
  std::string line_;               // a chunk-size or trailer line in progress
  std::string error_;
  bool error_reset_ = false;
};

// Decodes a body's Content-Encoding into *out, keeping at most max_out bytes. Encodings other
// than gzip/x-gzip/deflate (and "identity") pass through undecoded, as curl leaves what it
// cannot decode.
class BodyDecoder {
 public:
  BodyDecoder(std::string_view content_encoding, uint64_t max_out);
  ~BodyDecoder();
  BodyDecoder(const BodyDecoder&) = delete;
  BodyDecoder& operator=(const BodyDecoder&) = delete;

  // false: the data is not valid for its encoding (error() says why). Input past the cut is
  // dropped and truncated() set.
  bool Add(std::string_view in, std::string* out);
  // The body has ended; false only after an error. A compressed stream that stopped short
  // keeps what it decoded (curl does the same).
  bool Finish();
  bool truncated() const { return truncated_; }
  bool passthrough() const { return !z_; }
  const std::string& error() const { return error_; }

 private:
  bool Inflate(std::string_view in, std::string* out);
  struct Z;
  std::unique_ptr<Z> z_;
  bool raw_allowed_ = false;    // "deflate": raw deflate is tried if it is not zlib
  bool raw_deflate_tried_ = false;
  std::string replay_;          // input so far, until the first output (for that retry)
  bool produced_ = false;       // any output yet
  bool ended_ = false;          // the compressed stream reached its end
  bool ignore_rest_ = false;    // bytes after the end that are no further gzip member
  uint64_t max_out_;
  bool truncated_ = false;
  std::string error_;
};

// A --connect-to rule "HOST1:PORT1:HOST2:PORT2" (an empty field matches / keeps anything; hosts
// may be IPv6 in brackets).
struct ConnectRule {
  std::string from_host, from_port, to_host, to_port;
  bool to_address = false;   // to_host is an IP address
};
std::optional<ConnectRule> ParseConnectRule(std::string_view s);

// Host and port ("80"/"443" when the URL has none) of an http(s) URL; host "" when it has neither
// form or the host is an IPv6 literal.
std::pair<std::string, std::string> HostAndPort(const std::string& url);

}  // namespace nianbao::crawler::internal
