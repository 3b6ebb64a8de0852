// The report parser: the standard statistics tables (二, 三, 四) of an annual report as numbers,
// checked against the report's own identities. Field names are stable and documented in
// parser/FIELDS.md; a field the report does not have is absent (absent is not zero).
// Parse() is total and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "nianbao/common/json.h"
#include "nianbao/common/table.h"

namespace nianbao::parser {

struct Field {
  std::string name;    // e.g. "apply.new.natural_person"
  double value = 0;
};

struct Check {
  std::string name;    // e.g. "identity.natural_person": new + carried_over = result.total + carry_forward
  bool ok = true;
  std::string detail;  // the numbers involved, for a failed check
};

struct Stats {
  std::string template_year;     // "2019" | "2021" | "" when not in the standard format
  std::vector<Field> fields;     // in FieldNames() order
  std::vector<Check> checks;
  bool flagged = false;          // some check failed
  std::string reason;            // why the result is empty, when it is
};

// text: canonical text form; tables: the extractor's grids when the source had real tables.
Stats Parse(std::string_view text, const std::vector<Table>& tables);

// Every field name in its stable order (the CSV columns).
const std::vector<std::string>& FieldNames();

// {"template": …, "fields": {name: value}, "checks": [{name, ok, detail}], "flagged": …, "reason": …}
Json ToJson(const Stats& stats);

}  // namespace nianbao::parser
