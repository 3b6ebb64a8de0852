#include "nianbao/daemon/log.h"

#include <atomic>
#include <cstdio>
#include <mutex>

#include "nianbao/common/clock.h"

namespace nianbao::daemon {
namespace {

std::atomic<int> g_level{static_cast<int>(LogLevel::kInfo)};
std::mutex g_mu;
const char* kNames[] = {"debug", "info", "warn", "error"};

}  // namespace

void SetLogLevel(const std::string& level) {
  for (int i = 0; i < 4; ++i)
    if (level == kNames[i]) g_level = i;
}

void Log(LogLevel level, const std::string& event, Json fields) {
  if (static_cast<int>(level) < g_level.load()) return;
  Json line = Json::object();
  const int64_t now = Clock::Real()->NowMicros();
  char frac[16];
  std::snprintf(frac, sizeof frac, ".%03dZ", static_cast<int>((now / 1000) % 1000));
  std::string time = FormatTimeUtc(now);
  if (!time.empty() && time.back() == 'Z') time.pop_back();
  line["time"] = time + frac;
  line["level"] = kNames[static_cast<int>(level)];
  line["event"] = event;
  if (fields.is_object())
    for (auto& [k, v] : fields.items()) line[k] = v;
  const std::string text = DumpJson(line) + "\n";
  std::lock_guard<std::mutex> l(g_mu);
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

}  // namespace nianbao::daemon
