// Helpers for the discovery tests: run Discover on a body and look links up.
#pragma once

#include <string>

#include "nianbao/crawler/discover.h"

namespace discover_test {

inline nianbao::crawler::Discovery Run(const std::string& url, const std::string& body,
                                       const std::string& content_type = "text/html; charset=utf-8",
                                       const std::string& request_body = "") {
  nianbao::crawler::Page page{url, content_type, body, request_body};
  return nianbao::crawler::Discover(page);
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
