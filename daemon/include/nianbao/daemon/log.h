// Structured logs: one JSON object per line on stderr, {"time","level","event",…fields}.
// Thread-safe (one line is written whole).
#pragma once

#include <string>

#include "nianbao/common/json.h"

namespace nianbao::daemon {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

// "debug" | "info" | "warn" | "error"; anything else leaves the level as it is.
void SetLogLevel(const std::string& level);
void Log(LogLevel level, const std::string& event, Json fields = Json::object());

}  // namespace nianbao::daemon
