// The report's own identities, checked on the fields read. A failed check keeps the numbers
// involved; nothing is ever corrected.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "nianbao/parser/parse.h"

namespace nianbao::parser {

using FieldMap = std::map<std::string, double>;

// Checks whose terms are all present (a check on an absent field is not made).
std::vector<Check> RunChecks(const FieldMap& fields);

}  // namespace nianbao::parser
