// JSON output for every command: nlohmann::json, dumped so that any byte a page can hold gives
// valid JSON (invalid UTF-8 is replaced, never thrown on).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace nianbao {

using Json = nlohmann::json;
// One line, UTF-8 kept as is (not \u-escaped), invalid UTF-8 replaced by U+FFFD.
std::string DumpJson(const Json& j, int indent = -1);

}  // namespace nianbao
