// PDF through poppler-cpp. Physical layout is used (not raw order): it keeps a table row's
// cells on one line with wide gaps between them, which become tabs, while raw order splits
// table headers character by character (商 业 企 / 业). Each physical line is a visual line, so
// paragraphs are rebuilt: a line continues the paragraph when it starts at the left margin and
// the line before filled the measure.
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

#include <algorithm>
#include <climits>
#include <map>
#include <memory>
#include <mutex>

#include "internal.h"
#include "nianbao/common/text.h"
#include "text_util.h"

namespace nianbao::extractor {

namespace {

void Silence(const std::string&, void*) {}   // poppler's complaints about damaged files

struct PdfLine {
  std::string text;   // tidied: single spaces next to CJK dropped, wide gaps → '\t'
  int indent = 0;     // leading spaces in the physical layout
  int width = 0;      // code points including the indent
};

bool IsCjkOrPunct(char32_t cp) { return IsCjkCodePoint(cp) || (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF) || cp == 0x201C || cp == 0x201D; }

// Wide gaps (3+ spaces) separate table cells; a single space that poppler puts between a CJK
// character and a number ("2024 年") is layout, not text.
PdfLine TidyPhysicalLine(std::string_view raw) {
  PdfLine line;
  std::u32string cps;
  size_t pos = 0;
  while (pos < raw.size()) cps.push_back(DecodeUtf8(raw, &pos));
  line.width = static_cast<int>(cps.size());
  size_t i = 0;
  while (i < cps.size() && cps[i] == ' ') ++i;
  line.indent = static_cast<int>(i);
  while (i < cps.size()) {
    if (cps[i] != ' ') { AppendUtf8(cps[i++], &line.text); continue; }
    size_t j = i;
    while (j < cps.size() && cps[j] == ' ') ++j;
    if (j == cps.size()) break;
    if (j - i >= 3) {
      line.text.push_back('\t');
    } else if (!(i > 0 && (IsCjkOrPunct(cps[i - 1]) || IsCjkOrPunct(cps[j])))) {
      line.text.push_back(' ');
    }
    i = j;
  }
  return line;
}

// "-1-", "- 4 -", "第 3 页", "第3页 共9页", "3 / 9", "3".
bool IsPageNumber(std::string_view t) {
  std::string s = NormalizeForComparison(t);
  std::string core;
  for (char c : s) if (c != '-' && c != '/' && c != '\t') core.push_back(c);
  auto all_digits = [](std::string_view v) {
    return !v.empty() && v.size() <= 4 && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (all_digits(core)) return true;
  if (StartsWith(core, "第") && (EndsWith(core, "页") || core.find("页共") != std::string::npos)) {
    std::string digits;
    for (char c : core) if (c >= '0' && c <= '9') digits.push_back(c);
    return !digits.empty() && CountChars(core).content <= 12;
  }
  return false;
}

// The shape of a header/footer line with its numbers blanked, to find lines repeated per page.
std::string RunningKey(std::string_view t) {
  std::string k;
  for (char c : NormalizeForComparison(t)) if (c < '0' || c > '9') k.push_back(c);
  return k;
}

}  // namespace

Status ExtractPdf(std::string_view bytes, Document* doc) {
  static std::once_flag once;
  std::call_once(once, [] { poppler::set_debug_error_function(Silence, nullptr); });
  if (bytes.size() > static_cast<size_t>(INT_MAX)) return Status::Unsupported("PDF larger than 2 GB");
  std::unique_ptr<poppler::document> pdf(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!pdf) return Status::Corruption("PDF does not parse (damaged or truncated)");
  if (pdf->is_locked()) return Status::Unsupported("PDF is encrypted");

  std::vector<std::vector<PdfLine>> pages;
  for (int i = 0; i < pdf->pages(); ++i) {
    std::unique_ptr<poppler::page> page(pdf->create_page(i));
    if (!page) continue;
    poppler::byte_array utf8 = page->text(poppler::rectf(), poppler::page::physical_layout).to_utf8();
    std::string text(utf8.begin(), utf8.end());
    std::vector<PdfLine> lines;
    for (std::string_view raw : SplitLines(text)) {
      PdfLine l = TidyPhysicalLine(raw);
      if (!l.text.empty() && l.text.find_first_not_of('\t') != std::string::npos) lines.push_back(std::move(l));
    }
    pages.push_back(std::move(lines));
  }

  // Running headers/footers: a first or last line whose shape recurs on at least half the pages.
  std::map<std::string, int> edge_count;
  for (const auto& p : pages) {
    if (p.empty()) continue;
    edge_count[RunningKey(p.front().text)]++;
    if (p.size() > 1) edge_count[RunningKey(p.back().text)]++;
  }
  auto is_running = [&](const PdfLine& l) {
    auto it = edge_count.find(RunningKey(l.text));
    return pages.size() >= 3 && it != edge_count.end() && it->second * 2 >= static_cast<int>(pages.size()) &&
           CountChars(l.text).content < 40;
  };

  std::string out;
  int content = 0;
  bool prev_prose = false, prev_full = false;
  for (const auto& p : pages) {
    int min_indent = INT_MAX, max_width = 0;
    for (const auto& l : p) {
      if (l.text.find('\t') != std::string::npos) continue;
      min_indent = std::min(min_indent, l.indent);
      max_width = std::max(max_width, l.width);
    }
    for (size_t k = 0; k < p.size(); ++k) {
      const PdfLine& l = p[k];
      bool edge = k < 2 || k + 2 >= p.size();
      if (IsPageNumber(l.text) || (edge && is_running(l))) continue;
      content += CountChars(l.text).content;
      bool table = l.text.find('\t') != std::string::npos;
      bool at_margin = l.indent <= min_indent + 1;
      if (!table && prev_prose && prev_full && at_margin) {
        out += l.text;   // continues the paragraph the previous line (maybe on the last page) began
      } else {
        if (!out.empty()) out += (table && !prev_prose) ? "\n" : "\n\n";   // table rows stay together
        out += l.text;
      }
      prev_prose = !table;
      // "Full" leaves room for a line that ends one or two characters short (a closing bracket
      // wrapped, justified spacing) but not for a paragraph's last line.
      prev_full = !table && l.width + 3 >= max_width && !EndsWith(l.text, "。");
    }
  }
  doc->text = TidyLines(out);
  // A few characters per page are page numbers or a stamp's label, not a text layer.
  if (content < 5 * static_cast<int>(pages.size()) + 10) {
    doc->no_text_layer = true;   // a scan: nothing to read without OCR
    doc->text.clear();
  }
  return Status::OK();
}

}  // namespace nianbao::extractor
