// Fuzz-ish loops: random bytes and mutations of realistic inputs into every parser of untrusted
// input in the crawler (robots, URLs, discovery). They must not crash (the sanitizer build
// checks memory) and their output must stay bounded by their input.
#include <catch2/catch.hpp>

#include <random>

#include "discover_test_util.h"
#include "nianbao/crawler/robots.h"
#include "nianbao/crawler/url.h"

namespace {

const char* const kSeeds[] = {
    "<a href=\"/x.html\">年报</a><script>createPageHTML(5, 0, \"index\", \"html\");</script>",
    "<datastore><nextgroup><![CDATA[<a href=\"/module/jpage/dataproxy.jsp?columnid=1&webid=2\"></a>]]>"
    "</nextgroup><recordset><record><![CDATA[<li><a href='/art/1.html'>x</a></li>]]></record></recordset>"
    "<totalrecord>99</totalrecord></datastore><script>perPage: 15, totalRecord: 99</script>",
    "{\"total\": 40, \"docs\": [{\"url\": \"/a.htm\", \"title\": \"t\"}], \"query\": {\"channelid\": \"1\"}}",
    "<urlset><url><loc>http://a.gov.cn/1.html</loc></url></urlset>",
    "<meta http-equiv=refresh content='0;url=/x'><base href=//b.gov.cn/><iframe src=x><!-- c --><area href=y>",
    "<script>location.replace('/r'); window.open(\"/o\"); var countPage = 7;</script>/fjdzapp/search channelid: 5",
};

std::string Mutate(std::string s, std::mt19937& rng) {
  std::uniform_int_distribution<int> op(0, 3), byte(0, 255);
  const int n = 1 + static_cast<int>(rng() % 8);
  for (int i = 0; i < n; ++i) {
    const size_t at = s.empty() ? 0 : rng() % s.size();
    switch (op(rng)) {
      case 0: if (!s.empty()) s[at] = static_cast<char>(byte(rng)); break;
      case 1: s.insert(at, 1, "<>\"'=&;/#%[]!-"[rng() % 14]); break;
      case 2: if (!s.empty()) s.erase(at, rng() % 16); break;
      case 3: s.insert(at, s.substr(rng() % (s.size() + 1), rng() % 64)); break;
    }
  }
  return s;
}

}  // namespace

TEST_CASE("fuzz: Discover on mutated and random pages", "[discover][fuzz]") {
  std::mt19937 rng(20240601);
  const char* urls[] = {"http://a.gov.cn/x/index.html", "http://a.gov.cn/fjdzapp/search", "http://a.gov.cn/sitemap.txt",
                        "http://a.gov.cn/module/jpage/dataproxy.jsp?startrecord=1"};
  for (int i = 0; i < 3000; ++i) {
    std::string body = Mutate(kSeeds[i % std::size(kSeeds)], rng);
    if (i % 10 == 0) {
      body.resize(rng() % 2048);
      for (char& c : body) c = static_cast<char>(rng());
    }
    const auto d = discover_test::Run(urls[i % 4], body, i % 3 ? "text/html" : "", i % 2 ? "{\"page\":1}" : "");
    for (const auto& l : d.links) {
      REQUIRE(nianbao::crawler::CanonicalizeUrl(l.url) == l.url);  // canonical and stable
      REQUIRE(l.anchor.size() <= 200);
    }
    REQUIRE(d.links.size() <= 1000 + body.size());
  }
}

TEST_CASE("fuzz: robots and URLs on mutated input", "[robots][url][fuzz]") {
  std::mt19937 rng(7);
  const std::string robots = "User-agent: *\nDisallow: /a*b$\nAllow: /%7e\nCrawl-delay: 3\nSitemap: /s.xml\n";
  const std::string url = "http://WJW.a.gov.cn:80/a/./b/../%7e年报;jsessionid=1?utm_source=x&q=1#f";
  for (int i = 0; i < 3000; ++i) {
    const auto rules = nianbao::crawler::RobotsRules::Parse(Mutate(robots, rng), "nianbao");
    const std::string u = Mutate(url, rng);
    (void)rules.Explain(u);
    if (auto c = nianbao::crawler::CanonicalizeUrl(u)) {
      REQUIRE(nianbao::crawler::CanonicalizeUrl(*c) == *c);  // idempotent
      REQUIRE(c->size() <= nianbao::crawler::kMaxUrlBytes);
      std::string why;
      (void)nianbao::crawler::LooksLikeTrap(*c, &why);
      (void)nianbao::crawler::ResolveUrl(*c, Mutate("../x/./y?z#w", rng));
    }
  }
}
