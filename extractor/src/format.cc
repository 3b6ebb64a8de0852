// Format detection by content: servers label PDFs "application/octet-stream" and DOCX files
// ".doc", so the bytes decide; the content type and name only break ties.
#include <algorithm>

#include "nianbao/common/text.h"
#include "nianbao/extractor/extract.h"

namespace nianbao::extractor {

const char* SourceFormatName(SourceFormat f) {
  switch (f) {
    case SourceFormat::kHtml: return "html";
    case SourceFormat::kPdf: return "pdf";
    case SourceFormat::kDocx: return "docx";
    case SourceFormat::kDoc: return "doc";
    case SourceFormat::kWps: return "wps";
    case SourceFormat::kOfd: return "ofd";
    case SourceFormat::kText: return "text";
    case SourceFormat::kUnknown: break;
  }
  return "unknown";
}

SourceFormat DetectFormat(std::string_view bytes, std::string_view content_type, std::string_view filename) {
  std::string name = ToLowerAscii(filename);
  std::string type = ToLowerAscii(content_type);
  // %PDF- may follow a little junk (some servers prepend a BOM or white space).
  if (bytes.substr(0, 1024).find("%PDF-") != std::string_view::npos) return SourceFormat::kPdf;
  if (StartsWith(bytes, "PK\x03\x04")) {
    // Zip local headers name their files in clear: enough to tell DOCX from OFD without unzipping.
    std::string_view head = bytes.substr(0, std::min<size_t>(bytes.size(), 1 << 20));
    if (head.find("word/") != std::string_view::npos) return SourceFormat::kDocx;
    if (head.find("OFD.xml") != std::string_view::npos || head.find("Doc_0/") != std::string_view::npos)
      return SourceFormat::kOfd;
    if (EndsWith(name, ".ofd")) return SourceFormat::kOfd;
    return SourceFormat::kDocx;   // a zip we were sent as a document: DOCX is the only one we read
  }
  if (StartsWith(bytes, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) {
    if (EndsWith(name, ".wps") || type.find("wps") != std::string::npos) return SourceFormat::kWps;
    return SourceFormat::kDoc;
  }
  std::string head = ToLowerAscii(bytes.substr(0, 4096));
  for (std::string_view mark : {"<!doctype html", "<html", "<head", "<body", "<meta", "<div", "<p>", "<table", "<title"})
    if (head.find(mark) != std::string::npos) return SourceFormat::kHtml;
  if (type.find("html") != std::string::npos) return SourceFormat::kHtml;
  if (bytes.empty() && type.empty() && name.empty()) return SourceFormat::kUnknown;
  return SourceFormat::kText;
}

}  // namespace nianbao::extractor
