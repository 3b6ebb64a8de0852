// `nianbao extract FILE`: run the extractor on a local file and print what it found. For
// checking a page by hand and for debugging the heuristics (the reason string says why).
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli.h"
#include "nianbao/common/json.h"
#include "nianbao/extractor/extract.h"

namespace nianbao::cli {
namespace {

Json TableJson(const Table& t) {
  Json rows = Json::array();
  for (const auto& r : t.rows) rows.push_back(r);
  return rows;
}

Json DocumentJson(const extractor::Document& d) {
  Json tables = Json::array();
  for (const auto& t : d.tables) tables.push_back(TableJson(t));
  return {{"title", d.title},
          {"is_report", d.is_report},
          {"reason", d.reason},
          {"agency", d.agency},
          {"year", d.year},
          {"source_format", extractor::SourceFormatName(d.format)},
          {"attachments", d.attachments},
          {"attachment_only", d.attachment_only},
          {"original_link", d.original_link},
          {"image_only", d.image_only},
          {"images", d.images},
          {"no_text_layer", d.no_text_layer},
          {"text", d.text},
          {"tables", tables}};
}

void PrintText(const extractor::Document& d) {
  std::cout << "title:\t" << d.title << "\n"
            << "is_report:\t" << (d.is_report ? "yes" : "no") << " (" << d.reason << ")\n"
            << "agency:\t" << d.agency << "\n"
            << "year:\t" << d.year << "\n"
            << "source_format:\t" << extractor::SourceFormatName(d.format) << "\n";
  for (const auto& a : d.attachments) std::cout << "attachment:\t" << a << "\n";
  if (d.attachment_only) std::cout << "attachment_only:\tyes\n";
  if (!d.original_link.empty()) std::cout << "original_link:\t" << d.original_link << "\n";
  if (d.image_only) std::cout << "image_only:\tyes\n";
  for (const auto& i : d.images) std::cout << "image:\t" << i << "\n";
  if (d.no_text_layer) std::cout << "no_text_layer:\tyes\n";
  std::cout << "tables:\t" << d.tables.size() << "\n\n" << d.text;
}

int Run(const Args& args) {
  if (args.positional().size() != 1) return UsageError("extract", "give exactly one FILE");
  const std::string& path = args.positional()[0];
  std::string format = args.Get("format", "text");
  if (format != "text" && format != "json") return UsageError("extract", "--format is json or text");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail("extract", Status::NotFound(path + ": cannot open"));
  std::ostringstream bytes;
  bytes << in.rdbuf();
  extractor::ExtractOptions options;
  options.url = args.Get("base-url");
  options.filename = path;
  options.content_type = args.Get("content-type");
  options.seed_agency_name = args.Get("agency");
  options.seed_region = args.Get("region");
  auto doc = extractor::Extract(bytes.str(), options);
  if (!doc.ok()) return Fail("extract", doc.status());
  if (format == "json") std::cout << DumpJson(DocumentJson(*doc), 2) << "\n";
  else PrintText(*doc);
  return 0;
}

NIANBAO_COMMAND((CommandSpec{
                    "extract",
                    "extract a report's text, tables, agency and year from a local HTML/PDF/DOCX file",
                    "nianbao extract FILE [--base-url URL] [--format json|text]",
                    "Detects the format by content, extracts the canonical text (title, paragraphs, one line\n"
                    "per table row), decides whether it is an annual information-disclosure report (with the\n"
                    "reason) and finds the agency and the year the report covers.",
                    {{"base-url", "URL", "the page's URL, to resolve relative links"},
                     {"format", "FORMAT", "json or text (default text)"},
                     {"content-type", "TYPE", "the HTTP Content-Type, for its charset"},
                     {"agency", "NAME", "the seed's agency name (completes titles that omit it)"},
                     {"region", "NAME", "the seed's region, e.g. 洛阳市"}}}),
                Run);

}  // namespace
}  // namespace nianbao::cli
