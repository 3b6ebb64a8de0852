// `nianbao parse FILE|-`: the statistics tables of one report as fields and checks (JSON). A text
// file (the canonical form `nianbao extract` prints) is parsed as is; any other document goes
// through the extractor first, so that its table grids are used too.
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "cli.h"
#include "nianbao/common/json.h"
#include "nianbao/common/text.h"
#include "nianbao/extractor/extract.h"
#include "nianbao/parser/parse.h"

namespace nianbao::cli {
namespace {

Result<std::string> ReadInput(const std::string& path) {
  if (path == "-") {
    return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

int Run(const Args& args) {
  if (args.positional().size() != 1) return UsageError("parse", "give exactly one FILE (or - for stdin)");
  const std::string& path = args.positional()[0];
  auto bytes = ReadInput(path);
  if (!bytes.ok()) return Fail("parse", bytes.status());

  parser::Stats stats;
  const auto format = extractor::DetectFormat(*bytes, "", path == "-" ? "" : path);
  if (format == extractor::SourceFormat::kText) {
    stats = parser::Parse(SanitizeUtf8(*bytes), {});
  } else {
    extractor::ExtractOptions options;
    options.filename = path == "-" ? "" : path;
    auto doc = extractor::Extract(*bytes, options);
    if (!doc.ok()) return Fail("parse", doc.status());
    stats = parser::Parse(doc->text, doc->tables);
  }
  std::cout << DumpJson(parser::ToJson(stats), args.Has("compact") ? -1 : 2) << "\n";
  return 0;
}

NIANBAO_COMMAND((CommandSpec{
                    "parse",
                    "read a report's statistics tables (二, 三, 四) as fields, with the identity checks",
                    "nianbao parse FILE|- [--compact]",
                    "Prints {template, fields, checks, flagged, reason} as JSON. Field names are those of\n"
                    "parser/FIELDS.md; a field the report does not have is absent (absent is not zero). A\n"
                    "failed check lists the numbers involved and sets flagged; nothing is corrected.\n"
                    "FILE may be canonical text (as `nianbao extract` prints) or an HTML/PDF/DOCX document.",
                    {{"compact", "", "one line of JSON instead of indented"}}}),
                Run);

}  // namespace
}  // namespace nianbao::cli
