// nianbao export: the archive as JSONL or CSV for analysis, or its raw captures as WARC.
#include <fstream>
#include <iostream>

#include "nianbao/parser/parse.h"
#include "nianbao/store/export.h"
#include "nianbao/store/warc.h"
#include "store_cli.h"

namespace nianbao::cli {
namespace {

int Run(const Args& args) {
  const std::string format = args.Get("format", "jsonl");
  if (format != "jsonl" && format != "csv" && format != "warc")
    return UsageError("export", "unknown --format '" + format + "' (jsonl, csv or warc)");
  // WARC is binary and usually large: it goes to a file, never to a terminal. (Forwarded to a
  // running daemon, Out() is a buffer the client writes to its own --out file.)
  if (format == "warc" && args.Get("out", "-") == "-" && &Out() == &std::cout)
    return UsageError("export", "--format warc needs --out FILE.warc.gz");
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
  Status s;
  if (format == "warc") {
    store::WarcOptions warc;
    warc.filename = out_path.substr(out_path.find_last_of('/') + 1);
    store::WarcStats stats;
    s = store::ExportWarc(archive->get(), out, warc, &stats);
    count = stats.warcinfo + stats.request + stats.response + stats.revisit + stats.resource;
  } else {
    s = format == "jsonl" ? store::ExportJsonl(archive->get(), options, out, &count)
                          : store::ExportCsv(archive->get(), options, out, &count);
  }
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
                    "export", "export the archive as JSONL, CSV or WARC",
                    "nianbao export --store DIR --format jsonl|csv|warc [--out FILE] [--all-versions]",
                    "JSONL: one object per document (its latest version; every version with --all-versions):\n"
                    "agency, agency_name, region, province, level, year, title, url, source_format, version,\n"
                    "versions, first_seen, last_changed, withdrawn, sha256, text, and the parsed stats and checks.\n"
                    "CSV: the same metadata without the text, then one column per parser field (parser/FIELDS.md).\n"
                    "WARC (--out FILE.warc.gz required): WARC/1.1 with a warcinfo record, then request and\n"
                    "response records for every raw capture (revisit records for repeated payloads).",
                    {StoreOption(), {"format", "FMT", "jsonl (default), csv or warc"},
                     {"out", "FILE", "write here instead of standard output"},
                     {"all-versions", "", "one record per version, not only the latest"}}}),
                Run);

}  // namespace
}  // namespace nianbao::cli
