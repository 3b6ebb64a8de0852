// nianbao robots: tells whether a robots.txt file allows a URL for an agent, and which rule
// decided — for users who wonder why the crawler skipped a page.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli.h"
#include "nianbao/crawler/robots.h"
#include "nianbao/crawler/url.h"

namespace nianbao::cli {
namespace {

int Run(const Args& args) {
  if (args.positional().size() != 2) return UsageError("robots", "give a robots.txt FILE and a URL");
  const std::string& path = args.positional()[0];
  const std::string& url = args.positional()[1];
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return Fail("robots", Status::IOError("cannot read " + path));
  std::ifstream in(path, std::ios::binary);
  std::string body(crawler::kMaxRobotsBytes, '\0');
  in.read(body.data(), static_cast<std::streamsize>(body.size()));  // the parser reads no more
  body.resize(static_cast<size_t>(in.gcount()));
  // A bare path is accepted too: "/zwgk/" means that path on whatever host.
  const auto canonical = crawler::CanonicalizeUrl(url);
  if (!canonical && (url.empty() || url[0] != '/'))
    return UsageError("robots", "'" + url + "' is neither an http(s) URL nor a path");
  const std::string agent = args.Get("agent", "nianbao");
  const auto rules = crawler::RobotsRules::Parse(body, agent);
  const auto d = rules.Explain(canonical ? crawler::PathAndQuery(*canonical) : url);
  std::cout << (d.allowed ? "allowed" : "disallowed") << "  " << (canonical ? *canonical : url) << "\n";
  if (d.rule.empty()) std::cout << "  no rule matches" << (d.allowed ? " (allowed by default)" : "") << "\n";
  else std::cout << "  rule: " << d.rule << "  (" << path << ":" << d.line << ")\n";
  if (auto delay = rules.CrawlDelaySeconds()) std::cout << "  crawl-delay: " << *delay << " s\n";
  return 0;
}

NIANBAO_COMMAND((CommandSpec{
                    "robots",
                    "tell whether a robots.txt allows a URL, and which rule decided",
                    "nianbao robots FILE URL [--agent UA]",
                    "Parses FILE as robots.txt (RFC 9309) for the agent's product token and prints\n"
                    "allowed/disallowed with the deciding rule and its line.",
                    {{"agent", "UA", "user agent (product token) to match groups for (default nianbao)"}}}),
                Run);

}  // namespace
}  // namespace nianbao::cli
