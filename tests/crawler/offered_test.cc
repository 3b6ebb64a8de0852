// A worker's memory of the links it offered to the frontier (crawler/src/offered.h).
#include <catch2/catch.hpp>
#include <string>

#include "../../crawler/src/offered.h"

using nianbao::crawler::internal::OfferedLinks;

TEST_CASE("offered links: a repeat is dropped, any other field makes a new link", "[offered]") {
  OfferedLinks o;
  CHECK(o.FirstOffer("a", "GET", "http://a.cn/x.html", ""));
  CHECK_FALSE(o.FirstOffer("a", "GET", "http://a.cn/x.html", ""));
  CHECK(o.FirstOffer("b", "GET", "http://a.cn/x.html", ""));                  // another agency
  CHECK(o.FirstOffer("a", "POST", "http://a.cn/x.html", ""));                 // another method
  CHECK(o.FirstOffer("a", "POST", "http://a.cn/x.html", "page=2"));           // another body
  CHECK_FALSE(o.FirstOffer("a", "POST", "http://a.cn/x.html", "page=2"));
  CHECK(o.FirstOffer("a", "GET", "http://a.cn/y.html", ""));
}

TEST_CASE("offered links: Offered answers what FirstOffer would, without taking the link", "[offered]") {
  OfferedLinks o;
  CHECK_FALSE(o.Offered("a", "http://a.cn/x.html"));   // an empty table
  CHECK_FALSE(o.Offered("a", "http://a.cn/x.html"));   // asking does not offer
  CHECK(o.FirstOffer("a", "GET", "http://a.cn/x.html", ""));
  CHECK(o.Offered("a", "http://a.cn/x.html"));
  CHECK_FALSE(o.Offered("b", "http://a.cn/x.html"));   // another agency
  CHECK(o.FirstOffer("a", "POST", "http://a.cn/y.html", "page=2"));
  CHECK_FALSE(o.Offered("a", "http://a.cn/y.html"));   // only the POST with its body was offered
}

TEST_CASE("offered links: the table is bounded and starts over when full", "[offered]") {
  OfferedLinks o;
  const auto url = [](int i) { return "http://a.cn/p" + std::to_string(i) + ".html"; };
  int first_again = -1;
  for (int i = 0; i < 100000; ++i) {
    REQUIRE(o.FirstOffer("a", "GET", url(i), ""));   // distinct keys: never taken for repeats
    REQUIRE_FALSE(o.FirstOffer("a", "GET", url(i), ""));
    if (first_again < 0 && o.FirstOffer("a", "GET", url(0), "")) first_again = i;
  }
  // Key 0 is forgotten once the table filled (3/4 of 16,384 slots) and started over.
  CHECK(first_again > 12000);
  CHECK(first_again < 12400);
}
