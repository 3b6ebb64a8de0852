// PDF from the words' geometry (poppler-cpp's page::text_list: each word with its box, font size
// and whether a space follows), which the nianbao-pdfwords program reads in a child process
// (extractor/pdfwords/; a crash or hang of poppler's is an error for this file only). Words are grouped into visual lines by vertical
// overlap; a wide gap inside a line separates table cells. Lines in small type next to a table,
// or packed tightly under a table line, belong to the table; a table row is the lines packed
// tightly together (a cell's wrapped text), their pieces merged into cells by column overlap.
// Prose paragraphs are rebuilt: a line continues the paragraph when the line before reached
// the right margin and this one starts at the left margin. Running headers/footers (a first or
// last line repeated on most pages) and page numbers are dropped. Each table (its rows up to the
// next prose, across page breaks) is also kept as a grid (PdfGrid).
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>

#include "grid.h"
#include "internal.h"
#include "nianbao/common/text.h"
#include "subprocess.h"
#include "text_util.h"

namespace nianbao::extractor {

namespace {

struct Word {
  std::string text;
  double x0, y0, x1, y1;   // y grows downwards
  double size;
  bool space_after;
};

struct Segment {   // a run of words with no wide gap: a table cell's piece, or a prose line
  std::string text;
  double x0, x1;
};

struct Line {
  std::vector<Segment> segs;
  double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
  double size = 0;          // the largest font size on the line
  std::string text;         // segments joined by '\t'
  bool table = false;
};

bool IsCjkOrPunct(char32_t cp) {
  return IsCjkCodePoint(cp) || (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF) || cp == 0x201C ||
         cp == 0x201D;
}

char32_t FirstCodePoint(std::string_view s) {
  size_t pos = 0;
  return s.empty() ? 0 : DecodeUtf8(s, &pos);
}

char32_t LastCodePoint(std::string_view s) {
  size_t start = s.size();
  while (start > 0 && (static_cast<unsigned char>(s[start - 1]) & 0xC0) == 0x80) --start;
  if (start > 0) --start;
  size_t pos = start;
  return s.empty() ? 0 : DecodeUtf8(s, &pos);
}

// Appends b to a: a space between two Latin/digit words, nothing next to CJK ("2024 年" is layout).
void JoinWords(std::string* a, std::string_view b, bool space) {
  if (space && !a->empty() && !b.empty() && !IsCjkOrPunct(LastCodePoint(*a)) && !IsCjkOrPunct(FirstCodePoint(b)))
    a->push_back(' ');
  a->append(b);
}

// "-1-", "- 4 -", "— 4 —", "第 3 页", "第3页 共9页", "3 / 9", "3".
bool IsPageNumber(std::string_view t) {
  std::string s = NormalizeForComparison(t);
  std::string core;
  size_t pos = 0;
  while (pos < s.size()) {
    char32_t cp = DecodeUtf8(s, &pos);
    if (cp == '-' || cp == '/' || cp == '\t' || cp == 0x2014 || cp == 0x2013 || cp == 0x2212) continue;
    AppendUtf8(cp, &core);
  }
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

// The shape of a header/footer line (numbers blanked, type size kept), to find lines repeated
// per page. The size keeps a page-1 title from matching the same words in a running header.
std::string RunningKey(const Line& l) {
  std::string k;
  for (char c : NormalizeForComparison(l.text)) if (c < '0' || c > '9') k.push_back(c);
  return k + "|" + std::to_string(std::lround(l.size));
}

std::mutex reader_mu;
std::string reader_override;   // SetPdfReaderForTesting
int reader_timeout_ms = 120000;

// nianbao-pdfwords: $NIANBAO_PDFWORDS, else beside the running program (an installed nianbao),
// else where this build put it.
std::string ReaderPath() {
  {
    std::lock_guard<std::mutex> l(reader_mu);
    if (!reader_override.empty()) return reader_override;
  }
  if (const char* env = std::getenv("NIANBAO_PDFWORDS"); env && *env) return env;
  std::error_code ec;
  const auto beside = std::filesystem::read_symlink("/proc/self/exe", ec).parent_path() / "nianbao-pdfwords";
  if (!ec && access(beside.c_str(), X_OK) == 0) return beside.string();
#ifdef NIANBAO_PDFWORDS_BUILD_PATH
  if (access(NIANBAO_PDFWORDS_BUILD_PATH, X_OK) == 0) return NIANBAO_PDFWORDS_BUILD_PATH;
#endif
  return "";
}

// The reader's output (pdfwords.cc) → pages of words. False on a malformed line.
bool ParseWords(std::string_view out, std::vector<std::vector<Word>>* pages) {
  for (std::string_view line : SplitLines(out)) {
    if (line.empty()) continue;
    if (line == "p") {
      pages->emplace_back();
      continue;
    }
    if (!StartsWith(line, "w ") || pages->empty()) return false;
    std::string l(line.substr(2));
    const char* p = l.c_str();
    char* end = nullptr;
    double v[5];
    for (double& d : v) {
      d = std::strtod(p, &end);
      if (end == p || *end != ' ') return false;
      p = end + 1;
    }
    if ((*p != '0' && *p != '1') || p[1] != ' ') return false;
    pages->back().push_back({std::string(p + 2), v[0], v[1], v[2], v[3], v[4], *p == '1'});
  }
  return true;
}

// Words → visual lines (vertical centres close), left to right.
// Sorted by their vertical centre, a line's first word is the one in the middle of the tallest.
std::vector<Line> GroupLines(std::vector<Word> words) {
  std::sort(words.begin(), words.end(), [](const Word& a, const Word& b) { return a.y0 + a.y1 < b.y0 + b.y1; });
  std::vector<std::vector<Word>> groups;
  std::vector<std::pair<double, double>> spans;   // each group's vertical extent
  for (Word& w : words) {
    bool placed = false;
    // Only the last few groups can overlap a word further down the page.
    for (size_t g = groups.size(); g-- > 0 && g + 4 >= groups.size();) {
      // Centres within 0.4 of the smaller height: a tall number box (another font) next to a
      // label is one line; the rows above and below it are not.
      double centre = (spans[g].first + spans[g].second) / 2, h = std::min(spans[g].second - spans[g].first, w.y1 - w.y0);
      if (std::abs((w.y0 + w.y1) / 2 - centre) < 0.4 * h) {   // the line's extent stays its first word's
        groups[g].push_back(std::move(w));
        placed = true;
        break;
      }
    }
    if (!placed) {
      spans.push_back({w.y0, w.y1});
      groups.push_back({std::move(w)});
    }
  }
  std::vector<Line> lines;
  for (auto& g : groups) {
    std::sort(g.begin(), g.end(), [](const Word& a, const Word& b) { return a.x0 < b.x0; });
    Line l;
    for (size_t i = 0; i < g.size(); ++i) {
      const Word& w = g[i];
      l.x0 = std::min(l.x0, w.x0);
      l.x1 = std::max(l.x1, w.x1);
      l.y0 = std::min(l.y0, w.y0);
      l.y1 = std::max(l.y1, w.y1);
      l.size = std::max(l.size, w.size);
      bool new_cell = true;
      if (i > 0) {
        const Word& p = g[i - 1];
        double gap = w.x0 - p.x1, em = std::min(p.size, w.size);
        // Half an em apart is a cell boundary, but for a space between two Latin words
        // (justified text stretches them); a space between CJK words is never text.
        bool latin = p.space_after && !IsCjkOrPunct(LastCodePoint(p.text)) && !IsCjkOrPunct(FirstCodePoint(w.text));
        new_cell = gap > 1.5 * em || (gap > 0.5 * em && !latin);
        if (!new_cell) {
          JoinWords(&l.segs.back().text, w.text, p.space_after || gap > 0.15 * em);
          l.segs.back().x1 = std::max(l.segs.back().x1, w.x1);
        }
      }
      if (new_cell) l.segs.push_back({w.text, w.x0, w.x1});
    }
    for (const Segment& s : l.segs) l.text += (l.text.empty() ? "" : "\t") + s.text;
    l.table = l.segs.size() > 1;
    lines.push_back(std::move(l));
  }
  std::sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) { return a.y0 < b.y0; });
  return lines;
}

// The type size most of the text is set in.
double BodySize(const std::vector<std::vector<Line>>& pages) {
  std::map<long, long> chars;
  for (const auto& p : pages)
    for (const auto& l : p)   // rows of cells do not count: a short report's tables outweigh its prose
      if (!l.table) chars[std::lround(l.size * 2)] += CountChars(l.text).content;
  long best = 0, size2 = 24;
  for (auto [s, n] : chars)
    if (n > best) best = n, size2 = s;
  return size2 / 2.0;
}

// Lines in small type next to a table line, and lines packed tightly under one (a wrapped
// cell), are the table's too.
void MarkTableLines(std::vector<Line>* lines, double body) {
  auto tight = [](const Line& a, const Line& b) { return b.y0 - a.y1 < 0.5 * std::min(a.size, b.size); };
  auto near = [](const Line& a, const Line& b) { return b.y0 - a.y1 < 2.0 * std::min(a.size, b.size); };
  auto& ls = *lines;
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t i = 1; i < ls.size(); ++i)
      if (ls[i - 1].table && !ls[i].table && (tight(ls[i - 1], ls[i]) || (ls[i].size < 0.9 * body && near(ls[i - 1], ls[i]))))
        ls[i].table = true;
    for (size_t i = ls.size() - 1; i-- > 0;)
      if (ls[i + 1].table && !ls[i].table && ls[i].size < 0.9 * body && near(ls[i], ls[i + 1])) ls[i].table = true;
  }
}

// Table lines packed tightly together are one row: each piece joins the cell it overlaps.
// Each row's cells left to right, with their horizontal extent.
std::vector<std::vector<Segment>> TableRows(const std::vector<const Line*>& lines) {
  std::vector<std::vector<Segment>> rows;
  std::vector<Segment> cells;
  const Line* prev = nullptr;
  auto flush = [&] {
    if (cells.empty()) return;
    std::sort(cells.begin(), cells.end(), [](const Segment& a, const Segment& b) { return a.x0 < b.x0; });
    rows.push_back(std::move(cells));
    cells.clear();
  };
  auto numeric = [](std::string_view t) {
    return !t.empty() && t.find_first_not_of("0123456789.,%-") == std::string_view::npos;
  };
  // A number under a number is the next row, however tight: a label centred between two rows
  // (a merged cell) brings them close.
  auto number_under_number = [&](const Line& l) {
    for (const Segment& s : l.segs)
      for (const Segment& c : cells)
        if (s.x0 < c.x1 && c.x0 < s.x1 && numeric(s.text) && numeric(c.text)) return true;
    return false;
  };
  // Lines closer than the table's usual gap between rows are one cell's wrapped text: the gap
  // between rows varies with the table's padding (0.9 of the type size in one file, 2.5 in
  // another), a wrapped cell's line gap is its leading, well under the row gap in both.
  std::vector<double> gaps;
  for (size_t i = 1; i < lines.size(); ++i)
    if (double g = lines[i]->y0 - lines[i - 1]->y1; g > 0) gaps.push_back(g / std::min(lines[i]->size, lines[i - 1]->size));
  double row_gap = 0;
  if (!gaps.empty()) {
    std::nth_element(gaps.begin(), gaps.begin() + gaps.size() / 2, gaps.end());
    row_gap = gaps[gaps.size() / 2];
  }
  const double same_cell = std::max(0.5, 0.6 * row_gap);   // in type sizes
  for (const Line* l : lines) {
    if (prev && (l->y0 - prev->y1 >= same_cell * std::min(prev->size, l->size) || number_under_number(*l))) flush();
    for (const Segment& s : l->segs) {
      auto it = std::find_if(cells.begin(), cells.end(), [&](const Segment& c) { return s.x0 < c.x1 && c.x0 < s.x1; });
      if (it == cells.end()) {
        cells.push_back(s);
      } else {
        JoinWords(&it->text, s.text, true);
        it->x0 = std::min(it->x0, s.x0);
        it->x1 = std::max(it->x1, s.x1);
      }
    }
    prev = l;
  }
  flush();
  return rows;
}

// A table's grid from its rows' cells. Without the ruling (poppler-cpp gives text only) the
// columns are where text stands: cells taken narrowest first, a cell that overlaps no column yet
// starts one, a cell that overlaps one column widens it, a cell that overlaps several spans
// them (a header over several columns, a label merged across two). Texts in one column overlap
// one another whether the column is left-aligned, centred or right-aligned; neighbouring
// columns' texts never do. Each row is then laid on the columns (an empty cell where no text
// stands) and the spans expanded as HTML's colspans are. Vertically merged cells stand in the
// row they are centred on: their rowspan cannot be seen without the ruling.
Table PdfGrid(const std::vector<std::vector<Segment>>& rows) {
  struct Band { double x0, x1; };
  std::vector<const Segment*> by_width;
  for (const auto& r : rows)
    for (const Segment& c : r) by_width.push_back(&c);
  std::stable_sort(by_width.begin(), by_width.end(),
                   [](const Segment* a, const Segment* b) { return a->x1 - a->x0 < b->x1 - b->x0; });
  std::vector<Band> bands;
  auto overlaps = [](const Band& b, const Segment& c) { return c.x0 < b.x1 && b.x0 < c.x1; };
  for (const Segment* c : by_width) {
    Band* hit = nullptr;
    int n = 0;
    for (Band& b : bands)
      if (overlaps(b, *c)) hit = &b, ++n;
    if (n == 0) bands.push_back({c->x0, c->x1});
    if (n == 1) hit->x0 = std::min(hit->x0, c->x0), hit->x1 = std::max(hit->x1, c->x1);
  }
  std::sort(bands.begin(), bands.end(), [](const Band& a, const Band& b) { return a.x0 < b.x0; });
  std::vector<std::vector<SpanCell>> span_rows;
  for (const auto& r : rows) {
    std::vector<SpanCell> out;
    int next = 0;   // the first band not yet covered in this row
    for (const Segment& c : r) {
      int first = -1, last = -1;
      for (int b = 0; b < static_cast<int>(bands.size()); ++b)
        if (overlaps(bands[b], c)) {
          if (first < 0) first = b;
          last = b;
        }
      if (first < 0) continue;   // cannot happen: every cell overlaps the band it made or widened
      if (first < next) {        // shares a band with the cell before: one cell
        if (!out.empty()) JoinWords(&out.back().text, c.text, true);
        continue;
      }
      for (; next < first; ++next) out.push_back({});
      out.push_back({c.text, 1, last - first + 1});
      next = last + 1;
    }
    for (; next < static_cast<int>(bands.size()); ++next) out.push_back({});
    span_rows.push_back(std::move(out));
  }
  return ExpandSpans(span_rows).grid;
}

}  // namespace

void SetPdfReaderForTesting(const std::string& path, int timeout_ms) {
  std::lock_guard<std::mutex> l(reader_mu);
  reader_override = path;
  reader_timeout_ms = timeout_ms > 0 ? timeout_ms : 120000;
}

Status ExtractPdf(std::string_view bytes, Document* doc) {
  const std::string reader = ReaderPath();
  if (reader.empty())
    return Status::IOError("PDF: its reader nianbao-pdfwords is not installed beside nianbao "
                           "(or name it in NIANBAO_PDFWORDS)");
  HelperLimits limits;
  {
    std::lock_guard<std::mutex> l(reader_mu);
    limits.timeout_ms = reader_timeout_ms;
  }
  auto run = RunHelper({reader}, bytes, limits);
  // Cannot run, crashed, hung: an I/O error (the crawl lists it), not a damaged file.
  if (!run.ok()) return Status::IOError("PDF: " + run.status().message());
  if (run->exit_code == 3) return Status::Corruption("PDF does not parse (damaged or truncated)");
  if (run->exit_code == 4) return Status::Unsupported("PDF is encrypted");
  std::vector<std::vector<Word>> words;
  if (run->exit_code != 0 || !ParseWords(run->out, &words))
    return Status::IOError("PDF: " + reader + " failed (exit status " + std::to_string(run->exit_code) + ")" +
                           (run->err.empty() ? "" : ": " + run->err.substr(0, run->err.find('\n'))));
  std::vector<std::vector<Line>> pages;
  for (auto& w : words) pages.push_back(GroupLines(std::move(w)));

  // Running headers/footers: a first or last line whose shape recurs on at least half the pages.
  std::map<std::string, int> edge_count;
  for (const auto& p : pages) {
    if (p.empty()) continue;
    edge_count[RunningKey(p.front())]++;
    if (p.size() > 1) edge_count[RunningKey(p.back())]++;
  }
  auto is_running = [&](const Line& l) {
    auto it = edge_count.find(RunningKey(l));
    return pages.size() >= 3 && it != edge_count.end() && it->second * 2 >= static_cast<int>(pages.size()) &&
           CountChars(l.text).content < 40;
  };
  int content = 0;
  for (auto& p : pages) {
    std::vector<Line> kept;
    for (size_t k = 0; k < p.size(); ++k) {
      bool edge = k < 2 || k + 2 >= p.size();
      if (edge && (IsPageNumber(p[k].text) || is_running(p[k]))) continue;
      content += CountChars(p[k].text).content;
      kept.push_back(std::move(p[k]));
    }
    p = std::move(kept);
  }

  // The measure: left margin per page, right margin as most prose lines reach it.
  const double body = BodySize(pages);
  std::vector<double> rights;
  for (auto& p : pages) {
    MarkTableLines(&p, body);
    for (const Line& l : p)
      if (!l.table && std::abs(l.size - body) < 0.1 * body) rights.push_back(l.x1);
  }
  double right = 0;
  if (!rights.empty()) {
    std::nth_element(rights.begin(), rights.begin() + rights.size() * 3 / 4, rights.end());
    right = rights[rights.size() * 3 / 4];
  }

  std::string out;
  bool prev_prose = false, prev_full = false;
  const Line* prev_line = nullptr;
  std::vector<std::vector<Segment>> table_rows;   // the table being read, until prose follows
  auto flush_table = [&] {
    if (table_rows.size() >= 2) doc->tables.push_back(PdfGrid(table_rows));
    table_rows.clear();
  };
  for (const auto& p : pages) {
    double left = 1e9;
    for (const Line& l : p)
      if (!l.table) left = std::min(left, l.x0);
    for (size_t k = 0; k < p.size();) {
      const Line& l = p[k];
      if (l.table) {
        std::vector<const Line*> run;
        for (; k < p.size() && p[k].table; ++k) run.push_back(&p[k]);
        for (auto& row : TableRows(run)) {
          if (!out.empty()) out += prev_prose ? "\n\n" : "\n";   // table rows stay together
          for (size_t c = 0; c < row.size(); ++c) out += (c ? "\t" : "") + row[c].text;
          prev_prose = false;
          table_rows.push_back(std::move(row));   // a table broken by a page goes on
        }
        prev_full = false;
        prev_line = nullptr;
        continue;
      }
      flush_table();
      ++k;
      bool same_size = prev_line && std::abs(prev_line->size - l.size) < 0.1 * l.size;
      bool at_margin = l.x0 <= left + 0.5 * l.size;
      // A title or heading in large type wrapped over several lines is one line.
      bool big_wrap = same_size && l.size > 1.15 * body && l.y0 - prev_line->y1 < l.size;
      if (prev_prose && ((prev_full && at_margin && same_size) || big_wrap)) {
        JoinWords(&out, l.text, true);   // continues the paragraph the line before (maybe on the last page) began
      } else {
        if (!out.empty()) out += "\n\n";
        out += l.text;
      }
      prev_prose = true;
      // "Full" leaves room for a line ending one character short (a closing bracket wrapped,
      // justified spacing) but not for a paragraph's last line.
      prev_full = l.x1 + 1.5 * l.size >= right && !EndsWith(l.text, "。");
      prev_line = &l;
    }
  }
  flush_table();
  doc->text = TidyLines(out);
  // A few characters per page are page numbers or a stamp's label, not a text layer.
  if (content < 5 * static_cast<int>(pages.size()) + 10) {
    doc->no_text_layer = true;   // a scan: nothing to read without OCR
    doc->text.clear();
  }
  return Status::OK();
}

}  // namespace nianbao::extractor
