#include "nianbao/daemon/config.h"

#include <ctime>
#include <functional>
#include <map>
#include <toml++/toml.h>

#include "nianbao/crawler/fetch.h"

namespace nianbao::daemon {
namespace {

using Setter = std::function<Status(const toml::node&, Config*)>;

Status Bad(const std::string& key, const std::string& why) {
  return Status::InvalidArgument(key + ": " + why);
}

Setter Duration(int64_t Config::*field) {
  return [field](const toml::node& n, Config* c) -> Status {
    if (auto i = n.value<int64_t>(); i && n.is_integer()) {
      if (*i <= 0) return Status::InvalidArgument("must be positive");
      c->*field = *i * kSecond;
      return Status::OK();
    }
    auto s = n.value<std::string>();
    if (!s) return Status::InvalidArgument("expected a duration like \"12h\" or seconds");
    auto d = ParseDuration(*s);
    if (!d.ok()) return d.status();
    c->*field = *d;
    return Status::OK();
  };
}

Setter Int(int Config::*field, int64_t min, int64_t max) {
  return [=](const toml::node& n, Config* c) -> Status {
    auto i = n.value<int64_t>();
    if (!i || !n.is_integer() || *i < min || *i > max)
      return Status::InvalidArgument("expected an integer from " + std::to_string(min) + " to " + std::to_string(max));
    c->*field = static_cast<int>(*i);
    return Status::OK();
  };
}

Setter String(std::string Config::*field) {
  return [=](const toml::node& n, Config* c) -> Status {
    auto s = n.value<std::string>();
    if (!s || !n.is_string()) return Status::InvalidArgument("expected a string");
    c->*field = *s;
    return Status::OK();
  };
}

Setter Strings(std::vector<std::string> Config::*field) {
  return [=](const toml::node& n, Config* c) -> Status {
    const toml::array* a = n.as_array();
    if (!a) return Status::InvalidArgument("expected an array of strings");
    std::vector<std::string> out;
    for (const auto& e : *a) {
      auto s = e.value<std::string>();
      if (!s || !e.is_string()) return Status::InvalidArgument("expected an array of strings");
      out.push_back(*s);
    }
    c->*field = std::move(out);
    return Status::OK();
  };
}

// Every key the file may hold, "table.key".
const std::map<std::string, Setter>& Setters() {
  static const auto* setters = new std::map<std::string, Setter>{
      {"schedule.discovery_interval", Duration(&Config::discovery_interval)},
      {"schedule.recheck_interval", Duration(&Config::recheck_interval)},
      {"schedule.season_first_month", Int(&Config::season_first_month, 1, 12)},
      {"schedule.season_last_month", Int(&Config::season_last_month, 1, 12)},
      {"schedule.season_discovery_interval", Duration(&Config::season_discovery_interval)},
      {"schedule.season_recheck_interval", Duration(&Config::season_recheck_interval)},
      {"schedule.error_retry", Duration(&Config::error_retry)},
      {"backoff.base", Duration(&Config::backoff_base)},
      {"backoff.max", Duration(&Config::backoff_max)},
      {"crawl.per_host", Int(&Config::per_host, 1, 64)},
      {"crawl.delay_ms", Int(&Config::delay_ms, 0, 600000)},
      {"crawl.concurrency", Int(&Config::concurrency, 1, 4096)},
      {"crawl.max_pages", Int(&Config::max_pages, 1, 10000000)},
      {"crawl.max_depth", Int(&Config::max_depth, 0, 100)},
      {"crawl.proxy", String(&Config::proxy)},
      {"crawl.connect_to", Strings(&Config::connect_to)},
      {"crawl.http_client", String(&Config::http_client)},
      {"http.listen", String(&Config::listen)},
      {"log.level", String(&Config::log_level)},
  };
  return *setters;
}

}  // namespace

Result<int64_t> ParseDuration(const std::string& text) {
  char* end = nullptr;
  errno = 0;
  double n = std::strtod(text.c_str(), &end);
  const std::string unit = end ? std::string(end) : "";
  static const std::map<std::string, int64_t> kUnits = {
      {"", kSecond}, {"s", kSecond}, {"m", 60 * kSecond}, {"h", kHour}, {"d", kDay}};
  auto u = kUnits.find(unit);
  if (text.empty() || end == text.c_str() || errno != 0 || u == kUnits.end() || !(n > 0) || n > 3650.0 * 86400)
    return Status::InvalidArgument("bad duration '" + text + "' (e.g. 90s, 30m, 12h, 3d)");
  return static_cast<int64_t>(n * static_cast<double>(u->second));
}

Status LoadConfigText(const std::string& text, const std::string& name, Config* config) {
  toml::table root;
  try {
    root = toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    return Status::InvalidArgument(name + ":" + std::to_string(e.source().begin.line) + ": " +
                                   std::string(e.description()));
  }
  Config next = *config;  // all or nothing: a bad key leaves *config as it was
  for (const auto& [table_key, table] : root) {
    const toml::table* t = table.as_table();
    if (!t) return Bad(name, "'" + std::string(table_key.str()) + "' must be a [table]");
    for (const auto& [key, node] : *t) {
      const std::string full = std::string(table_key.str()) + "." + std::string(key.str());
      const std::string where = name + ":" + std::to_string(node.source().begin.line) + ": " + full;
      auto it = Setters().find(full);
      if (it == Setters().end()) return Bad(where, "unknown setting (see README, section Daemon)");
      Status s = it->second(node, &next);
      if (!s.ok()) return Bad(where, s.message());
    }
  }
  if (next.log_level != "debug" && next.log_level != "info" && next.log_level != "warn" && next.log_level != "error")
    return Bad(name + ": log.level", "one of debug, info, warn, error");
  if (crawler::HttpClient h; !crawler::ParseHttpClient(next.http_client, &h))
    return Bad(name + ": crawl.http_client", "own or curl");
  for (const auto& rule : next.connect_to)
    if (Status s = crawler::CheckConnectRule(rule); !s.ok()) return Bad(name + ": crawl.connect_to", s.message());
  *config = next;
  return Status::OK();
}

Status LoadConfigFile(const std::string& path, Config* config) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return Status::InvalidArgument("cannot read config file " + path);
  std::string text;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  std::fclose(f);
  return LoadConfigText(text, path, config);
}

bool InSeason(const Config& config, int64_t micros) {
  std::time_t t = static_cast<std::time_t>(micros / kSecond + 8 * 3600);  // Beijing time
  std::tm tm{};
  gmtime_r(&t, &tm);
  const int month = tm.tm_mon + 1;
  if (config.season_first_month <= config.season_last_month)
    return month >= config.season_first_month && month <= config.season_last_month;
  return month >= config.season_first_month || month <= config.season_last_month;  // wraps the year
}

}  // namespace nianbao::daemon
