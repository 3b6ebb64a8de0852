// HTTP/1.x on the wire without sockets (crawler/src/http_wire.h): the response reader, the
// Content-Encoding decoder and the --connect-to rules of nianbao's own plain-HTTP client.
#include <zlib.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <initializer_list>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "../../crawler/src/http_wire.h"
#include "nianbao/crawler/fetch.h"

namespace nianbao::crawler::internal {
namespace {

using State = ResponseReader::State;
using namespace std::string_literals;

// ---------------------------------------------------------------------------------------------
// Building responses.

// A head: the status line, the fields, the blank line, each line ended by eol.
std::string Head(std::string_view status_line, std::initializer_list<std::string_view> fields = {},
                 std::string_view eol = "\r\n") {
  std::string h(status_line);
  h += eol;
  for (const auto f : fields) {
    h += f;
    h += eol;
  }
  h += eol;
  return h;
}

// A chunked body: each piece as one chunk (lower-case hex sizes), the last chunk, no trailers.
std::string Chunked(std::initializer_list<std::string_view> pieces) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (const auto p : pieces) {
    std::string size;
    for (size_t n = p.size(); n > 0; n /= 16) size.insert(size.begin(), kHex[n % 16]);
    out += size + "\r\n";
    out += p;
    out += "\r\n";
  }
  return out + "0\r\n\r\n";
}

// ---------------------------------------------------------------------------------------------
// Reading responses.

// What a reader made of its input. A failed reader is summed up by its state and reset flag only
// (what it consumed or kept before failing is not part of the contract).
struct Outcome {
  State state = State::kHead;
  int status = 0;
  std::string head{};
  std::string body{};
  size_t consumed = 0;
  bool keep_alive = false;
  int64_t content_length = -1;
  std::string content_encoding{};
  bool reset = false;

  bool operator==(const Outcome&) const = default;
};

const char* StateName(State s) {
  switch (s) {
    case State::kHead: return "kHead";
    case State::kBody: return "kBody";
    case State::kDone: return "kDone";
    case State::kError: return "kError";
  }
  return "?";
}

std::ostream& operator<<(std::ostream& os, const Outcome& o) {
  return os << "{" << StateName(o.state) << " status=" << o.status << " head=\"" << o.head
            << "\" body=\"" << o.body << "\" consumed=" << o.consumed << " keep_alive=" << o.keep_alive
            << " content_length=" << o.content_length << " content_encoding=\"" << o.content_encoding
            << "\" reset=" << o.reset << "}";
}

Outcome Failed(bool reset) { return Outcome{.state = State::kError, .reset = reset}; }

enum class End { kOpen, kEof };        // whether the connection ends after the input
enum class Method { kGet, kHead };     // the request answered

// Feeds the pieces in order, stopping once the reader is done or failed (the rest is not ours),
// then signals the connection's end if asked and the reader still waits for more.
Outcome Read(const std::vector<std::string_view>& pieces, End end = End::kOpen,
             Method method = Method::kGet) {
  ResponseReader r(method == Method::kHead);
  Outcome o;
  for (const auto piece : pieces) {
    if (r.done() || r.failed()) break;
    const size_t used = r.Feed(piece, &o.body);
    REQUIRE(used <= piece.size());
    o.consumed += used;
    if (used < piece.size()) {
      INFO("Feed used " << used << " of " << piece.size() << " bytes");
      CHECK((r.done() || r.failed()));
    }
  }
  if (end == End::kEof && !r.done() && !r.failed()) r.Eof();
  if (r.failed()) {
    INFO("error: " << r.error());
    CHECK_FALSE(r.error().empty());
    return Failed(r.error_is_reset());
  }
  o.state = r.state();
  o.status = r.status();
  o.head = r.head();
  o.keep_alive = r.keep_alive();
  o.content_length = r.content_length();
  o.content_encoding = r.content_encoding();
  return o;
}

std::vector<std::string_view> Bytes(std::string_view s) {
  std::vector<std::string_view> out;
  for (size_t i = 0; i < s.size(); ++i) out.push_back(s.substr(i, 1));
  return out;
}

// The input read in one piece, in two pieces split at every point, and byte by byte all give the
// expected outcome.
void CheckEverySplit(std::string_view wire, const Outcome& expected, End end = End::kOpen,
                     Method method = Method::kGet) {
  INFO("input: \"" << wire << "\"");
  CHECK(Read({wire}, end, method) == expected);
  for (size_t i = 0; i <= wire.size(); ++i) {
    INFO("split at " << i);
    const Outcome got = Read({wire.substr(0, i), wire.substr(i)}, end, method);
    CHECK(got == expected);
    if (got != expected) break;   // one split is enough to show it
  }
  INFO("byte by byte");
  CHECK(Read(Bytes(wire), end, method) == expected);
}

// Every proper, non-empty prefix of a complete response, followed by the connection's end, is a
// broken-off answer.
void CheckEveryTruncationIsReset(std::string_view wire) {
  INFO("input: \"" << wire << "\"");
  for (size_t n = 1; n < wire.size(); ++n) {
    INFO("cut after " << n << " bytes");
    const Outcome got = Read({wire.substr(0, n)}, End::kEof);
    CHECK(got == Failed(true));
    if (got != Failed(true)) break;
  }
}

// ---------------------------------------------------------------------------------------------
// Content codings, made with zlib.

constexpr int kZlibWindow = 15;
constexpr int kGzipWindow = 15 + 16;
constexpr int kRawWindow = -15;

// A Content-Encoding and how zlib makes it: "deflate" is zlib-wrapped or, from some servers, raw.
struct Coding {
  const char* encoding;
  int window_bits;
};
constexpr Coding kCodings[] = {
    {"gzip", kGzipWindow}, {"x-gzip", kGzipWindow}, {"deflate", kZlibWindow}, {"deflate", kRawWindow}};

std::string Compress(std::string_view data, int window_bits) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&z, data.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  REQUIRE(rc == Z_STREAM_END);
  return out;
}

// Deterministic text that compresses, but not to nothing: words picked by a small LCG.
std::string SampleText(size_t size) {
  static const char* const kWords[] = {"政府信息公开", "年度报告", "主动公开", "依申请公开", "2023",
                                       "行政复议", "第", "条", "，", "。", "\n", "<td>", "</td>"};
  std::string out;
  uint32_t x = 12345;
  while (out.size() < size) {
    x = x * 1103515245u + 12345u;
    out += kWords[(x >> 16) % (sizeof kWords / sizeof kWords[0])];
    out += std::to_string((x >> 8) % 1000);
  }
  out.resize(size);
  return out;
}

struct Decoded {
  bool added = true;      // every Add returned true
  bool finished = false;  // and Finish did
  std::string out;
  bool truncated = false;
  bool passthrough = false;
  std::string error;
};

constexpr uint64_t kNoLimit = UINT64_MAX;
constexpr size_t kWhole = SIZE_MAX;

// Decodes `in` handed over in pieces of piece_size bytes into one output string.
Decoded Decode(std::string_view encoding, std::string_view in, uint64_t max_out = kNoLimit,
               size_t piece_size = kWhole) {
  BodyDecoder d(encoding, max_out);
  Decoded r;
  r.passthrough = d.passthrough();
  for (size_t at = 0; at < in.size() && r.added; at += piece_size) r.added = d.Add(in.substr(at, piece_size), &r.out);
  r.finished = r.added && d.Finish();
  r.truncated = d.truncated();
  r.error = d.error();
  return r;
}

// =============================================================================================
// ResponseReader

TEST_CASE("response reader: a Content-Length body, whole or split anywhere", "[http_wire]") {
  SECTION("HTTP/1.1 200") {
    const std::string head = Head("HTTP/1.1 200 OK", {"Server: nginx", "Content-Length: 11"});
    CheckEverySplit(head + "hello world",
                    {.state = State::kDone, .status = 200, .head = head, .body = "hello world",
                     .consumed = head.size() + 11, .keep_alive = true, .content_length = 11});
  }
  SECTION("HTTP/1.0 404, keep-alive asked for") {
    const std::string head = Head("HTTP/1.0 404 Not Found", {"Content-Length: 9", "Connection: keep-alive"});
    CheckEverySplit(head + "not found",
                    {.state = State::kDone, .status = 404, .head = head, .body = "not found",
                     .consumed = head.size() + 9, .keep_alive = true, .content_length = 9});
  }
  SECTION("an empty body") {
    const std::string head = Head("HTTP/1.1 200 OK", {"Content-Length: 0"});
    CheckEverySplit(head, {.state = State::kDone, .status = 200, .head = head, .consumed = head.size(),
                           .keep_alive = true, .content_length = 0});
  }
  SECTION("the body not all there yet") {
    const std::string head = Head("HTTP/1.1 200 OK", {"Content-Length: 11"});
    CheckEverySplit(head + "hello", {.state = State::kBody, .status = 200, .head = head, .body = "hello",
                                     .consumed = head.size() + 5, .content_length = 11});
  }
}

TEST_CASE("response reader: bytes after the response are not consumed", "[http_wire]") {
  const std::string first = Head("HTTP/1.1 200 OK", {"Content-Length: 2"}) + "hi";
  const std::string second = Head("HTTP/1.1 404 Not Found", {"Content-Length: 4"}) + "gone";
  const std::string wire = first + second;

  ResponseReader r;
  std::string body;
  const size_t used = r.Feed(wire, &body);
  CHECK(used == first.size());
  CHECK(r.done());
  CHECK(body == "hi");
  CHECK(r.Feed("more", &body) == 0);   // done: nothing more is ours
  CHECK(body == "hi");

  // What was left is the next response, whole.
  CHECK(Read({std::string_view(wire).substr(used)}).body == "gone");
  CheckEverySplit(wire, {.state = State::kDone, .status = 200, .head = Head("HTTP/1.1 200 OK", {"Content-Length: 2"}),
                         .body = "hi", .consumed = first.size(), .keep_alive = true, .content_length = 2});
}

TEST_CASE("response reader: the head is kept as received, bare LF line ends too", "[http_wire]") {
  SECTION("LF only") {
    const std::string head = Head("HTTP/1.1 200 OK", {"Content-Type: text/html", "Content-Length: 2"}, "\n");
    CheckEverySplit(head + "hi", {.state = State::kDone, .status = 200, .head = head, .body = "hi",
                                  .consumed = head.size() + 2, .keep_alive = true, .content_length = 2});
  }
  SECTION("LF only, body until the close") {
    const std::string head = Head("HTTP/1.0 200 OK", {"Content-Type: text/html"}, "\n");
    CheckEverySplit(head + "<p>x</p>\n\n", {.state = State::kDone, .status = 200, .head = head,
                                            .body = "<p>x</p>\n\n", .consumed = head.size() + 10},
                    End::kEof);
  }
  SECTION("TakeHead") {
    const std::string head = Head("HTTP/1.1 200 OK", {"Content-Length: 0"});
    ResponseReader r;
    std::string body;
    r.Feed(head, &body);
    CHECK(r.TakeHead() == head);
  }
}

TEST_CASE("response reader: a status line without a reason phrase", "[http_wire]") {
  // RFC 9112 allows an empty reason ("HTTP/1.1 200 \r\n"); many servers also drop the space.
  for (const char* line : {"HTTP/1.1 200 ", "HTTP/1.1 200"}) {
    const std::string head = Head(line, {"Content-Length: 2"});
    CheckEverySplit(head + "ok", {.state = State::kDone, .status = 200, .head = head, .body = "ok",
                                  .consumed = head.size() + 2, .keep_alive = true, .content_length = 2});
  }
}

TEST_CASE("response reader: chunked bodies", "[http_wire]") {
  SECTION("lower-case hex sizes, several chunks") {
    const std::string head = Head("HTTP/1.1 200 OK", {"Transfer-Encoding: chunked"});
    const std::string chunks = Chunked({"hello", " ", "0123456789abcdef-x", "!"});   // 0x12 bytes
    REQUIRE(chunks.find("\r\n12\r\n") != std::string::npos);
    CheckEverySplit(head + chunks, {.state = State::kDone, .status = 200, .head = head,
                                    .body = "hello 0123456789abcdef-x!",
                                    .consumed = head.size() + chunks.size(), .keep_alive = true});
  }
  SECTION("upper-case hex, leading zeros, extensions, trailers, the name and value in any case") {
    const std::string head = Head("HTTP/1.1 200 OK", {"transfer-encoding: Chunked"});
    const std::string chunks =
        "A\r\n0123456789\r\n"
        "00b;name=value\r\nabcdefghijk\r\n"
        "1; ext=\"q;x\"\r\nZ\r\n"
        "0\r\nX-Checksum: 1\r\nX-Other: 2\r\n\r\n";
    CheckEverySplit(head + chunks + "HTTP/1.1 200 OK\r\n",
                    {.state = State::kDone, .status = 200, .head = head, .body = "0123456789abcdefghijkZ",
                     .consumed = head.size() + chunks.size(), .keep_alive = true});
  }
  SECTION("only the last chunk") {
    const std::string head = Head("HTTP/1.1 200 OK", {"Transfer-Encoding: chunked"});
    CheckEverySplit(head + "0\r\n\r\n", {.state = State::kDone, .status = 200, .head = head,
                                         .consumed = head.size() + 5, .keep_alive = true});
  }
  SECTION("a chunk not all there yet") {
    const std::string head = Head("HTTP/1.1 200 OK", {"Transfer-Encoding: chunked"});
    CheckEverySplit(head + "a\r\n01234", {.state = State::kBody, .status = 200, .head = head,
                                          .body = "01234", .consumed = head.size() + 8});
  }
}

TEST_CASE("response reader: without length or chunks the body runs to the close", "[http_wire]") {
  const std::string head = Head("HTTP/1.1 200 OK", {"Content-Type: text/html"});
  const std::string wire = head + "<html>until the end</html>";
  const Outcome open{.state = State::kBody, .status = 200, .head = head, .body = "<html>until the end</html>",
                     .consumed = wire.size()};
  CheckEverySplit(wire, open);   // all taken, still reading, not reusable

  Outcome closed = open;
  closed.state = State::kDone;   // keep_alive stays false: the connection is gone
  CheckEverySplit(wire, closed, End::kEof);
  CheckEverySplit(head, {.state = State::kDone, .status = 200, .head = head, .consumed = head.size()}, End::kEof);
}

TEST_CASE("response reader: HEAD, 204 and 304 answers have no body", "[http_wire]") {
  const std::string rest = "HTTP/1.1 200 OK\r\n";   // whatever follows is not this response's
  SECTION("HEAD, whatever the head says") {
    for (const char* framing : {"Content-Length: 1234", "Transfer-Encoding: chunked", "Content-Type: text/html"}) {
      const std::string head = Head("HTTP/1.1 200 OK", {framing});
      const Outcome got = Read({head + rest}, End::kOpen, Method::kHead);
      INFO(framing);
      CHECK(got.state == State::kDone);
      CHECK(got.head == head);
      CHECK(got.body.empty());
      CHECK(got.consumed == head.size());
      CHECK(got.keep_alive);
    }
    const std::string head = Head("HTTP/1.1 200 OK", {"Content-Length: 1234"});
    CheckEverySplit(head + rest, Read({head + rest}, End::kOpen, Method::kHead), End::kOpen, Method::kHead);
  }
  SECTION("204 and 304 even with a Content-Length") {
    for (const char* line : {"HTTP/1.1 204 No Content", "HTTP/1.1 304 Not Modified"}) {
      const std::string head = Head(line, {"Content-Length: 10"});
      const Outcome got = Read({head + rest});
      INFO(line);
      CHECK(got.state == State::kDone);
      CHECK(got.head == head);
      CHECK(got.body.empty());
      CHECK(got.consumed == head.size());
      CHECK(got.keep_alive);
      CheckEverySplit(head + rest, got);
    }
  }
}

TEST_CASE("response reader: 1xx interim answers are skipped, 101 is an error", "[http_wire]") {
  const std::string interim = Head("HTTP/1.1 100 Continue") +
                              Head("HTTP/1.1 103 Early Hints", {"Link: </style.css>; rel=preload"});
  const std::string head = Head("HTTP/1.1 201 Created", {"Content-Length: 4"});
  CheckEverySplit(interim + head + "done", {.state = State::kDone, .status = 201, .head = head, .body = "done",
                                            .consumed = interim.size() + head.size() + 4, .keep_alive = true,
                                            .content_length = 4});
  // An interim answer alone is no answer yet.
  for (const Outcome& got : {Read({interim}), Read(Bytes(interim))}) {
    CHECK(got.state == State::kHead);
    CHECK(got.consumed == interim.size());
  }
  CHECK(Read({interim}, End::kEof) == Failed(true));

  const std::string upgrade = Head("HTTP/1.1 101 Switching Protocols", {"Upgrade: websocket", "Connection: Upgrade"});
  CHECK(Read({upgrade}).state == State::kError);
  CHECK(Read(Bytes(upgrade)).state == State::kError);
}

TEST_CASE("response reader: keep-alive", "[http_wire]") {
  struct Case {
    const char* status_line;
    const char* connection;   // "" none
    bool keep_alive;
  };
  const Case cases[] = {
      {"HTTP/1.1 200 OK", "", true},
      {"HTTP/1.1 200 OK", "Connection: keep-alive", true},
      {"HTTP/1.1 200 OK", "Connection: close", false},
      {"HTTP/1.1 200 OK", "connection: Close", false},
      {"HTTP/1.0 200 OK", "", false},
      {"HTTP/1.0 200 OK", "Connection: close", false},
      {"HTTP/1.0 200 OK", "Connection: keep-alive", true},
      {"HTTP/1.0 200 OK", "Connection: Keep-Alive", true},
  };
  for (const auto& c : cases) {
    INFO(c.status_line << " / " << c.connection);
    const std::string head = *c.connection ? Head(c.status_line, {"Content-Length: 3", c.connection})
                                           : Head(c.status_line, {"Content-Length: 3"});
    ResponseReader r;
    std::string body;
    r.Feed(head + "ab", &body);
    CHECK(r.state() == State::kBody);
    CHECK_FALSE(r.keep_alive());   // only once done
    r.Feed("c", &body);
    REQUIRE(r.done());
    CHECK(r.keep_alive() == c.keep_alive);
  }
}

TEST_CASE("response reader: an answer broken off is a reset", "[http_wire]") {
  SECTION("nothing at all") {
    ResponseReader r;
    r.Eof();
    CHECK(r.failed());
    CHECK(r.error_is_reset());
    CHECK_FALSE(r.started());
    CHECK_FALSE(r.error().empty());
  }
  SECTION("started() from the first byte") {
    ResponseReader r;
    std::string body;
    CHECK_FALSE(r.started());
    r.Feed("H", &body);
    CHECK(r.started());
    r.Eof();
    CHECK(r.failed());
    CHECK(r.error_is_reset());
  }
  SECTION("cut anywhere in a Content-Length answer") {
    CheckEveryTruncationIsReset(Head("HTTP/1.1 200 OK", {"Content-Length: 5"}) + "hello");
  }
  SECTION("cut anywhere in a chunked answer, trailers included") {
    CheckEveryTruncationIsReset(Head("HTTP/1.1 200 OK", {"Transfer-Encoding: chunked"}) +
                                "5;x=y\r\nhello\r\nA\r\n0123456789\r\n0\r\nX-T: 1\r\n\r\n");
  }
  SECTION("the close after a complete answer changes nothing") {
    const std::string head = Head("HTTP/1.1 200 OK", {"Content-Length: 2"});
    ResponseReader r;
    std::string body;
    r.Feed(head + "hi", &body);
    REQUIRE(r.done());
    r.Eof();
    CHECK(r.done());
    CHECK(r.status() == 200);
    CHECK(body == "hi");
  }
}

TEST_CASE("response reader: what is not HTTP is an error, not a reset", "[http_wire]") {
  const std::string chunked = Head("HTTP/1.1 200 OK", {"Transfer-Encoding: chunked"});
  const std::string bad[] = {
      // not a status line
      "<!DOCTYPE html>\r\n<html></html>\r\n\r\n",
      "<html>\n\n</html>",
      "ICY 200 OK\r\n\r\n",
      // bad status codes
      Head("HTTP/1.1 abc OK"),
      Head("HTTP/1.1 2x0 OK"),
      Head("HTTP/1.1 20 OK"),
      Head("HTTP/1.1 OK"),
      Head("HTTP/1.1"),
      // bad Content-Lengths
      Head("HTTP/1.1 200 OK", {"Content-Length: abc"}) + "abc",
      Head("HTTP/1.1 200 OK", {"Content-Length: 12a"}) + "abc",
      Head("HTTP/1.1 200 OK", {"Content-Length: -1"}) + "abc",
      Head("HTTP/1.1 200 OK", {"Content-Length: 0x10"}) + "abc",
      Head("HTTP/1.1 200 OK", {"Content-Length: 99999999999999999999999"}) + "abc",
      Head("HTTP/1.1 200 OK", {"Content-Length: 3", "Content-Length: 4"}) + "abcd",
      Head("HTTP/1.1 200 OK", {"Content-Length: 3, 4"}) + "abcd",
  };
  for (const auto& wire : bad) CheckEverySplit(wire, Failed(false));

  // A chunked body that garbles mid-way broke down in transit: a reset (retryable), as curl's
  // receive error was.
  const std::string garbled[] = {
      chunked + "zz\r\nhello\r\n0\r\n\r\n",
      chunked + "\r\nhello\r\n0\r\n\r\n",
      chunked + "-5\r\nhello\r\n0\r\n\r\n",
      chunked + "10000000000000000\r\nhello\r\n0\r\n\r\n",   // 2^64
      chunked + "5\r\nhelloXX0\r\n\r\n",                     // no line end after the data
  };
  for (const auto& wire : garbled) CheckEverySplit(wire, Failed(true));

  // The same Content-Length twice, or as a list of one value, is fine.
  for (const auto& h : {Head("HTTP/1.1 200 OK", {"Content-Length: 3", "Content-Length: 3"}),
                        Head("HTTP/1.1 200 OK", {"Content-Length: 3, 3"})}) {
    CHECK(Read({h + "abc"}).body == "abc");
    CHECK(Read({h + "abc"}).state == State::kDone);
  }
}

TEST_CASE("response reader: what curl lets pass passes", "[http_wire]") {
  // A status code glued to its reason, white space doubled, line ends before the status line.
  for (const std::string status : {"HTTP/1.1 200OK", "HTTP/1.1  200  OK", "HTTP/1.1\t200 OK"}) {
    INFO(status);
    const Outcome o = Read({Head(status, {"Content-Length: 2"}) + "hi"});
    CHECK(o.state == State::kDone);
    CHECK(o.status == 200);
    CHECK(o.body == "hi");
  }
  const Outcome lead = Read({"\r\n\r\n" + Head("HTTP/1.1 200 OK", {"Content-Length: 2"}) + "hi"});
  CHECK(lead.status == 200);
  CHECK(lead.body == "hi");
  CHECK(lead.head.rfind("HTTP/1.1 200 OK", 0) == 0);
  // Chunked coding and a length together: the body is chunked, the connection not kept.
  const Outcome both =
      Read({Head("HTTP/1.1 200 OK", {"Content-Length: 99", "Transfer-Encoding: chunked"}) + "2\r\nhi\r\n0\r\n\r\n"});
  CHECK(both.state == State::kDone);
  CHECK(both.body == "hi");
  CHECK_FALSE(both.keep_alive);
}

TEST_CASE("response reader: a head longer than kMaxHead is an error", "[http_wire]") {
  SECTION("fed in 4 KiB pieces, no end in sight") {
    ResponseReader r;
    std::string body;
    r.Feed("HTTP/1.1 200 OK\r\n", &body);
    const std::string line = "X-Filler: " + std::string(4080, 'a') + "\r\n";
    for (size_t fed = 0; fed <= ResponseReader::kMaxHead + line.size() && !r.failed(); fed += line.size())
      r.Feed(line, &body);
    CHECK(r.failed());
    CHECK_FALSE(r.error_is_reset());
  }
  SECTION("in one piece") {
    const std::string wire = "HTTP/1.1 200 OK\r\nX-Filler: " + std::string(ResponseReader::kMaxHead, 'a');
    CHECK(Read({wire}) == Failed(false));
  }
  SECTION("a big head within the limit is fine") {
    std::string head = "HTTP/1.1 200 OK\r\n";
    while (head.size() < ResponseReader::kMaxHead / 2) head += "Set-Cookie: c=" + std::string(1000, 'v') + "\r\n";
    head += "Content-Length: 2\r\n\r\n";
    const Outcome got = Read({head + "hi"});
    CHECK(got.state == State::kDone);
    CHECK(got.head == head);
    CHECK(got.body == "hi");
  }
}

TEST_CASE("response reader: Content-Length and Content-Encoding", "[http_wire]") {
  SECTION("the header names in any case, the values with spaces around") {
    const std::string head =
        Head("HTTP/1.1 200 OK", {"content-length:   3  ", "CONTENT-ENCODING:  GZip \t"});
    CheckEverySplit(head + "abc", {.state = State::kDone, .status = 200, .head = head, .body = "abc",
                                   .consumed = head.size() + 3, .keep_alive = true, .content_length = 3,
                                   .content_encoding = "gzip"});
  }
  SECTION("a length past 4 GiB") {
    const Outcome got = Read({Head("HTTP/1.1 200 OK", {"Content-Length: 5000000000"}) + "abc"});
    CHECK(got.state == State::kBody);
    CHECK(got.content_length == 5000000000);
    CHECK(got.body == "abc");
  }
  SECTION("-1 and \"\" without them") {
    const Outcome got = Read({Head("HTTP/1.1 200 OK", {"Transfer-Encoding: chunked"}) + "0\r\n\r\n"});
    CHECK(got.state == State::kDone);
    CHECK(got.content_length == -1);
    CHECK(got.content_encoding.empty());
  }
}

TEST_CASE("response reader: obsolete folded header lines", "[http_wire]") {
  SECTION("folded values in between") {
    const std::string head = Head("HTTP/1.1 200 OK", {"X-Long: first", " second", "\tthird", "Content-Length: 2",
                                                      "Content-Type: text/html;", "  charset=utf-8"});
    CheckEverySplit(head + "hi", {.state = State::kDone, .status = 200, .head = head, .body = "hi",
                                  .consumed = head.size() + 2, .keep_alive = true, .content_length = 2});
  }
  SECTION("a folded line is not a field of its own") {
    const std::string head = Head("HTTP/1.1 200 OK", {"X-Note: a", " Content-Length: 99", "Content-Length: 2"});
    CheckEverySplit(head + "hi", {.state = State::kDone, .status = 200, .head = head, .body = "hi",
                                  .consumed = head.size() + 2, .keep_alive = true, .content_length = 2});
  }
}

TEST_CASE("response reader and body decoder: a gzip body in chunks", "[http_wire]") {
  const std::string text = SampleText(20000);
  const std::string gz = Compress(text, kGzipWindow);
  const size_t half = gz.size() / 2;
  const std::string head = Head("HTTP/1.1 200 OK", {"Content-Encoding: gzip", "Transfer-Encoding: chunked"});
  const Outcome got = Read(Bytes(head + Chunked({gz.substr(0, half), gz.substr(half)})));
  REQUIRE(got.state == State::kDone);
  CHECK(got.content_encoding == "gzip");
  CHECK(got.body == gz);   // the content coding is kept
  const Decoded d = Decode(got.content_encoding, got.body);
  CHECK(d.finished);
  CHECK(d.out == text);
}

// =============================================================================================
// BodyDecoder

TEST_CASE("body decoder: gzip and deflate, whole or in pieces", "[http_wire]") {
  const std::string text = SampleText(200000);
  for (const Coding c : kCodings) {
    const std::string in = Compress(text, c.window_bits);
    for (const size_t piece : {kWhole, size_t{4096}, size_t{13}, size_t{2}, size_t{1}}) {
      INFO(c.encoding << " window bits " << c.window_bits << ", pieces of " << piece);
      const Decoded d = Decode(c.encoding, in, kNoLimit, piece);
      CHECK_FALSE(d.passthrough);
      CHECK(d.added);
      CHECK(d.finished);
      CHECK(d.error.empty());
      CHECK_FALSE(d.truncated);
      CHECK(d.out.size() == text.size());
      CHECK(d.out == text);
    }
  }
}

TEST_CASE("body decoder: short and empty bodies", "[http_wire]") {
  for (const Coding c : kCodings) {
    for (const char* text : {"", "x", "hello"}) {
      INFO(c.encoding << " window bits " << c.window_bits << " \"" << text << "\"");
      const Decoded d = Decode(c.encoding, Compress(text, c.window_bits), kNoLimit, 1);
      CHECK(d.finished);
      CHECK(d.out == text);
    }
  }
  // No body at all (a HEAD, a 204) with a Content-Encoding: nothing stopped short.
  CHECK(Decode("gzip", "").finished);
  CHECK(Decode("gzip", "").out.empty());
}

// The first length of a body of spaces, just past a multiple of 4 KiB, that does not decode whole
// (0 when all do). The last few input bytes of such a body stand for a thousand bytes of output,
// which need not fit the decoder's buffer in one go: output left inside zlib once the input is
// used up is lost, whatever the buffer's size.
size_t FirstRunNotDecoded(const Coding& c) {
  for (const size_t kib4 : {1, 2, 4, 8, 16}) {
    for (size_t n = kib4 * 4096; n < kib4 * 4096 + 256; ++n) {
      const std::string text(n, ' ');
      const Decoded d = Decode(c.encoding, Compress(text, c.window_bits));
      if (!d.finished || d.out != text) return n;
    }
  }
  return 0;
}

TEST_CASE("body decoder: a body ending in a long run, around output buffer sizes", "[http_wire]") {
  for (const Coding c : kCodings) {
    INFO(c.encoding << " window bits " << c.window_bits);
    CHECK(FirstRunNotDecoded(c) == 0);
  }
}

TEST_CASE("body decoder: other encodings pass through", "[http_wire]") {
  const std::string data = "\x1f\x8b not really anything \x00\xff"s;
  for (const char* encoding : {"identity", "", "br", "compress", "zstd"}) {
    for (const size_t piece : {kWhole, size_t{1}}) {
      INFO("\"" << encoding << "\" pieces of " << piece);
      const Decoded d = Decode(encoding, data, kNoLimit, piece);
      CHECK(d.passthrough);
      CHECK(d.added);
      CHECK(d.finished);
      CHECK(d.out == data);
      CHECK_FALSE(d.truncated);
    }
  }
}

TEST_CASE("body decoder: the output is cut at max_out", "[http_wire]") {
  const std::string text = SampleText(100000);
  SECTION("gzip") {
    const std::string gz = Compress(text, kGzipWindow);
    for (const uint64_t max : {uint64_t{0}, uint64_t{1}, uint64_t{1000}, uint64_t{65536}, uint64_t{99999}}) {
      for (const size_t piece : {kWhole, size_t{100}}) {
        INFO("max " << max << " pieces of " << piece);
        const Decoded d = Decode("gzip", gz, max, piece);
        CHECK(d.added);
        CHECK(d.truncated);
        CHECK(d.out.size() == max);
        CHECK(d.out == text.substr(0, max));
      }
    }
    INFO("exactly max_out: nothing cut");
    const Decoded exact = Decode("gzip", gz, text.size());
    CHECK_FALSE(exact.truncated);
    CHECK(exact.finished);
    CHECK(exact.out == text);
  }
  SECTION("deflate, raw") {
    const Decoded d = Decode("deflate", Compress(text, kRawWindow), 5000, 7);
    CHECK(d.added);
    CHECK(d.truncated);
    CHECK(d.out == text.substr(0, 5000));
  }
  SECTION("passthrough") {
    for (const size_t piece : {kWhole, size_t{1}, size_t{333}}) {
      INFO("pieces of " << piece);
      const Decoded d = Decode("br", text, 1000, piece);
      CHECK(d.added);
      CHECK(d.truncated);
      CHECK(d.out == text.substr(0, 1000));

      const Decoded exact = Decode("", text, text.size(), piece);
      CHECK_FALSE(exact.truncated);
      CHECK(exact.out == text);
      const Decoded one_short = Decode("identity", text, text.size() - 1, piece);
      CHECK(one_short.truncated);
      CHECK(one_short.out == text.substr(0, text.size() - 1));
    }
  }
}

TEST_CASE("body decoder: broken and concatenated streams", "[http_wire]") {
  const std::string text = SampleText(50000);
  const std::string gz = Compress(text, kGzipWindow);
  SECTION("garbage is not gzip") {
    for (const size_t piece : {kWhole, size_t{1}}) {
      const Decoded d = Decode("gzip", "<html><body>this is not gzip at all</body></html>", kNoLimit, piece);
      CHECK_FALSE(d.added);
      CHECK_FALSE(d.error.empty());
    }
  }
  SECTION("a gzip stream cut short finishes with what it decoded, as curl does") {
    // The body's framing said it was complete: a missing trailer (or a server's early end) keeps
    // the text decoded so far rather than failing the page.
    for (const size_t cut : {size_t{1}, size_t{8}, gz.size() / 2, gz.size() - 8, gz.size() - 1}) {
      INFO("cut to " << cut << " of " << gz.size());
      BodyDecoder d("gzip", kNoLimit);
      std::string out;
      CHECK(d.Add(std::string_view(gz).substr(0, cut), &out));
      CHECK(d.Finish());
      CHECK(text.compare(0, out.size(), out) == 0);   // what came out is right so far
      if (cut == gz.size() - 8) CHECK(out == text);   // only the trailer missing: all of it
    }
  }
  SECTION("a stray byte after a complete stream is ignored") {
    for (const size_t piece : {kWhole, size_t{1}}) {
      const Decoded d = Decode("gzip", gz + "\n", kNoLimit, piece);
      CHECK(d.added);
      CHECK(d.finished);
      CHECK(d.out == text);
    }
  }
  SECTION("two gzip members") {
    const std::string second = "第二个成员 — the second member";
    const std::string both = gz + Compress(second, kGzipWindow);
    for (const size_t piece : {kWhole, size_t{1}}) {
      INFO("pieces of " << piece);
      const Decoded d = Decode("gzip", both, kNoLimit, piece);
      CHECK(d.added);
      CHECK(d.finished);
      CHECK(d.out == text + second);
    }
  }
}

// =============================================================================================
// ParseConnectRule, HostAndPort

TEST_CASE("connect rules: curl's --connect-to syntax", "[http_wire]") {
  struct Case {
    const char* rule;
    ConnectRule want;
  };
  const Case cases[] = {
      {"www.a.gov.cn:80:127.0.0.1:8080", {"www.a.gov.cn", "80", "127.0.0.1", "8080", true}},
      {"::127.0.0.1:8080", {"", "", "127.0.0.1", "8080", true}},
      {"www.a.gov.cn:80:mirror.a.gov.cn:", {"www.a.gov.cn", "80", "mirror.a.gov.cn", "", false}},
      {"www.a.gov.cn::localhost:81", {"www.a.gov.cn", "", "localhost", "81", false}},
      {":::", {"", "", "", "", false}},
      {"[::1]:80:[::1]:8080", {"[::1]", "80", "[::1]", "8080", true}},
      {"::[2001:db8::7]:443", {"", "", "[2001:db8::7]", "443", true}},
      {"a.gov.cn:80:1.2.3:80", {"a.gov.cn", "80", "1.2.3", "80", false}},
  };
  for (const auto& c : cases) {
    INFO(c.rule);
    const auto r = ParseConnectRule(c.rule);
    REQUIRE(r.has_value());
    CHECK(r->from_host == c.want.from_host);
    CHECK(r->from_port == c.want.from_port);
    CHECK(r->to_host == c.want.to_host);
    CHECK(r->to_port == c.want.to_port);
    CHECK(r->to_address == c.want.to_address);
  }
  for (const char* bad : {"", "a.gov.cn", "a.gov.cn:80", "a.gov.cn:80:127.0.0.1", "::", "[::1:80:b:1"}) {
    INFO("\"" << bad << "\"");
    CHECK_FALSE(ParseConnectRule(bad).has_value());
  }
}

TEST_CASE("connect rules: CheckConnectRule says what is wrong with a rule", "[http_wire]") {
  for (const char* good : {"::127.0.0.1:8080", "www.a.gov.cn:80:mirror.a.gov.cn:", ":::", "[::1]:80:[::1]:8080",
                           "a.gov.cn::b.gov.cn:65535"})
    CHECK(nianbao::crawler::CheckConnectRule(good).ok());
  struct Bad {
    const char* rule;
    const char* says;
  };
  for (const Bad& b : {Bad{"127.0.0.1:8080", "expected HOST1:PORT1:HOST2:PORT2"}, Bad{"", "expected"},
                       Bad{"::127.0.0.1:0", "port \"0\""}, Bad{"::127.0.0.1:65536", "port \"65536\""},
                       Bad{"a:http:b:80", "port \"http\""}, Bad{"::127.0.0.1:99999999999999999999", "is not 1-65535"}}) {
    INFO(b.rule);
    const nianbao::Status s = nianbao::crawler::CheckConnectRule(b.rule);
    CHECK(s.code() == nianbao::Status::Code::kInvalidArgument);
    CHECK(s.message().find(b.says) != std::string::npos);
    CHECK(s.message().find(std::string("\"") + b.rule + "\"") != std::string::npos);
  }
}

TEST_CASE("connect rules: host and port of a URL", "[http_wire]") {
  using HP = std::pair<std::string, std::string>;
  const HP none{"", ""};
  CHECK(HostAndPort("http://a.gov.cn/x") == HP{"a.gov.cn", "80"});
  CHECK(HostAndPort("http://a.gov.cn") == HP{"a.gov.cn", "80"});
  CHECK(HostAndPort("http://a.gov.cn?q=1") == HP{"a.gov.cn", "80"});
  CHECK(HostAndPort("https://a.gov.cn/") == HP{"a.gov.cn", "443"});
  CHECK(HostAndPort("http://a.gov.cn:8080/x") == HP{"a.gov.cn", "8080"});
  CHECK(HostAndPort("https://10.0.0.1:8443/x") == HP{"10.0.0.1", "8443"});
  CHECK(HostAndPort("HTTP://a.gov.cn/") == HP{"a.gov.cn", "80"});
  CHECK(HostAndPort("ftp://a.gov.cn/") == none);
  CHECK(HostAndPort("mailto:x@a.gov.cn") == none);
  CHECK(HostAndPort("http:///x") == none);
  CHECK(HostAndPort("http://[::1]:8080/") == none);
}

}  // namespace
}  // namespace nianbao::crawler::internal
