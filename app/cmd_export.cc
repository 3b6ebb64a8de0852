// nianbao export: the archive as JSONL or CSV for analysis.
#include <fstream>
#include <iostream>

#include "nianbao/parser/parse.h"
#include "nianbao/store/export.h"
#include "store_cli.h"

namespace nianbao::cli {
namespace {

int Run(const Args& args) {
  const std::string format = args.Get("format", "jsonl");
  if (format != "jsonl" && format != "csv")
    return UsageError("export", "unknown --format '" + format + "' (jsonl or csv)");
  auto archive = OpenStore(args, false);
  if (!archive.ok()) return Fail("export", archive.status());
  store::ExportOptions options;
  options.all_versions = args.Has("all-versions");
  options.stat_fields = parser::FieldNames();
  std::ofstream file;
  const std::string out_path = args.Get("out", "-");
  // Write to a temporary name and rename at the end, so an interrupted export never leaves a
  // half-written file under the requested name.
  const std::string tmp_path = out_path + ".partial";
  if (out_path != "-") {
    file.open(tmp_path, std::ios::binary | std::ios::trunc);
    if (!file) return Fail("export", Status::IOError("cannot write " + tmp_path));
  }
  std::ostream& out = out_path == "-" ? Out() : file;
  size_t count = 0;
  Status s = format == "jsonl" ? store::ExportJsonl(archive->get(), options, out, &count)
                               : store::ExportCsv(archive->get(), options, out, &count);
  if (!s.ok()) return Fail("export", s);
  if (out_path != "-") {
    file.close();
    if (!file || std::rename(tmp_path.c_str(), out_path.c_str()) != 0)
      return Fail("export", Status::IOError("cannot write " + out_path));
  }
  Err() << "exported " << count << " record(s)" << (out_path == "-" ? "" : " to " + out_path) << "\n";
  return 0;
}

NIANBAO_COMMAND((CommandSpec{
                    "export", "export the archive as JSONL or CSV",
                    "nianbao export --store DIR --format jsonl|csv [--out FILE] [--all-versions]",
                    "JSONL: one object per document (its latest version; every version with --all-versions):\n"
                    "agency, agency_name, region, province, level, year, title, url, source_format, version,\n"
                    "versions, first_seen, last_changed, withdrawn, sha256, text, and the parsed stats and checks.\n"
                    "CSV: the same metadata without the text, then one column per parser field (parser/FIELDS.md).",
                    {StoreOption(), {"format", "FMT", "jsonl (default) or csv"},
                     {"out", "FILE", "write here instead of standard output"},
                     {"all-versions", "", "one record per version, not only the latest"}}}),
                Run);

}  // namespace
}  // namespace nianbao::cli
