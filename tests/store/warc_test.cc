// WARC export: every gzip member is one record; headers, lengths and digests are right; and an
// independent reader (warcio from the npm registry) reads the file and agrees on the digests.
#include <zlib.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <sstream>

#include "nianbao/common/hash.h"
#include "nianbao/common/text.h"
#include "nianbao/store/warc.h"
#include "../test_util.h"

using namespace nianbao;
using namespace nianbao::store;

namespace {

struct ParsedRecord {
  std::map<std::string, std::string> h;  // header name (as written) → value
  std::string block;
};

// Inflates the members of a multi-member gzip stream one by one.
std::vector<std::string> Members(const std::string& gz) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < gz.size()) {
    z_stream z{};
    REQUIRE(inflateInit2(&z, 15 + 16) == Z_OK);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data() + pos));
    z.avail_in = static_cast<uInt>(gz.size() - pos);
    std::string member;
    int rc = Z_OK;
    char buf[65536];
    while (rc == Z_OK) {
      z.next_out = reinterpret_cast<Bytef*>(buf);
      z.avail_out = sizeof buf;
      rc = inflate(&z, Z_NO_FLUSH);
      member.append(buf, sizeof buf - z.avail_out);
    }
    REQUIRE(rc == Z_STREAM_END);
    pos += z.total_in;
    inflateEnd(&z);
    out.push_back(member);
  }
  return out;
}

ParsedRecord ParseRecord(const std::string& m) {
  ParsedRecord r;
  REQUIRE(StartsWith(m, "WARC/1.1\r\n"));
  size_t end = m.find("\r\n\r\n");
  REQUIRE(end != std::string::npos);
  size_t pos = 10;
  while (pos < end) {
    size_t eol = m.find("\r\n", pos);
    std::string line = m.substr(pos, eol - pos);
    size_t colon = line.find(": ");
    REQUIRE(colon != std::string::npos);
    CHECK(r.h.count(line.substr(0, colon)) == 0);
    r.h[line.substr(0, colon)] = line.substr(colon + 2);
    pos = eol + 2;
  }
  REQUIRE(r.h.count("Content-Length"));
  const size_t len = std::stoul(r.h["Content-Length"]);
  // The block is exactly Content-Length bytes, then the record's closing CRLF CRLF ends the member.
  REQUIRE(m.size() == end + 4 + len + 4);
  r.block = m.substr(end + 4, len);
  CHECK(m.substr(end + 4 + len) == "\r\n\r\n");
  return r;
}

std::unique_ptr<Archive> Open(const std::string& dir) {
  std::unique_ptr<Archive> a;
  REQUIRE(Archive::Open(Options{}, dir, &a).ok());
  return a;
}

Capture Cap(const std::string& url, int status, const std::string& body, int64_t t) {
  Capture c;
  c.url = url;
  c.http_status = status;
  c.body = body;
  c.fetched_at = t;
  return c;
}

// A small archive with every kind of capture the exporter treats differently.
void Fill(Archive* a) {
  Capture first = Cap("http://wsjkw.luoyang.test/ndbg/2022.html", 200, "<html>年度报告 3916</html>", 1675152000000000);
  first.request_headers = "GET /ndbg/2022.html HTTP/1.1\r\nHost: wsjkw.luoyang.test\r\nAccept: */*\r\n\r\n";
  first.response_headers =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Encoding: gzip\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  first.ip = "127.0.0.1";
  REQUIRE(a->PutCapture(first).ok());
  Capture again = first;  // the same bytes a day later: a revisit
  again.fetched_at += 86400000000LL;
  REQUIRE(a->PutCapture(again).ok());
  REQUIRE(a->PutCapture(Cap("http://wsjkw.luoyang.test/gone.html?x=1#frag", 404, "not here", 1675152000000001)).ok());
  REQUIRE(a->PutCapture(Cap("http://wsjkw.luoyang.test/ndbg/2021.html", 304, "", 1675152000000002)).ok());
  Capture truncated = Cap("https://big.test/a.pdf", 200, std::string(1000, 'x'), 1675152000000003);
  truncated.truncated = true;
  truncated.response_headers = "HTTP/1.1 200 OK\r\nContent-Length: 21000000\r\n\r\n";
  REQUIRE(a->PutCapture(truncated).ok());
  REQUIRE(a->PutCapture(Cap("file:/tmp/report.txt", 0, "imported text", 1675152000000004)).ok());
}

std::string Sha1Digest(const std::string& bytes) { return "sha1:" + Sha1Base32(bytes); }

}  // namespace

TEST_CASE("WARC export: one record per gzip member, right lengths, digests and record kinds") {
  testing::TempDir dir;
  auto a = Open(dir.sub("a"));
  Fill(a.get());
  std::ostringstream out;
  FakeClock clock(1700000000000000);
  WarcOptions options;
  options.filename = "x.warc.gz";
  options.clock = &clock;
  WarcStats stats;
  REQUIRE(ExportWarc(a.get(), out, options, &stats).ok());
  CHECK(stats.warcinfo == 1);
  CHECK(stats.response == 4);
  CHECK(stats.revisit == 1);
  CHECK(stats.request == 5);
  CHECK(stats.resource == 1);
  CHECK(stats.bytes == out.str().size());

  auto members = Members(out.str());
  REQUIRE(members.size() == 1 + 5 + 5 + 1);
  std::vector<ParsedRecord> recs;
  for (const auto& m : members) recs.push_back(ParseRecord(m));
  std::map<std::string, const ParsedRecord*> by_id;
  for (const auto& r : recs) {
    INFO(r.h.at("WARC-Type"));
    for (const char* required : {"WARC-Type", "WARC-Record-ID", "WARC-Date", "Content-Type"}) CHECK(r.h.count(required));
    CHECK(r.h.at("WARC-Record-ID").size() == std::string("<urn:uuid:12345678-1234-1234-1234-123456789012>").size());
    CHECK(StartsWith(r.h.at("WARC-Record-ID"), "<urn:uuid:"));
    CHECK(by_id.emplace(r.h.at("WARC-Record-ID"), &r).second);  // ids unique
    CHECK(r.h.at("WARC-Block-Digest") == Sha1Digest(r.block));
  }
  CHECK(recs[0].h.at("WARC-Type") == "warcinfo");
  CHECK(recs[0].h.at("WARC-Filename") == "x.warc.gz");
  CHECK(recs[0].h.at("WARC-Date") == "2023-11-14T22:13:20Z");

  // Response: the recorded head, made consistent with the decoded payload.
  const ParsedRecord& resp = recs[1];
  CHECK(resp.h.at("WARC-Type") == "response");
  CHECK(resp.h.at("WARC-Target-URI") == "http://wsjkw.luoyang.test/ndbg/2022.html");
  CHECK(resp.h.at("WARC-IP-Address") == "127.0.0.1");
  CHECK(resp.h.at("Content-Type") == "application/http; msgtype=response");
  CHECK(resp.h.at("WARC-Date") == "2023-01-31T08:00:00Z");
  const std::string body = "<html>年度报告 3916</html>";
  CHECK(EndsWith(resp.block, "\r\n\r\n" + body));
  CHECK(resp.block.find("X-Archive-Orig-Content-Encoding: gzip\r\n") != std::string::npos);
  CHECK(resp.block.find("X-Archive-Orig-Transfer-Encoding: chunked\r\n") != std::string::npos);
  CHECK(resp.block.find("\r\nContent-Length: " + std::to_string(body.size()) + "\r\n") != std::string::npos);
  CHECK(resp.h.at("WARC-Payload-Digest") == Sha1Digest(body));
  // Its request follows, concurrent to it, with the recorded head.
  const ParsedRecord& req = recs[2];
  CHECK(req.h.at("WARC-Type") == "request");
  CHECK(req.h.at("WARC-Concurrent-To") == resp.h.at("WARC-Record-ID"));
  CHECK(StartsWith(req.block, "GET /ndbg/2022.html HTTP/1.1\r\nHost: wsjkw.luoyang.test\r\nAccept"));

  // The same payload again: a revisit pointing at the first response.
  const ParsedRecord& rev = recs[3];
  CHECK(rev.h.at("WARC-Type") == "revisit");
  CHECK(rev.h.at("WARC-Profile") == "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest");
  CHECK(rev.h.at("WARC-Refers-To") == resp.h.at("WARC-Record-ID"));
  CHECK(rev.h.at("WARC-Refers-To-Target-URI") == resp.h.at("WARC-Target-URI"));
  CHECK(rev.h.at("WARC-Refers-To-Date") == resp.h.at("WARC-Date"));
  CHECK(rev.h.at("WARC-Payload-Digest") == resp.h.at("WARC-Payload-Digest"));
  CHECK(EndsWith(rev.block, "\r\n\r\n"));
  CHECK(rev.block.find(body) == std::string::npos);

  // No recorded heads: minimal synthesized ones; the fragment is never requested.
  const ParsedRecord& gone = recs[5];
  CHECK(StartsWith(gone.block, "HTTP/1.1 404 Not Found\r\nContent-Length: 8\r\n\r\nnot here"));
  CHECK(recs[6].block == "GET /gone.html?x=1 HTTP/1.1\r\nHost: wsjkw.luoyang.test\r\n\r\n");
  // An empty payload (304) is written whole, never as a revisit of another empty payload.
  CHECK(recs[7].h.at("WARC-Type") == "response");
  CHECK(recs[7].h.at("WARC-Payload-Digest") == Sha1Digest(""));
  // A truncated capture says so; the wrong Content-Length is kept under another name.
  CHECK(recs[9].h.at("WARC-Truncated") == "length");
  CHECK(recs[9].block.find("X-Archive-Orig-Content-Length: 21000000\r\nContent-Length: 1000\r\n") != std::string::npos);
  // A file: import is a resource record holding the bytes.
  CHECK(recs[11].h.at("WARC-Type") == "resource");
  CHECK(recs[11].block == "imported text");
  CHECK(recs[11].h.at("WARC-Payload-Digest") == Sha1Digest("imported text"));
}

TEST_CASE("WARC export of an empty archive is one warcinfo record; ids are stable across exports") {
  testing::TempDir dir;
  auto a = Open(dir.sub("a"));
  Fill(a.get());
  FakeClock clock(1700000000000000);
  WarcOptions options;
  options.clock = &clock;
  std::ostringstream one, two;
  REQUIRE(ExportWarc(a.get(), one, options, nullptr).ok());
  REQUIRE(ExportWarc(a.get(), two, options, nullptr).ok());
  CHECK(Members(one.str()) == Members(two.str()));

  auto empty = Open(dir.sub("empty"));
  std::ostringstream e;
  REQUIRE(ExportWarc(empty.get(), e, options, nullptr).ok());
  auto members = Members(e.str());
  REQUIRE(members.size() == 1);
  CHECK(ParseRecord(members[0]).h.at("WARC-Type") == "warcinfo");
}

TEST_CASE("NormalizeResponseHead keeps a right Content-Length and ends the head") {
  CHECK(NormalizeResponseHead("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n", 3) ==
        "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n");
  CHECK(NormalizeResponseHead("HTTP/1.1 200 OK\nServer: x", 0) == "HTTP/1.1 200 OK\r\nServer: x\r\nContent-Length: 0\r\n\r\n");
}

// An independent reader: warcio (webrecorder's JavaScript implementation) from the npm registry.
TEST_CASE("warcio (npm) reads the export and verifies its payload digests") {
  if (std::system("command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1") != 0) {
    WARN("SKIPPED: node/npm not installed, cannot run the warcio reader");
    return;
  }
  // Installed once per build tree, next to the binaries (NIANBAO_BINARY is build/app/nianbao).
  const std::string prefix =
      std::filesystem::path(NIANBAO_BINARY).parent_path().parent_path().string() + "/npm-warcio";
  std::filesystem::create_directories(prefix);
  if (!std::filesystem::exists(prefix + "/node_modules/warcio/package.json")) {
    const std::string install = "cd '" + prefix + "' && timeout 180 npm install --no-audit --no-fund --silent "
                                "--prefix '" + prefix + "' warcio@2 >npm-install.log 2>&1";
    if (std::system(install.c_str()) != 0) {
      WARN("SKIPPED: npm install warcio failed (offline?), see " + prefix + "/npm-install.log");
      return;
    }
  }
  testing::TempDir dir;
  auto a = Open(dir.sub("a"));
  Fill(a.get());
  const std::string warc_path = dir.sub("x.warc.gz");
  {
    std::ofstream f(warc_path, std::ios::binary);
    REQUIRE(ExportWarc(a.get(), f, WarcOptions{}, nullptr).ok());
  }
  const std::string script = prefix + "/read.mjs";
  {
    std::ofstream s(script);
    s << R"JS(
import fs from 'node:fs';
import crypto from 'node:crypto';
import { WARCParser } from 'warcio';
function b32(buf) {
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'; let bits = 0, v = 0, out = '';
  for (const b of buf) { v = (v << 8) | b; bits += 8; while (bits >= 5) { out += A[(v >>> (bits - 5)) & 31]; bits -= 5; } }
  if (bits > 0) out += A[(v << (5 - bits)) & 31];
  return out;
}
const parser = new WARCParser(fs.createReadStream(process.argv[2]));
for await (const r of parser) {
  const type = r.warcType;
  const payload = await r.readFully(false);
  const computed = 'sha1:' + b32(crypto.createHash('sha1').update(payload).digest());
  const declared = r.warcPayloadDigest || '';
  const ok = type === 'revisit' || type === 'request' || type === 'warcinfo' ? 'n/a' : (computed === declared ? 'ok' : 'BAD');
  const h = r.httpHeaders;
  const status = !h ? '-' : type === 'request' ? h.method : h.statusCode;
  console.log([type, r.warcTargetURI || '-', status, ok].join(' '));
}
)JS";
  }
  const std::string out_path = dir.sub("warcio.out");
  const std::string cmd = "cd '" + prefix + "' && timeout 60 node '" + script + "' '" + warc_path + "' >'" + out_path + "' 2>&1";
  int rc = std::system(cmd.c_str());
  const std::string got = testing::ReadFile(out_path);
  INFO(got);
  REQUIRE(rc == 0);
  CHECK(got ==
        "warcinfo - - n/a\n"
        "response http://wsjkw.luoyang.test/ndbg/2022.html 200 ok\n"
        "request http://wsjkw.luoyang.test/ndbg/2022.html GET n/a\n"
        "revisit http://wsjkw.luoyang.test/ndbg/2022.html 200 n/a\n"
        "request http://wsjkw.luoyang.test/ndbg/2022.html GET n/a\n"
        "response http://wsjkw.luoyang.test/gone.html?x=1#frag 404 ok\n"
        "request http://wsjkw.luoyang.test/gone.html?x=1#frag GET n/a\n"
        "response http://wsjkw.luoyang.test/ndbg/2021.html 304 ok\n"
        "request http://wsjkw.luoyang.test/ndbg/2021.html GET n/a\n"
        "response https://big.test/a.pdf 200 ok\n"
        "request https://big.test/a.pdf GET n/a\n"
        "resource file:/tmp/report.txt - ok\n");
}
