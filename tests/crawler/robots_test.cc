// robots.txt, clause by clause through RFC 9309 (crawler/include/nianbao/crawler/robots.h).
#include <catch2/catch.hpp>

#include "nianbao/crawler/robots.h"

using nianbao::crawler::RobotsParseHandler;
using nianbao::crawler::RobotsRules;

static bool Allowed(std::string_view robots, std::string_view path, std::string_view agent = "nianbao") {
  return RobotsRules::Parse(robots, agent).Allowed(path);
}

TEST_CASE("2.1 no file, empty file: everything allowed", "[robots]") {
  CHECK(Allowed("", "/x"));
  CHECK(RobotsRules::AllowAll().Allowed("/anything"));
  CHECK(RobotsRules::AllowAll().Explain("/x").rule.empty());
}

TEST_CASE("2.3.1.4 unreachable robots.txt: full disallow, robots.txt itself allowed", "[robots]") {
  const auto r = RobotsRules::DisallowAll();
  CHECK_FALSE(r.Allowed("/"));
  CHECK_FALSE(r.Allowed("/zwgk/index.html"));
  CHECK(r.Explain("/x").rule.find("Disallow: /") == 0);
  CHECK(r.Allowed("/robots.txt"));
}

TEST_CASE("2.2.1 user-agent groups: ours, else *, product token case-insensitive", "[robots]") {
  const char* txt =
      "User-agent: *\nDisallow: /all/\n\n"
      "User-agent: NianBao\nDisallow: /ours/\n\n"
      "User-agent: otherbot\nDisallow: /\n";
  CHECK(Allowed(txt, "/all/x"));  // our group replaces the * group entirely
  CHECK_FALSE(Allowed(txt, "/ours/x"));
  CHECK_FALSE(Allowed(txt, "/all/x", "somebot"));
  CHECK(Allowed(txt, "/ours/x", "somebot"));
  CHECK_FALSE(Allowed(txt, "/ours/x", "nianbao/0.1 (+https://example.org/nianbao)"));
  CHECK_FALSE(Allowed(txt, "/x", "OtherBot"));
}

TEST_CASE("2.2.1 several user-agent lines share one group; groups for us are merged", "[robots]") {
  const char* txt =
      "User-agent: a\nUser-agent: nianbao\nDisallow: /one/\n"
      "User-agent: b\nDisallow: /b/\n"
      "User-agent: nianbao\nDisallow: /two/\n";
  CHECK_FALSE(Allowed(txt, "/one/"));
  CHECK_FALSE(Allowed(txt, "/two/"));
  CHECK(Allowed(txt, "/b/"));
}

TEST_CASE("2.2.1 agent value with version and comment; rules before any user-agent ignored", "[robots]") {
  CHECK_FALSE(Allowed("User-agent: nianbao/2.0 # us\nDisallow: /x", "/x"));
  CHECK(Allowed("Disallow: /x\nUser-agent: *\nDisallow: /y", "/x"));
  CHECK_FALSE(Allowed("Disallow: /x\nUser-agent: *\nDisallow: /y", "/y"));
  CHECK(Allowed("User-agent: nianbaobot\nDisallow: /", "/x"));  // a different token
}

TEST_CASE("2.2.2 longest match wins, Allow wins a tie, no match allows", "[robots]") {
  const char* txt = "User-agent: *\nDisallow: /zwgk/\nAllow: /zwgk/zfxxgk/\nDisallow: /zwgk/zfxxgk/tmp\n";
  CHECK_FALSE(Allowed(txt, "/zwgk/index.html"));
  CHECK(Allowed(txt, "/zwgk/zfxxgk/nb.html"));
  CHECK_FALSE(Allowed(txt, "/zwgk/zfxxgk/tmp/x"));
  CHECK(Allowed(txt, "/other"));
  CHECK(Allowed("User-agent: *\nDisallow: /a\nAllow: /a\n", "/a"));
  CHECK(Allowed("User-agent: *\nAllow: /a\nDisallow: /a\n", "/a"));
  const auto d = RobotsRules::Parse(txt, "nianbao").Explain("/zwgk/zfxxgk/tmp/1");
  CHECK_FALSE(d.allowed);
  CHECK(d.rule == "Disallow: /zwgk/zfxxgk/tmp");
  CHECK(d.line == 4);
}

TEST_CASE("2.2.2 empty Disallow allows everything; matching is case-sensitive", "[robots]") {
  CHECK(Allowed("User-agent: *\nDisallow:\n", "/x"));
  CHECK(Allowed("User-agent: *\nDisallow: /X\n", "/x"));
  CHECK_FALSE(Allowed("User-agent: *\nDisallow: /\n", "/"));
}

TEST_CASE("2.2.3 special characters: * and $", "[robots]") {
  const char* txt = "User-agent: *\nDisallow: /*.pdf$\nDisallow: /a*b\nAllow: /pub/*.pdf$\n";
  CHECK_FALSE(Allowed(txt, "/x/y.pdf"));
  CHECK(Allowed(txt, "/x/y.pdf?download=1"));
  CHECK(Allowed(txt, "/pub/y.pdf"));
  CHECK_FALSE(Allowed(txt, "/a/x/b"));
  CHECK(Allowed(txt, "/a"));
  CHECK_FALSE(Allowed("User-agent: *\nDisallow: /$\n", "/"));
  CHECK(Allowed("User-agent: *\nDisallow: /$\n", "/x"));
  CHECK_FALSE(Allowed("User-agent: *\nDisallow: /*\n", "/x"));
  CHECK_FALSE(Allowed("User-agent: *\nDisallow: *x\n", "/ax"));  // pattern without leading /
  CHECK(Allowed("User-agent: *\nDisallow: /x$y\n", "/x"));  // '$' mid-pattern is literal
  CHECK_FALSE(Allowed("User-agent: *\nDisallow: /x$y\n", "/x$y"));
}

TEST_CASE("2.2.2 percent-encoding: compared after normalisation", "[robots]") {
  CHECK_FALSE(Allowed("User-agent: *\nDisallow: /%7euser\n", "/~user/x"));
  CHECK_FALSE(Allowed("User-agent: *\nDisallow: /~user\n", "/%7Euser/x"));
  CHECK_FALSE(Allowed("User-agent: *\nDisallow: /年报/\n", "/%E5%B9%B4%E6%8A%A5/1.html"));
  CHECK_FALSE(Allowed("User-agent: *\nDisallow: /%e5%b9%b4\n", "/%E5%B9%B4"));
  CHECK(Allowed("User-agent: *\nDisallow: /a%2Fb\n", "/a/b"));  // %2F is reserved: not '/'
}

TEST_CASE("2.1 syntax: case-insensitive keys, typos, comments, CR/CRLF, BOM, no colon", "[robots]") {
  CHECK_FALSE(Allowed("\xEF\xBB\xBFuser-AGENT: *\r\ndisallow: /a # comment\r\n", "/a"));
  CHECK_FALSE(Allowed("User-agent: *\rDisallow: /a\r", "/a"));
  CHECK_FALSE(Allowed("User-agent: *\nDissallow: /a\n", "/a"));
  CHECK_FALSE(Allowed("Useragent: *\nDisallow /a\n", "/a"));
  CHECK(Allowed("User-agent: *\nDisallow /a /b\n", "/a"));  // ambiguous without colon: skipped
  CHECK_FALSE(Allowed("  User-agent :   *  \n\tDisallow:\t/a\t\n", "/a"));
  CHECK(Allowed("# Disallow: /a\nUser-agent: *\n", "/a"));
}

TEST_CASE("Crawl-delay per group, Sitemap global", "[robots]") {
  const char* txt =
      "Sitemap: http://a.gov.cn/sitemap.xml\n"
      "User-agent: *\nCrawl-delay: 5\nDisallow: /x\n"
      "User-agent: nianbao\nCrawl-delay: 2.5\n"
      "Sitemap: http://a.gov.cn/sitemap2.xml\n";
  const auto ours = RobotsRules::Parse(txt, "nianbao");
  REQUIRE(ours.CrawlDelaySeconds().has_value());
  CHECK(*ours.CrawlDelaySeconds() == Approx(2.5));
  CHECK(ours.Allowed("/x"));
  CHECK(*RobotsRules::Parse(txt, "other").CrawlDelaySeconds() == Approx(5));
  CHECK(ours.Sitemaps() == std::vector<std::string>{"http://a.gov.cn/sitemap.xml", "http://a.gov.cn/sitemap2.xml"});
  CHECK_FALSE(RobotsRules::Parse("User-agent: *\nCrawl-delay: soon\n", "x").CrawlDelaySeconds().has_value());
  CHECK_FALSE(RobotsRules::Parse("User-agent: *\nCrawl-delay: -3\n", "x").CrawlDelaySeconds().has_value());
  CHECK_FALSE(RobotsRules::Parse("User-agent: *\nCrawl-delay: nan\n", "x").CrawlDelaySeconds().has_value());
}

TEST_CASE("2.5 limits: at least 500 KiB parsed, more ignored, long lines cut", "[robots]") {
  std::string big = "User-agent: *\n";
  while (big.size() < 500 * 1024) big += "Disallow: /filler/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n";
  std::string within = big + "Disallow: /late\n";
  CHECK(within.size() < nianbao::crawler::kMaxRobotsBytes);
  CHECK_FALSE(Allowed(within, "/late"));
  std::string beyond = big;
  beyond.resize(nianbao::crawler::kMaxRobotsBytes, '#');
  beyond += "\nDisallow: /beyond\n";
  CHECK(Allowed(beyond, "/beyond"));
  const std::string longline = "User-agent: *\nDisallow: /" + std::string(100000, 'a') + "\n";
  CHECK(Allowed(longline, "/b"));
  CHECK_FALSE(Allowed(longline, "/" + std::string(20000, 'a')));
}

TEST_CASE("garbage and HTML instead of robots.txt", "[robots]") {
  CHECK(Allowed("<html><body>404 Not Found</body></html>", "/x"));
  std::string noise;
  for (int i = 0; i < 5000; ++i) noise.push_back(static_cast<char>((i * 7919) % 256));
  CHECK(RobotsRules::Parse(noise, "nianbao").Allowed("/"));
  CHECK(Allowed("User-agent: *\nDisallow: /a\n\x00\xff\n", "/b"));
}

TEST_CASE("the parser reports through callbacks with line numbers", "[robots]") {
  struct Recorder : RobotsParseHandler {
    std::vector<std::string> seen;
    void HandleUserAgent(int l, std::string_view v) override { seen.push_back(std::to_string(l) + " ua " + std::string(v)); }
    void HandleAllow(int l, std::string_view v) override { seen.push_back(std::to_string(l) + " allow " + std::string(v)); }
    void HandleDisallow(int l, std::string_view v) override { seen.push_back(std::to_string(l) + " disallow " + std::string(v)); }
    void HandleCrawlDelay(int l, std::string_view v) override { seen.push_back(std::to_string(l) + " delay " + std::string(v)); }
    void HandleSitemap(int l, std::string_view v) override { seen.push_back(std::to_string(l) + " sitemap " + std::string(v)); }
    void HandleUnknown(int l, std::string_view k, std::string_view) override { seen.push_back(std::to_string(l) + " ? " + std::string(k)); }
  } rec;
  nianbao::crawler::ParseRobotsTxt("User-agent: x\n\nAllow: /%7e\nHost: a\r\nCrawl-delay: 1\nSitemap: s", &rec);
  CHECK(rec.seen == std::vector<std::string>{"1 ua x", "3 allow /~", "4 ? Host", "5 delay 1", "6 sitemap s"});
}
