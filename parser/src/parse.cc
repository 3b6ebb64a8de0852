// Parse(): find the tables (grids first, the text otherwise), detect the template, read the rows,
// turn cells into fields, check the identities.
#include "nianbao/parser/parse.h"

#include <cmath>

#include "assign.h"
#include "checks.h"
#include "lex.h"
#include "schema.h"
#include "sections.h"

namespace nianbao::parser {
namespace {

using Rows = std::map<size_t, std::vector<Value>>;

// Words only one template's table 二 / 三 uses. Counted over all labels.
int TemplateScore(const std::vector<Line>& lines, Template t) {
  static const std::vector<std::string> k2021 = {"制发件数", "废止件数", "现行有效", "收费金额",
                                                 "逾期不补", "缴纳费用", "收费通知"};
  static const std::vector<std::string> k2019 = {"新制作数量", "新公开数量", "对外公开总数",
                                                 "上一年项目", "本年增减", "集中采购",
                                                 "对外管理服务"};
  const auto& words = t == Template::k2021 ? k2021 : k2019;
  int score = 0;
  for (const Line& l : lines) {
    const std::string label = l.Label();
    for (const auto& w : words) score += label.find(w) != std::string::npos;
  }
  return score;
}

Rows ReadRows(const Schema& schema, const std::vector<Line>& lines, Range range) {
  RowAssigner a(schema);
  for (size_t i = range.begin; i < range.end && i < lines.size(); ++i) a.Feed(lines[i]);
  return a.Finish();
}

// Table 四 is one row of 15 numbers under a header of words: every number in the table, in order.
Rows ReadReviews(const std::vector<Line>& lines, Range range) {
  const size_t width = ReviewsRow().cols.size();
  std::vector<Value> got;
  for (size_t i = range.begin; i < range.end && i < lines.size(); ++i) {
    const Line& l = lines[i];
    if (l.page_number || !l.HasNumber()) continue;
    if (got.empty() && FitRow(l.values, l.values.size()).size() >= width) {
      got = l.values;   // the whole row on one line: its blank cells keep their places
      break;
    }
    for (const Value& v : l.values) {
      if (v.kind != CellKind::kBlank) got.push_back(v);
    }
    if (got.size() >= width) break;
  }
  if (got.empty()) return {};
  return Rows{{0, FitRow(std::move(got), width)}};
}

// Money columns are in 万元; a cell written in 元 is converted.
double Number(const Value& v, const std::string& col) {
  const bool money = col.size() > 4 && col.compare(col.size() - 4, 4, "_wan") == 0;
  return money && v.yuan ? v.number / 10000 : v.number;
}

// A table's rows as read: each row's definition and its cells, one per column.
using ReadRowsT = std::vector<std::pair<const RowDef*, std::vector<Value>>>;

ReadRowsT WithDefs(const Rows& rows, const std::vector<RowDef>& defs) {
  ReadRowsT out;
  for (const auto& [r, vals] : rows) out.emplace_back(&defs[r], vals);
  return out;
}

// Blank cells are zero, except in table 三 a column that is blank in every row while the others
// have numbers: the report gave only 总计, or left 总计 out. That column is absent.
std::vector<bool> AbsentColumns(const ReadRowsT& rows) {
  const size_t n = ApplicantCols().size();
  std::vector<bool> has(n, false);
  for (const auto& [def, vals] : rows) {
    for (size_t c = 0; c < n && c < vals.size(); ++c) {
      has[c] = has[c] || vals[c].kind == CellKind::kNumber;
    }
  }
  bool any_applicant = false;
  for (size_t c = 0; c + 1 < n; ++c) any_applicant = any_applicant || has[c];
  std::vector<bool> absent(n, false);
  if (has[n - 1] && !any_applicant) absent.assign(n - 1, true), absent.push_back(false);
  if (!has[n - 1] && any_applicant) absent[n - 1] = true;
  return absent;
}

void AddFields(const ReadRowsT& rows, const std::vector<bool>& absent, FieldMap* out) {
  for (const auto& [def, vals] : rows) {
    for (size_t c = 0; c < def->cols.size() && c < vals.size(); ++c) {
      if (vals[c].kind == CellKind::kNothing || (c < absent.size() && absent[c])) continue;
      (*out)[def->Name(c)] = vals[c].kind == CellKind::kNumber ? Number(vals[c], def->cols[c]) : 0;
    }
  }
}

struct Sources {
  std::vector<Line> text;
  std::array<Range, kTableKinds> text_ranges;
  std::array<std::vector<Line>, kTableKinds> grids;
};

// Reads table `kind` from its grid when there is one (cells are exact there), else from the text.
// A table that a page break cut into several grids (the HTML of a PDF-born report, e.g. 获嘉's)
// gives only its first part as the grid: the text, which has every row, wins when it reads more.
ReadRowsT ReadTable(const Sources& src, TableKind kind, Template t) {
  auto read = [&](const std::vector<Line>& lines, Range range) {
    static const std::vector<RowDef> kReviewDefs = {ReviewsRow()};   // outlives the pointers
    if (kind == kReviews) return WithDefs(ReadReviews(lines, range), kReviewDefs);
    const Schema& s = kind == kProactive ? ProactiveSchema(t) : RequestsSchema(t);
    return WithDefs(ReadRows(s, lines, range), s.rows);
  };
  const auto& grid = src.grids[kind];
  if (!grid.empty()) {
    ReadRowsT rows = read(grid, Range{0, grid.size()});
    if (!rows.empty()) {
      ReadRowsT from_text = read(src.text, src.text_ranges[kind]);
      return from_text.size() > rows.size() ? from_text : rows;
    }
  }
  return read(src.text, src.text_ranges[kind]);
}

FieldMap ReadAll(const Sources& src, Template t) {
  FieldMap f;
  AddFields(ReadTable(src, kProactive, t), {}, &f);
  const ReadRowsT requests = ReadTable(src, kRequests, t);
  AddFields(requests, AbsentColumns(requests), &f);
  AddFields(ReadTable(src, kReviews, t), {}, &f);
  return f;
}

}  // namespace

Stats Parse(std::string_view text, const std::vector<Table>& tables) {
  Sources src;
  src.text = LexText(text);
  src.text_ranges = FindTables(src.text);
  std::vector<std::vector<Line>> grids;
  for (const Table& t : tables) grids.push_back(LexGrid(t));
  src.grids = SortGrids(grids);

  std::vector<Line> all = src.text;
  for (const auto& g : grids) all.insert(all.end(), g.begin(), g.end());
  const int s19 = TemplateScore(all, Template::k2019);
  const int s21 = TemplateScore(all, Template::k2021);

  Stats stats;
  Template t = s19 > s21 ? Template::k2019 : Template::k2021;
  FieldMap fields = ReadAll(src, t);
  if (s19 == s21) {
    // No template words (a report with table 三 only, say): keep the reading that finds more.
    FieldMap other = ReadAll(src, Template::k2019);
    if (other.size() > fields.size()) {
      fields = std::move(other);
      t = Template::k2019;
    }
  }
  // Without a single word of either template, a few matching lines are more likely prose or a
  // home-made table than the standard one: ask for most of table 三 before believing it.
  size_t request_fields = 0;
  for (const auto& [name, v] : fields) request_fields += name.rfind("apply.", 0) == 0;
  if (s19 == 0 && s21 == 0 && request_fields < 7 * 10) fields.clear();
  if (fields.empty()) {
    stats.reason = "not in the standard format: no rows of the statistics tables (二 主动公开, "
                   "三 收到和处理申请, 四 复议诉讼) were found";
    return stats;
  }
  stats.template_year = TemplateName(t);
  for (const auto& name : AllFieldNames()) {
    auto it = fields.find(name);
    if (it != fields.end()) stats.fields.push_back(Field{name, it->second});
  }
  stats.checks = RunChecks(fields);
  for (const auto& c : stats.checks) stats.flagged = stats.flagged || !c.ok;
  return stats;
}

const std::vector<std::string>& FieldNames() { return AllFieldNames(); }

Json ToJson(const Stats& s) {
  Json j = Json::object();
  j["template"] = s.template_year;
  j["fields"] = Json::object();
  for (const auto& f : s.fields) {
    // Counts print as integers; only amounts (万元) have decimals.
    if (std::fabs(f.value) < 9e15 && f.value == std::floor(f.value)) {
      j["fields"][f.name] = static_cast<int64_t>(f.value);
    } else {
      j["fields"][f.name] = f.value;
    }
  }
  j["checks"] = Json::array();
  for (const auto& c : s.checks) {
    j["checks"].push_back({{"name", c.name}, {"ok", c.ok}, {"detail", c.detail}});
  }
  j["flagged"] = s.flagged;
  j["reason"] = s.reason;
  return j;
}

}  // namespace nianbao::parser
