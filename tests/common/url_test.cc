// URL canonicalization and resolution (common/include/nianbao/common/url.h).
#include <catch2/catch.hpp>

#include "nianbao/common/url.h"

using nianbao::CanonicalizeUrl;
using nianbao::HostOf;
using nianbao::PathAndQuery;
using nianbao::ResolveUrl;

static std::string Canon(std::string_view u) { return CanonicalizeUrl(u).value_or("<none>"); }
static std::string Resolve(std::string_view b, std::string_view r) { return ResolveUrl(b, r).value_or("<none>"); }

TEST_CASE("canonical: scheme and host lower-cased, default port and fragment dropped", "[url]") {
  CHECK(Canon("HTTP://WJW.Guizhou.GOV.CN:80/zwgk/Index.html#top") == "http://wjw.guizhou.gov.cn/zwgk/Index.html");
  CHECK(Canon("https://wsjkw.zj.gov.cn:443") == "https://wsjkw.zj.gov.cn/");
  CHECK(Canon("https://wsjkw.zj.gov.cn:80/") == "https://wsjkw.zj.gov.cn:80/");
  CHECK(Canon("http://a.gov.cn:8080/x") == "http://a.gov.cn:8080/x");
  CHECK(Canon("http://a.gov.cn:/x") == "http://a.gov.cn/x");
  CHECK(Canon("http://a.gov.cn./x") == "http://a.gov.cn/x");
  CHECK(Canon("http://[::1]:8080/") == "http://[::1]:8080/");
}

TEST_CASE("canonical: only absolute http(s) URLs", "[url]") {
  for (const char* bad : {"ftp://a.gov.cn/", "javascript:alert(1)", "/relative", "a.gov.cn/x", "http:///x", "http://",
                          "http://user:pw@a.gov.cn/", "http://a.gov.cn:0/", "http://a.gov.cn:65536/",
                          "http://a.gov.cn:8x/", "http://a b.gov.cn/", "http://政府.cn/", "mailto:x@y.cn", ""})
    CHECK_FALSE(CanonicalizeUrl(bad).has_value());
  CHECK_FALSE(CanonicalizeUrl("http://a.gov.cn/" + std::string(9000, 'a')).has_value());
}

TEST_CASE("canonical: percent-encoding normalised", "[url]") {
  CHECK(Canon("http://a.cn/%7euser/%e5%b9%b4") == "http://a.cn/~user/%E5%B9%B4");
  CHECK(Canon("http://a.cn/%41%2F%2f") == "http://a.cn/A%2F%2F");           // reserved stays encoded
  CHECK(Canon("http://a.cn/年报.html") == "http://a.cn/%E5%B9%B4%E6%8A%A5.html");  // raw UTF-8 encoded
  CHECK(Canon("http://a.cn/a b\"<>") == "http://a.cn/a%20b%22%3C%3E");
  CHECK(Canon("http://a.cn/100%") == "http://a.cn/100%25");
  CHECK(Canon("http://a.cn/%zz") == "http://a.cn/%25zz");
  CHECK(Canon("http://a.cn/?q=%e5+x") == "http://a.cn/?q=%E5+x");  // '+' kept as written
}

TEST_CASE("canonical: dot segments removed", "[url]") {
  CHECK(Canon("http://a.cn/a/b/../c/./d.html") == "http://a.cn/a/c/d.html");
  CHECK(Canon("http://a.cn/../../x") == "http://a.cn/x");
  CHECK(Canon("http://a.cn/a/%2E%2E/b") == "http://a.cn/b");  // %2E is '.': decoded first
  CHECK(Canon("http://a.cn/a/..") == "http://a.cn/");
  CHECK(Canon("http://a.cn/a/.") == "http://a.cn/a/");
  CHECK(Canon("http://a.cn") == "http://a.cn/");
  CHECK(Canon("http://a.cn?x=1") == "http://a.cn/?x=1");
}

TEST_CASE("canonical: session ids and tracking parameters dropped, order kept", "[url]") {
  CHECK(Canon("http://a.cn/list.jsp;jsessionid=ABC123?col=1") == "http://a.cn/list.jsp?col=1");
  CHECK(Canon("http://a.cn/x;JSESSIONID=1/y") == "http://a.cn/x/y");
  CHECK(Canon("http://a.cn/x?b=2&utm_source=wx&a=1&spm=3.4&PHPSESSID=z") == "http://a.cn/x?b=2&a=1");
  CHECK(Canon("http://a.cn/x?from=timeline&isappinstalled=0") == "http://a.cn/x");
  CHECK(Canon("http://a.cn/x?from=index") == "http://a.cn/x?from=index");
  CHECK(Canon("http://a.cn/x?sid=1&jsessionid=2") == "http://a.cn/x");
  CHECK(Canon("http://a.cn/x?a=1&&b=2&") == "http://a.cn/x?a=1&b=2");
  CHECK(Canon("http://a.cn/x?") == "http://a.cn/x");
  CHECK(Canon("http://a.cn/x?z=1&a=2") == "http://a.cn/x?z=1&a=2");  // never sorted
}

TEST_CASE("canonical: browser leniencies", "[url]") {
  CHECK(Canon("  http://a.cn/x\t/y\n ") == "http://a.cn/x/y");
  CHECK(Canon("http://a.cn\\zwgk\\index.html?a=\\b") == "http://a.cn/zwgk/index.html?a=%5Cb");
}

TEST_CASE("resolve: RFC 3986 section 5.4 normal examples", "[url]") {
  const std::string base = "http://a/b/c/d;p?q";
  CHECK(Resolve(base, "g") == "http://a/b/c/g");
  CHECK(Resolve(base, "./g") == "http://a/b/c/g");
  CHECK(Resolve(base, "g/") == "http://a/b/c/g/");
  CHECK(Resolve(base, "/g") == "http://a/g");
  CHECK(Resolve(base, "//g") == "http://g/");
  CHECK(Resolve(base, "?y") == "http://a/b/c/d;p?y");
  CHECK(Resolve(base, "g?y") == "http://a/b/c/g?y");
  CHECK(Resolve(base, "#s") == "http://a/b/c/d;p?q");
  CHECK(Resolve(base, "g#s") == "http://a/b/c/g");
  CHECK(Resolve(base, ";x") == "http://a/b/c/;x");
  CHECK(Resolve(base, "") == "http://a/b/c/d;p?q");
  CHECK(Resolve(base, ".") == "http://a/b/c/");
  CHECK(Resolve(base, "..") == "http://a/b/");
  CHECK(Resolve(base, "../g") == "http://a/b/g");
  CHECK(Resolve(base, "../..") == "http://a/");
  CHECK(Resolve(base, "../../g") == "http://a/g");
}

TEST_CASE("resolve: RFC 3986 section 5.4.2 abnormal examples", "[url]") {
  const std::string base = "http://a/b/c/d;p?q";
  CHECK(Resolve(base, "../../../g") == "http://a/g");
  CHECK(Resolve(base, "/./g") == "http://a/g");
  CHECK(Resolve(base, "/../g") == "http://a/g");
  CHECK(Resolve(base, "g.") == "http://a/b/c/g.");
  CHECK(Resolve(base, "..g") == "http://a/b/c/..g");
  CHECK(Resolve(base, "./../g") == "http://a/b/g");
  CHECK(Resolve(base, "g/./h") == "http://a/b/c/g/h");
  CHECK(Resolve(base, "g;x=1/../y") == "http://a/b/c/y");
  CHECK(Resolve(base, "g?y/./x") == "http://a/b/c/g?y/./x");
  CHECK(Resolve(base, "http:g") == "http://a/b/c/g");  // browsers' reading, not strict RFC
}

TEST_CASE("resolve: government page hrefs", "[url]") {
  const std::string page = "http://wjw.guizhou.gov.cn/zwgk/zfxxgk/zfxxgknb/index.html";
  CHECK(Resolve(page, "./202301/t20230131_78926309.html") ==
        "http://wjw.guizhou.gov.cn/zwgk/zfxxgk/zfxxgknb/202301/t20230131_78926309.html");
  CHECK(Resolve(page, "../../../") == "http://wjw.guizhou.gov.cn/");
  CHECK(Resolve(page, "..\\..\\xxgk\\index.html") == "http://wjw.guizhou.gov.cn/zwgk/xxgk/index.html");
  CHECK(Resolve(page, "https://www.gov.cn/") == "https://www.gov.cn/");
  CHECK(Resolve(page, " /P020230131.pdf ") == "http://wjw.guizhou.gov.cn/P020230131.pdf");
  for (const char* ignored : {"javascript:void(0)", "JavaScript:;", "mailto:ban@gov.cn", "tel:12345",
                              "data:text/html,x", "ftp://x/", "javascript :void(0)"})
    CHECK_FALSE(ResolveUrl(page, ignored).has_value());
  CHECK_FALSE(ResolveUrl("not a url", "/x").has_value());
}

TEST_CASE("HostOf and PathAndQuery", "[url]") {
  CHECK(HostOf("http://a.gov.cn/x") == "a.gov.cn");
  CHECK(HostOf("http://a.gov.cn:8080/x") == "a.gov.cn:8080");
  CHECK(HostOf("nonsense") == "");
  CHECK(PathAndQuery("http://a.gov.cn/x/y?z=1") == "/x/y?z=1");
  CHECK(PathAndQuery("http://a.gov.cn/") == "/");
  CHECK(PathAndQuery("http://a.gov.cn?x") == "/?x");
}
