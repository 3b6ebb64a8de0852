// The extractor: any fetched or imported document (HTML, PDF, DOCX, legacy DOC, plain text) in,
// one canonical text form out, plus the answers to "is it an annual report, whose, which year".
//
// Canonical text form (the one ../shared/reports/ shows): the title on the first line, then
// paragraphs separated by blank lines, headings on their own line, every table row as one line
// of tab-separated cells in reading order. UTF-8, the page's own characters.
//
// Extract() is total: any bytes are accepted; it fails only for formats it cannot read
// (Status::Unsupported) and never crashes or grows without bound on hostile input.
// Thread-safe: Extract() may run on several threads at once.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nianbao/common/status.h"
#include "nianbao/common/table.h"

namespace nianbao::extractor {

enum class SourceFormat { kUnknown, kHtml, kPdf, kDocx, kDoc, kWps, kOfd, kText };
const char* SourceFormatName(SourceFormat f);   // "html", "pdf", "docx", "doc", "wps", "ofd", "text"

struct ExtractOptions {
  std::string content_type;   // the HTTP Content-Type, "" if unknown
  std::string url;            // where it came from (base for relative links); "" for local files
  std::string filename;       // a hint only: formats are detected by content
  // What the crawler knows of the site's agency: used when the title omits the region
  // ("市卫生健康委员会2022年…" on 洛阳's site) or names no agency at all.
  std::string seed_agency_name;
  std::string seed_region;
  // The bytes already decoded by DecodeToUtf8 or DecodeToUtf8NoCopy with the same content type
  // (a crawler that scanned the page for links has done it): used if the bytes are HTML, so
  // that they are not decoded twice. Must outlive the call.
  std::optional<std::string_view> decoded_utf8;
};

struct Document {
  SourceFormat format = SourceFormat::kUnknown;
  std::string title;
  std::string text;                 // canonical text form
  std::vector<Table> tables;        // grids, rowspan/colspan expanded. PDF: columns from where the
                                    // text stands (no ruling); a vertically merged cell's text sits
                                    // in the row it is centred on, the others empty

  // Classification.
  bool is_report = false;
  std::string reason;               // why it is, or is not, an annual disclosure report
  int year = 0;                     // the year the report is ABOUT; 0 if unknown
  std::string agency;               // the publishing agency's full name, "" if unknown

  // Where the real content is.
  std::vector<std::string> attachments;   // absolute URLs of .pdf/.doc/.docx/.wps/.ofd links
  bool attachment_only = false;     // the body only points to an attachment (详见附件)
  std::string original_link;        // the 全真版 (PDF/OFD) of a page that also has a 文字版
  bool image_only = false;          // the body is only images (图片版)
  std::vector<std::string> images;  // their absolute URLs when image_only
  bool no_text_layer = false;       // a scanned PDF
};

Result<Document> Extract(std::string_view bytes, const ExtractOptions& options);

// Detects the format from the bytes (magic numbers, markup), the content type and the name.
SourceFormat DetectFormat(std::string_view bytes, std::string_view content_type,
                          std::string_view filename);

}  // namespace nianbao::extractor
