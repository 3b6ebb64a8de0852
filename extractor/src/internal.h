// The extractor's parts, as extract.cc wires them: decode → format reader → classify.
#pragma once

#include <string>
#include <string_view>

#include "nianbao/common/status.h"
#include "nianbao/extractor/extract.h"

namespace nianbao::extractor {

// What the classifier needs to know about a page beyond its text: a list page is many links
// and little prose.
struct PageShape {
  int body_chars = 0;        // content characters in the extracted body
  int page_link_chars = 0;   // content characters inside links, whole page
  int page_links = 0;        // number of links, whole page
  int report_links = 0;      // links whose text is a report's title (NamesReport)
  int report_link_chars = 0; // content characters inside those links
};

// A title that is an annual disclosure report's own: it names the report and ends with the
// report's name (bracketed notes, a trailing year or file extension aside).
bool NamesReport(std::string_view title);

// Each reader fills doc's title, text, tables and (HTML) the attachment/image fields.
void ExtractHtml(std::string_view utf8, const ExtractOptions& options, Document* doc, PageShape* shape);
Status ExtractPdf(std::string_view bytes, Document* doc);   // runs nianbao-pdfwords (pdf.cc)
// Tests: the PDF reader program to run ("" = the usual search) and its time limit.
void SetPdfReaderForTesting(const std::string& path, int timeout_ms);
Status ExtractDocx(std::string_view bytes, Document* doc);
Status ExtractLegacyWord(std::string_view bytes, Document* doc);   // .doc/.wps via antiword/catdoc

// Sets is_report, reason, year and agency from the title and text.
void Classify(const ExtractOptions& options, const PageShape& shape, Document* doc);

// Title from the first lines of a text without markup (PDF, DOCX, plain text): the lines before
// the first blank line, up to the one naming the report, joined. Removes them from *text.
std::string TakeTitleFromText(std::string* text);

}  // namespace nianbao::extractor
