// The fetcher against the test web's /_t/ endpoints (host fetch.test): each case runs through
// nianbao's own plain-HTTP client and through libcurl (TransportOptions::http_client).
#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "../web/testweb_process.h"
#include "nianbao/crawler/fetch.h"

using namespace nianbao::crawler;

namespace {

std::string TempPath(const std::string& name) {
  return "/tmp/nianbao-fetch-test-" + std::to_string(getpid()) + "-" + name;
}

// Runs the requests on one loop, at most max_in_flight at a time; returns their results in
// request order.
std::vector<FetchResult> FetchAll(const std::vector<FetchRequest>& reqs, const TransportOptions& opts,
                                  size_t max_in_flight = 1000) {
  EventLoop loop;
  auto transport = NewTransport(&loop, opts);
  REQUIRE(transport);
  std::vector<FetchResult> out(reqs.size());
  size_t left = reqs.size(), next = 0;
  std::function<void()> start_more = [&] {
    while (next < reqs.size() && transport->active() < max_in_flight) {
      size_t i = next++;
      transport->Start(reqs[i], [&, i](FetchResult r) {
        out[i] = std::move(r);
        if (--left == 0) loop.Stop();
        start_more();
      });
    }
  };
  loop.Post(start_more);
  loop.After(20000, [&] { loop.Stop(); });  // never hang a test
  loop.Run();
  CHECK(left == 0);
  transport.reset();
  return out;
}

FetchRequest Get(const std::string& path) {
  FetchRequest r;
  r.url = "http://fetch.test" + path;
  return r;
}

}  // namespace

TEST_CASE("fetcher: many transfers on one thread, keep-alive, gzip, heads", "[fetch]") {
  nianbao::testweb::TestWeb web(TempPath("log1"));
  REQUIRE(web.ok());
  TransportOptions opts;
  opts.http_client = GENERATE(HttpClient::kOwn, HttpClient::kCurl);
  opts.connect_to = {web.connect_to()};
  std::vector<FetchRequest> reqs;
  for (int i = 0; i < 60; ++i) reqs.push_back(Get("/_t/text?n=20000&i=" + std::to_string(i)));
  auto results = FetchAll(reqs, opts, 8);
  for (const auto& r : results) {
    CHECK(r.error == FetchError::kNone);
    CHECK(r.status == 200);
    CHECK(r.body.size() == 20000);  // gzip on the wire, decoded here
    CHECK(HeaderValue(r.response_head, "Content-Encoding") == "gzip");
    CHECK(r.request_head.rfind("GET /_t/text?n=20000", 0) == 0);
    CHECK(r.request_head.find(std::string("User-Agent: ") + kUserAgent) != std::string::npos);
    CHECK(r.response_head.rfind("HTTP/1.1 200", 0) == 0);
    CHECK(r.ip == "127.0.0.1");
  }
  // Connections were reused: far fewer connections than requests.
  std::set<long long> conns;
  for (const auto& rec : web.Log()) conns.insert(rec.conn);
  CHECK(conns.size() <= 12);
}

TEST_CASE("fetcher: --connect-to rules by host and port, first match, redirects to another host", "[fetch]") {
  // The transport gives each host its own rule + resolve entry (one connection-cache bundle per
  // host); what reaches the server must still be what curl's own rules say. Only fetch.test
  // serves /_t/: the other hosts answer 404 "unknown host", which shows they were reached.
  nianbao::testweb::TestWeb web(TempPath("log-ct"));
  REQUIRE(web.ok());
  const std::string port = std::to_string(web.port());
  TransportOptions opts;
  opts.http_client = GENERATE(HttpClient::kOwn, HttpClient::kCurl);
  opts.connect_to = {"nowhere.test:80:127.0.0.1:1",   // first match wins: refused
                     "[::1]:80:[::1]:1", "fetch.test::127.0.0.1:" + port, ":8080:127.0.0.1:" + port,
                     "::127.0.0.1:" + port};
  std::vector<FetchRequest> reqs;
  for (const char* host : {"fetch.test", "b.test", "fetch.test", "c.test:8080", "b.test", "c.test:8080", "nowhere.test"}) {
    FetchRequest g;
    g.url = std::string("http://") + host + "/_t/etag";
    reqs.push_back(g);
  }
  FetchRequest hop = Get("/_t/redirect?to=http://d.test/x");
  hop.max_redirects = 2;
  reqs.push_back(hop);
  auto r = FetchAll(reqs, opts, 2);
  for (size_t i : {0, 1, 2, 3, 4, 5, 7}) CHECK(r[i].error == FetchError::kNone);
  CHECK(r[0].status == 200);
  CHECK(r[2].status == 200);
  CHECK(r[3].status == 404);
  CHECK(r[6].error == FetchError::kConnect);
  CHECK(r[7].final_url == "http://d.test/x");
  std::multiset<std::string> hosts;
  std::map<long long, std::set<std::string>> hosts_by_conn;
  auto log = web.Log();
  for (int i = 0; i < 100 && log.size() < 8; ++i) {   // the server logs just after it answers
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    log = web.Log();
  }
  for (const auto& rec : log) {
    hosts.insert(rec.host);
    hosts_by_conn[rec.conn].insert(rec.host);
  }
  CHECK(hosts.count("fetch.test") == 3);
  CHECK(hosts.count("b.test") == 2);
  CHECK(hosts.count("c.test") == 2);   // the log drops the port
  CHECK(hosts.count("d.test") == 1);
  for (const auto& [conn, names] : hosts_by_conn) CHECK(names.size() == 1);   // a connection serves one host
}

TEST_CASE("fetcher: body limit, conditional requests, POST, redirects", "[fetch]") {
  nianbao::testweb::TestWeb web(TempPath("log2"));
  REQUIRE(web.ok());
  TransportOptions opts;
  opts.http_client = GENERATE(HttpClient::kOwn, HttpClient::kCurl);
  opts.connect_to = {web.connect_to()};

  FetchRequest big = Get("/_t/bytes?n=3000000");
  big.max_body = 1 << 20;
  FetchRequest cond = Get("/_t/etag");
  cond.if_none_match = "\"v1\"";
  FetchRequest post = Get("/_t/echo");
  post.method = "POST";
  post.post_body = "col=1&columnid=1234";
  FetchRequest redirect = Get("/_t/redirect?to=/_t/etag");
  redirect.max_redirects = 3;
  FetchRequest noredirect = Get("/_t/redirect?to=/_t/etag");
  auto r = FetchAll({big, cond, Get("/_t/etag"), post, redirect, noredirect}, opts);

  CHECK(r[0].error == FetchError::kNone);
  CHECK(r[0].truncated);
  CHECK(r[0].body.size() == (1u << 20));
  CHECK(r[0].body.capacity() < (2u << 20));  // never buffered beyond the limit

  CHECK(r[1].status == 304);
  CHECK(r[1].body.empty());
  CHECK(r[2].status == 200);
  CHECK(r[2].etag == "\"v1\"");
  CHECK(r[2].last_modified == "Tue, 31 Jan 2023 08:00:00 GMT");

  CHECK(r[3].status == 200);
  CHECK(r[3].body.find("\"body\": \"col=1&columnid=1234\"") != std::string::npos);
  CHECK(r[3].body.find("application/x-www-form-urlencoded") != std::string::npos);

  CHECK(r[4].status == 200);
  CHECK(r[4].final_url == "http://fetch.test/_t/etag");
  CHECK(r[5].status == 302);
  CHECK(r[5].location == "/_t/etag");
}

TEST_CASE("fetcher: resets, timeouts and refused connections are classified", "[fetch]") {
  nianbao::testweb::TestWeb web(TempPath("log3"));
  REQUIRE(web.ok());
  TransportOptions opts;
  opts.http_client = GENERATE(HttpClient::kOwn, HttpClient::kCurl);
  opts.connect_to = {web.connect_to()};
  FetchRequest slow = Get("/_t/slow?ms=3000");
  slow.total_timeout_ms = 300;
  FetchRequest refused;
  refused.url = "http://127.0.0.1:1/";
  auto r = FetchAll({Get("/_t/reset"), slow, Get("/_t/status?code=503"), Get("/_t/status?code=404")}, opts);
  TransportOptions direct;
  direct.http_client = opts.http_client;
  r.push_back(FetchAll({refused}, direct)[0]);
  CHECK(r[0].error == FetchError::kReset);
  CHECK(r[0].retryable());
  CHECK(r[1].error == FetchError::kTimeout);
  CHECK(r[1].retryable());
  CHECK(r[1].duration_ms < 2500);
  CHECK(r[2].status == 503);
  CHECK(r[2].retryable());
  CHECK(r[3].status == 404);
  CHECK_FALSE(r[3].retryable());
  CHECK(r[4].error == FetchError::kConnect);
}

TEST_CASE("fetcher: a fault transport answers instead of the network", "[fetch]") {
  EventLoop loop;
  auto inner = NewCurlTransport(&loop, TransportOptions{});
  int calls = 0;
  auto t = NewFaultTransport(&loop, std::move(inner), [&](const FetchRequest&, int index, FetchResult* fake) {
    ++calls;
    fake->error = index == 0 ? FetchError::kReset : FetchError::kNone;
    fake->status = index == 0 ? 0 : 200;
    fake->body = "ok";
    return true;
  });
  std::vector<FetchResult> got;
  loop.Post([&] {
    for (int i = 0; i < 2; ++i)
      t->Start(Get("/x"), [&](FetchResult r) {
        got.push_back(std::move(r));
        if (got.size() == 2) loop.Stop();
      });
    CHECK(got.empty());  // never inline
  });
  loop.Run();
  REQUIRE(got.size() == 2);
  CHECK(got[0].error == FetchError::kReset);
  CHECK(got[1].body == "ok");
  CHECK(calls == 2);
}

TEST_CASE("fetcher: FetchOnce and shutdown with transfers in flight", "[fetch]") {
  nianbao::testweb::TestWeb web(TempPath("log4"));
  REQUIRE(web.ok());
  TransportOptions opts;
  opts.http_client = GENERATE(HttpClient::kOwn, HttpClient::kCurl);
  opts.connect_to = {web.connect_to()};
  auto r = FetchOnce(Get("/_t/etag"), opts);
  CHECK(r.status == 200);

  EventLoop loop;
  auto t = NewTransport(&loop, opts);
  int cancelled = 0;
  loop.Post([&] {
    for (int i = 0; i < 5; ++i)
      t->Start(Get("/_t/slow?ms=2000&i=" + std::to_string(i)), [&](FetchResult res) {
        if (res.error == FetchError::kCancelled) ++cancelled;
        if (cancelled == 5) loop.Stop();
      });
  });
  loop.After(200, [&] { t->Shutdown(); });
  loop.After(5000, [&] { loop.Stop(); });
  loop.Run();
  CHECK(cancelled == 5);
  t.reset();
}

TEST_CASE("fetcher: a redirect chain keeps one total timeout and ends on shutdown", "[fetch]") {
  nianbao::testweb::TestWeb web(TempPath("log5"));
  REQUIRE(web.ok());
  TransportOptions opts;
  opts.http_client = GENERATE(HttpClient::kOwn, HttpClient::kCurl);
  opts.connect_to = {web.connect_to()};
  // Two hops of 400 ms each, then /_t/echo: 800 ms in all, against a 600 ms limit for the chain
  // (each hop alone would be within it).
  FetchRequest chain = Get("/_t/redirect?ms=400&to=/_t/redirect%3Fms%3D400");
  chain.max_redirects = 5;
  chain.total_timeout_ms = 600;
  FetchRequest ok = Get("/_t/redirect?ms=100&to=/_t/redirect%3Fms%3D100");
  ok.max_redirects = 5;
  auto r = FetchAll({chain, ok}, opts);
  CHECK(r[0].error == FetchError::kTimeout);
  CHECK(r[0].duration_ms < 1500);
  CHECK(r[1].error == FetchError::kNone);
  CHECK(r[1].status == 200);
  CHECK(r[1].url == "http://fetch.test/_t/redirect?ms=100&to=/_t/redirect%3Fms%3D100");
  CHECK(r[1].final_url == "http://fetch.test/_t/echo");

  EventLoop loop;
  auto t = NewTransport(&loop, opts);
  std::vector<FetchResult> got;
  loop.Post([&] {
    FetchRequest slow = Get("/_t/redirect?ms=300&to=/_t/slow%3Fms%3D3000");
    slow.max_redirects = 5;
    t->Start(slow, [&](FetchResult res) {
      got.push_back(std::move(res));
      loop.Stop();
    });
  });
  loop.After(450, [&] { t->Shutdown(); });   // during the second hop
  loop.After(5000, [&] { loop.Stop(); });
  loop.Run();
  REQUIRE(got.size() == 1);
  CHECK(got[0].error == FetchError::kCancelled);
  CHECK(t->active() == 0);
  t.reset();
}

TEST_CASE("fetcher: a --connect-to rule that does not parse is skipped, as curl skips it", "[fetch]") {
  nianbao::testweb::TestWeb web(TempPath("log6"));
  REQUIRE(web.ok());
  TransportOptions opts;
  opts.http_client = GENERATE(HttpClient::kOwn, HttpClient::kCurl);
  opts.connect_to = {"fetch.test", web.connect_to()};   // the first is no rule; the second applies
  auto r = FetchAll({Get("/_t/etag")}, opts);
  CHECK(r[0].error == FetchError::kNone);
  CHECK(r[0].status == 200);
  CHECK(r[0].ip == "127.0.0.1");
}
