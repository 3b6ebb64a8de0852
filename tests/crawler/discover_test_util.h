// Helpers for the discovery tests: run Discover on a body and look links up.
#pragma once

#include <set>
#include <string>

#include "nianbao/crawler/discover.h"

namespace discover_test {

inline nianbao::crawler::Discovery Run(const std::string& url, const std::string& body,
                                       const std::string& content_type = "text/html; charset=utf-8",
                                       const std::string& request_body = "") {
  nianbao::crawler::Page page{url, content_type, body, request_body};
  return nianbao::crawler::Discover(page);
}

// KnownUrls from a list.
class Known final : public nianbao::crawler::KnownUrls {
 public:
  explicit Known(std::set<std::string, std::less<>> urls) : urls_(std::move(urls)) {}
  bool Has(std::string_view url) const override { return urls_.count(url) > 0; }

 private:
  std::set<std::string, std::less<>> urls_;
};

inline nianbao::crawler::Discovery RunKnowing(const Known& known, const std::string& url, const std::string& body,
                                              const std::string& content_type = "text/html; charset=utf-8",
                                              const std::string& request_body = "") {
  nianbao::crawler::Page page{url, content_type, body, request_body};
  return nianbao::crawler::Discover(page, &known);
}

inline const nianbao::crawler::Link* Find(const nianbao::crawler::Discovery& d, const std::string& url) {
  for (const auto& l : d.links)
    if (l.url == url) return &l;
  return nullptr;
}

inline int Count(const nianbao::crawler::Discovery& d, nianbao::crawler::LinkKind kind) {
  int n = 0;
  for (const auto& l : d.links) n += l.kind == kind;
  return n;
}

}  // namespace discover_test
