// Crawler trap detection (crawler/include/nianbao/crawler/url.h); canonical form and resolution
// are tested in tests/common/url_test.cc.
#include <catch2/catch.hpp>

#include "nianbao/crawler/url.h"

using nianbao::crawler::LooksLikeTrap;

TEST_CASE("traps", "[url]") {
  std::string why;
  CHECK_FALSE(LooksLikeTrap("http://a.cn/zwgk/zfxxgk/zfxxgknb/202301/t20230131_78926309.html", &why));
  CHECK_FALSE(LooksLikeTrap("http://a.cn/art/2023/1/19/art_1229_5901.html", &why));
  CHECK_FALSE(LooksLikeTrap("http://a.cn/module/jpage/dataproxy.jsp?startrecord=46&endrecord=90&perpage=15", &why));
  CHECK_FALSE(LooksLikeTrap("http://a.cn/news?date=2023-05-01", &why));
  CHECK_FALSE(LooksLikeTrap("http://a.cn/a/b/a/b/", &why));

  CHECK(LooksLikeTrap("http://a.cn/xxgk/xxgk/xxgk/index.html", &why));
  CHECK(why.find("repeated") != std::string::npos);
  CHECK(LooksLikeTrap("http://a.cn/a/b/a/b/a/b/", &why));
  CHECK(LooksLikeTrap("http://a.cn/1/2/3/4/5/6/7/8/9/10/11/12/13", &why));
  CHECK(why.find("depth") != std::string::npos);
  CHECK(LooksLikeTrap("http://a.cn/s?a=1&b=2&c=3&d=4&e=5&f=6&g=7", &why));
  CHECK(LooksLikeTrap("http://a.cn/s?q=" + std::string(400, 'x'), &why));
  CHECK(LooksLikeTrap("http://a.cn/cal?date=2999-01-01", &why));
  CHECK(why.find("year") != std::string::npos);
  CHECK(LooksLikeTrap("http://a.cn/cal?date=1899-12-01", &why));
  CHECK(LooksLikeTrap("http://a.cn/events?year=2023&month=13", &why));
  CHECK(LooksLikeTrap("http://a.cn/art/1850/1/2/x.html", &why));
  CHECK(LooksLikeTrap("http://a.cn/col/209913/t20991301_1.html", &why));
  CHECK(LooksLikeTrap("http://a.cn/calendar/index.jsp?date=2023-05-01", &why));
  CHECK(LooksLikeTrap("http://a.cn/x", nullptr) == false);
}
