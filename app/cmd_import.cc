// nianbao import: add a report the user already has (text, HTML, PDF, DOCX) to the archive.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "nianbao/common/clock.h"
#include "nianbao/common/text.h"
#include "nianbao/extractor/extract.h"
#include "nianbao/parser/parse.h"
#include "store_cli.h"

namespace nianbao::cli {
namespace {

constexpr size_t kMaxImportBytes = 200u << 20;

Result<std::string> ReadFile(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return Status::InvalidArgument("cannot read " + path + ": not a file");
  if (std::filesystem::file_size(path, ec) > kMaxImportBytes)
    return Status::InvalidArgument(path + " is larger than 200 MB");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Status::IOError("cannot read " + path);
  return ss.str();
}

int Run(const Args& args) {
  if (args.positional().size() != 1) return UsageError("import", "give exactly one FILE to import");
  const std::string path = args.positional()[0];
  auto agency_id = args.Require("agency");
  if (!agency_id.ok()) return UsageError("import", agency_id.status().message());
  std::optional<int> year;
  if (args.Has("year")) {
    auto y = ParseYear(args.Get("year"));
    if (!y.ok()) return UsageError("import", y.status().message());
    year = *y;
  }
  auto bytes = ReadFile(path);
  if (!bytes.ok()) return Fail("import", bytes.status());

  extractor::ExtractOptions xo;
  xo.filename = path;
  xo.seed_agency_name = args.Get("name", *agency_id);
  xo.seed_region = args.Get("region");
  auto doc = extractor::Extract(*bytes, xo);
  if (!doc.ok()) return Fail("import", Status::InvalidArgument(path + ": " + doc.status().message()));
  if (!year) {
    if (doc->year == 0)
      return UsageError("import", "no report year found in " + path + "; give it with --year YYYY");
    year = doc->year;
  }
  if (Trim(doc->text).empty() && !args.Has("allow-empty"))
    return Fail("import", Status::InvalidArgument(path + ": no text could be extracted (" +
                                                  std::string(extractor::SourceFormatName(doc->format)) + ")"));

  auto archive = OpenStore(args, /*create=*/true);
  if (!archive.ok()) return Fail("import", archive.status());

  const std::string url = "file://" + std::filesystem::absolute(path).lexically_normal().string();
  const int64_t now = Clock::Real()->NowMicros();
  store::Capture capture;
  capture.url = url;
  capture.body = *bytes;
  capture.fetched_at = now;
  auto capture_sha = (*archive)->PutCapture(capture);
  if (!capture_sha.ok()) return Fail("import", capture_sha.status());

  store::AgencyInfo agency{*agency_id, args.Get("name"), args.Get("region"), args.Get("province"),
                           args.Get("level"), ""};
  store::ReportContent content;
  content.title = doc->title;
  content.text = doc->text;
  content.url = url;
  content.source_format = extractor::SourceFormatName(doc->format);
  parser::Stats stats = parser::Parse(doc->text, doc->tables);
  if (!stats.fields.empty()) content.stats_json = DumpJson(parser::ToJson(stats));
  store::Observation obs;
  obs.time = now;
  obs.url = url;
  obs.capture_sha256 = *capture_sha;
  auto put = (*archive)->PutReport({*agency_id, *year}, agency, content, obs);
  if (!put.ok()) return Fail("import", put.status());
  Out() << *agency_id << " " << *year << ": "
            << (put->new_document ? "new document, version 1"
                                  : put->new_version ? "changed, now version " + std::to_string(put->version)
                                                     : "unchanged (version " + std::to_string(put->version) + ")")
            << " [" << content.source_format << ", sha256 " << put->content_sha256.substr(0, 12) << "]\n";
  return 0;
}

NIANBAO_COMMAND((CommandSpec{
                    "import",
                    "add a report file you already have (text, HTML, PDF, DOCX) to the archive",
                    "nianbao import --store DIR --agency NAME [--year YYYY] [--name FULL --region R --province P] FILE",
                    "The file's text is extracted (the format is detected from its content) and compared with\n"
                    "the document's latest version: a real change makes a new version, a change of white space\n"
                    "or character width only records an observation. The exact bytes are kept as a capture.\n"
                    "Without --year the year found in the report is used.\n\n"
                    "example: nianbao import --store ./archive --agency luoyang-wsjkw --year 2022 report.txt",
                    {StoreOption(), AgencyOption(), YearOption(),
                     {"name", "FULL", "the agency's full name (default: the --agency value)"},
                     {"region", "R", "the agency's region, e.g. 洛阳市"},
                     {"province", "P", "the province, e.g. 河南省"},
                     {"level", "L", "province | city | county | district"},
                     {"allow-empty", "", "import even when no text could be extracted"}}}),
                Run);

}  // namespace
}  // namespace nianbao::cli
