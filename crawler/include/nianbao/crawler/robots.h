// robots.txt per RFC 9309 (the Robots Exclusion Protocol), after Google's robotstxt: parsing is
// total (any bytes are accepted, garbage lines skipped) and bounded (the first kMaxRobotsBytes
// are parsed, lines are cut at kMaxRobotsLineBytes), and the parser reports what it reads through
// a callback interface that the matcher (RobotsRules) implements.
//
// Deviations, each as Google's parser does: keys are matched case-insensitively and with common
// typos (useragent, dissallow, …); a key and value separated by white space without ':' are
// accepted; Crawl-delay (not in RFC 9309) is honoured per group; Sitemap lines are global.
//
// RobotsRules is immutable after Parse: const methods may be called from many threads at once.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nianbao::crawler {

// RFC 9309 2.5: "parsing limit MUST be at least 500 kibibytes". Bytes past this are ignored.
inline constexpr size_t kMaxRobotsBytes = 512 * 1024;
// Google's limit (2083 × 8): longer lines are truncated, not dropped.
inline constexpr size_t kMaxRobotsLineBytes = 2083 * 8;

// What the parser reports, line by line (1-based line numbers). Values are trimmed, comments
// removed; rule values are percent-normalised like CanonicalizeUrl's paths.
class RobotsParseHandler {
 public:
  virtual ~RobotsParseHandler() = default;
  virtual void HandleUserAgent(int line, std::string_view value) = 0;
  virtual void HandleAllow(int line, std::string_view value) = 0;
  virtual void HandleDisallow(int line, std::string_view value) = 0;
  virtual void HandleCrawlDelay(int line, std::string_view value) = 0;
  virtual void HandleSitemap(int line, std::string_view value) = 0;
  virtual void HandleUnknown(int line, std::string_view key, std::string_view value) = 0;
};

// Feeds body to handler. Total: never fails, whatever body holds.
void ParseRobotsTxt(std::string_view body, RobotsParseHandler* handler);

// The rules of one robots.txt that apply to one user agent.
class RobotsRules {
 public:
  // user_agent_product: our product token ("nianbao"; a full "nianbao/0.1 (+url)" is cut to its
  // token). The groups naming it (case-insensitively) apply, merged; when none does, the "*"
  // groups apply; when neither exists, everything is allowed.
  static RobotsRules Parse(std::string_view body, std::string_view user_agent_product);
  static RobotsRules AllowAll();     // robots.txt answered 4xx (RFC 9309 2.3.1.3)
  static RobotsRules DisallowAll();  // 5xx or unreachable (RFC 9309 2.3.1.4): retry later

  // path_and_query as PathAndQuery() gives it ("/a/b?c"). Longest matching pattern wins (its
  // length in octets); on a tie Allow wins; no match means allowed; /robots.txt is always allowed.
  bool Allowed(std::string_view path_and_query) const { return Explain(path_and_query).allowed; }

  struct Decision {
    bool allowed;
    std::string rule;  // "Disallow: /private/", "" when no rule matched
    int line;          // 1-based line of rule in the file, 0 when none
  };
  Decision Explain(std::string_view path_and_query) const;

  // The Crawl-delay of the applying groups (the largest when several), when one was given.
  std::optional<double> CrawlDelaySeconds() const { return crawl_delay_; }
  // Every Sitemap: URL in the file, in order, whatever group it sits in.
  std::vector<std::string> Sitemaps() const { return sitemaps_; }

  struct Rule {
    std::string pattern;  // percent-normalised, may hold '*' and a final '$'
    bool allow;
    int line;
  };

 private:
  friend class RobotsRulesBuilder;
  std::vector<Rule> rules_;
  std::optional<double> crawl_delay_;
  std::vector<std::string> sitemaps_;
};

}  // namespace nianbao::crawler
