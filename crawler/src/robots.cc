// robots.txt parsing and matching (robots.h), RFC 9309.
#include "nianbao/crawler/robots.h"

#include <cmath>
#include <cstdlib>

#include "url_internal.h"

namespace nianbao::crawler {
namespace {

using internal::EqualsIgnoreCase;
using internal::LowerAscii;

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

std::string_view TrimBlanks(std::string_view s) {
  while (!s.empty() && IsBlank(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsBlank(s.back())) s.remove_suffix(1);
  return s;
}

enum class Key { kUserAgent, kAllow, kDisallow, kCrawlDelay, kSitemap, kUnknown };

// Keys with the typos Google's parser accepts: a misspelt Disallow must still disallow.
Key Classify(std::string_view key) {
  auto any = [key](std::initializer_list<std::string_view> names) {
    for (auto n : names)
      if (EqualsIgnoreCase(key, n)) return true;
    return false;
  };
  if (any({"user-agent", "useragent", "user agent", "user_agent"})) return Key::kUserAgent;
  if (any({"allow"})) return Key::kAllow;
  if (any({"disallow", "dissallow", "dissalow", "disalow", "diasllow", "disallaw"})) return Key::kDisallow;
  if (any({"crawl-delay", "crawldelay", "crawl delay", "crawl_delay"})) return Key::kCrawlDelay;
  if (any({"sitemap", "site-map"})) return Key::kSitemap;
  return Key::kUnknown;
}

void ParseLine(int number, std::string_view line, RobotsParseHandler* h) {
  if (auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
  line = TrimBlanks(line);
  if (line.empty()) return;
  size_t sep = line.find(':');
  if (sep == std::string_view::npos) {
    // "Disallow /x": accepted when the line is exactly a key and one value.
    sep = line.find_first_of(" \t");
    if (sep == std::string_view::npos) return;
    if (TrimBlanks(line.substr(sep)).find_first_of(" \t") != std::string_view::npos) return;
  }
  const std::string_view key = TrimBlanks(line.substr(0, sep));
  const std::string_view value = TrimBlanks(line.substr(sep + 1));
  if (key.empty()) return;
  switch (Classify(key)) {
    case Key::kUserAgent: h->HandleUserAgent(number, value); break;
    case Key::kCrawlDelay: h->HandleCrawlDelay(number, value); break;
    case Key::kSitemap: h->HandleSitemap(number, value); break;
    case Key::kUnknown: h->HandleUnknown(number, key, value); break;
    case Key::kAllow:
    case Key::kDisallow: {
      std::string pattern;
      internal::NormalizePercent(value, &pattern);
      if (Classify(key) == Key::kAllow) h->HandleAllow(number, pattern);
      else h->HandleDisallow(number, pattern);
      break;
    }
  }
}

// The product token of a User-agent value or of our own agent string: its leading
// [A-Za-z_-] run (RFC 9309 2.2.1), so "nianbao/0.1 (+https://…)" is "nianbao".
std::string_view ProductToken(std::string_view ua) {
  size_t n = 0;
  while (n < ua.size() && (internal::IsAsciiAlpha(ua[n]) || ua[n] == '_' || ua[n] == '-')) ++n;
  return ua.substr(0, n);
}

// Google's matcher: pos[] holds every path offset the pattern prefix can end at; '*' widens it
// to all offsets from the smallest, '$' at the end demands the path end. O(|path| × |pattern|).
bool Matches(std::string_view path, std::string_view pattern) {
  if (pattern.find_first_of("*$") == std::string_view::npos) return path.substr(0, pattern.size()) == pattern;
  std::vector<size_t> pos(path.size() + 1);
  pos[0] = 0;
  size_t numpos = 1;
  for (size_t k = 0; k < pattern.size(); ++k) {
    const char pat = pattern[k];
    if (pat == '$' && k + 1 == pattern.size()) return pos[numpos - 1] == path.size();
    if (pat == '*') {
      numpos = path.size() - pos[0] + 1;
      for (size_t i = 1; i < numpos; ++i) pos[i] = pos[i - 1] + 1;
      continue;
    }
    size_t next = 0;
    for (size_t i = 0; i < numpos; ++i)
      if (pos[i] < path.size() && path[pos[i]] == pat) pos[next++] = pos[i] + 1;
    if (next == 0) return false;
    numpos = next;
  }
  return true;
}

}  // namespace

void ParseRobotsTxt(std::string_view body, RobotsParseHandler* handler) {
  body = body.substr(0, kMaxRobotsBytes);
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  int number = 0;
  while (!body.empty()) {
    const size_t eol = body.find_first_of("\r\n");
    std::string_view line = body.substr(0, eol);
    ++number;
    ParseLine(number, line.substr(0, kMaxRobotsLineBytes), handler);
    if (eol == std::string_view::npos) break;
    body.remove_prefix(eol + (body.substr(eol, 2) == "\r\n" ? 2 : 1));
  }
}

// Collects the groups that apply to one product token (RFC 9309 2.2.1: groups naming us are
// merged; "*" groups apply only when none names us).
class RobotsRulesBuilder : public RobotsParseHandler {
 public:
  explicit RobotsRulesBuilder(std::string_view product) : product_(ProductToken(product)) {}

  void HandleUserAgent(int, std::string_view value) override {
    if (after_rules_) {  // a user-agent line after rules starts a new group
      in_specific_ = in_global_ = after_rules_ = false;
    }
    if (!value.empty() && value[0] == '*' && TrimBlanks(value.substr(1)).empty()) {
      in_global_ = true;
    } else {
      const std::string_view token = ProductToken(value);
      if (!token.empty() && EqualsIgnoreCase(token, product_)) in_specific_ = seen_specific_ = true;
    }
  }
  void HandleAllow(int line, std::string_view value) override { AddRule(line, value, true); }
  void HandleDisallow(int line, std::string_view value) override { AddRule(line, value, false); }
  void HandleCrawlDelay(int, std::string_view value) override {
    after_rules_ = true;
    const std::string text(value.substr(0, 32));
    char* end = nullptr;
    const double d = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || !std::isfinite(d) || d < 0) return;
    for (int i = 0; i < 2; ++i) {
      auto& slot = i == 0 ? specific_delay_ : global_delay_;
      if ((i == 0 ? in_specific_ : in_global_) && (!slot || *slot < d)) slot = d;
    }
  }
  void HandleSitemap(int, std::string_view value) override {
    if (!value.empty()) sitemaps_.emplace_back(value);
  }
  void HandleUnknown(int, std::string_view, std::string_view) override {}

  RobotsRules Build() && {
    RobotsRules r;
    r.rules_ = std::move(seen_specific_ ? specific_ : global_);
    r.crawl_delay_ = seen_specific_ ? specific_delay_ : global_delay_;
    r.sitemaps_ = std::move(sitemaps_);
    return r;
  }
  static RobotsRules Make(std::vector<RobotsRules::Rule> rules) {
    RobotsRules r;
    r.rules_ = std::move(rules);
    return r;
  }

 private:
  void AddRule(int line, std::string_view pattern, bool allow) {
    after_rules_ = true;
    if (pattern.empty()) return;  // "Disallow:" alone allows everything: no rule
    if (in_specific_) specific_.push_back({std::string(pattern), allow, line});
    if (in_global_) global_.push_back({std::string(pattern), allow, line});
  }

  std::string_view product_;
  bool in_specific_ = false, in_global_ = false, after_rules_ = false, seen_specific_ = false;
  std::vector<RobotsRules::Rule> specific_, global_;
  std::optional<double> specific_delay_, global_delay_;
  std::vector<std::string> sitemaps_;
};

RobotsRules RobotsRules::Parse(std::string_view body, std::string_view user_agent_product) {
  RobotsRulesBuilder builder(user_agent_product);
  ParseRobotsTxt(body, &builder);
  return std::move(builder).Build();
}

RobotsRules RobotsRules::AllowAll() { return RobotsRules(); }

RobotsRules RobotsRules::DisallowAll() { return RobotsRulesBuilder::Make({{"/", false, 0}}); }

RobotsRules::Decision RobotsRules::Explain(std::string_view path_and_query) const {
  std::string path;
  if (path_and_query.empty() || path_and_query[0] != '/') path.push_back('/');
  internal::NormalizePercent(path_and_query, &path);
  if (path == "/robots.txt") return {true, "", 0};  // RFC 9309 2.2.2: implicitly allowed
  const Rule* best = nullptr;
  for (const Rule& r : rules_) {
    if (best && (r.pattern.size() < best->pattern.size() ||
                 (r.pattern.size() == best->pattern.size() && (best->allow || !r.allow))))
      continue;  // cannot beat the current best: skip the match
    if (Matches(path, r.pattern)) best = &r;
  }
  if (!best) return {true, "", 0};
  std::string rule = (best->allow ? "Allow: " : "Disallow: ") + best->pattern;
  if (best->line == 0) rule += " (robots.txt unavailable)";
  return {best->allow, rule, best->line};
}

}  // namespace nianbao::crawler
