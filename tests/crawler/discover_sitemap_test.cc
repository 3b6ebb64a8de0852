// Sitemaps (crawler/src/discover_sitemap.cc).
#include <catch2/catch.hpp>

#include "discover_test_util.h"

using discover_test::Count;
using discover_test::Find;
using discover_test::Run;
using nianbao::crawler::LinkKind;

TEST_CASE("sitemap: urlset gives pages and attachments", "[discover][sitemap]") {
  const std::string xml = R"X(<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>http://www.demo.gov.cn/col/col1001/index.html</loc><lastmod>2023-01-31</lastmod></url>
  <url><loc> http://www.demo.gov.cn/art/2023/1/31/art_1001_1.html?a=1&amp;b=2 </loc></url>
  <url><loc><![CDATA[http://www.demo.gov.cn/files/report.pdf]]></loc></url>
  <url><loc>javascript:alert(1)</loc></url>
</urlset>)X";
  const auto d = Run("http://www.demo.gov.cn/sitemap.xml", xml, "application/xml");
  CHECK(d.adapter == "generic+sitemap");
  CHECK(Find(d, "http://www.demo.gov.cn/col/col1001/index.html")->kind == LinkKind::kPage);
  CHECK(Find(d, "http://www.demo.gov.cn/art/2023/1/31/art_1001_1.html?a=1&b=2"));
  CHECK(Find(d, "http://www.demo.gov.cn/files/report.pdf")->kind == LinkKind::kAttachment);
  CHECK(d.links.size() == 3);
}

TEST_CASE("sitemap: sitemapindex gives more sitemaps", "[discover][sitemap]") {
  const std::string xml = R"X(<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>http://a.gov.cn/sitemap1.xml</loc></sitemap><sitemap><loc>/sitemap2.xml</loc></sitemap></sitemapindex>)X";
  const auto d = Run("http://a.gov.cn/sitemap_index.xml", xml, "text/xml");
  CHECK(Count(d, LinkKind::kSitemap) == 2);
  CHECK(Find(d, "http://a.gov.cn/sitemap2.xml"));
}

TEST_CASE("sitemap: text sitemaps and truncated XML", "[discover][sitemap]") {
  const auto t = Run("http://a.gov.cn/sitemap.txt", "http://a.gov.cn/1.html\r\n\nnot a url\nhttps://a.gov.cn/2.html", "text/plain");
  CHECK(t.links.size() == 2);
  const auto cut = Run("http://a.gov.cn/s.xml", "<urlset><url><loc>http://a.gov.cn/1.html</loc></url><url><loc>http://a.gov", "text/xml");
  CHECK(cut.links.size() == 1);
}
