#include "synthetic.h"

#include <cmath>
#include <sstream>

namespace nianbao::parser::testing {
namespace {

struct RowText {
  std::string field;   // prefix
  std::string group;   // the label cell before the row's own ("（三）不予公开"), "" if none
  std::string label;
};

std::vector<RowText> RequestRows(bool y2021) {
  std::vector<RowText> rows = {
      {"apply.new", "", "一、本年新收政府信息公开申请数量"},
      {"apply.carried_over", "", "二、上年结转政府信息公开申请数量"},
      {"apply.result.public", "三、本年度办理结果", "（一）予以公开"},
      {"apply.result.partial", "", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"},
      {"apply.result.withheld.state_secret", "（三）不予公开", "1.属于国家秘密"},
      {"apply.result.withheld.prohibited", "", "2.其他法律行政法规禁止公开"},
      {"apply.result.withheld.safety_stability", "", "3.危及“三安全一稳定”"},
      {"apply.result.withheld.third_party", "", "4.保护第三方合法权益"},
      {"apply.result.withheld.internal_affairs", "", "5.属于三类内部事务信息"},
      {"apply.result.withheld.process_info", "", "6.属于四类过程性信息"},
      {"apply.result.withheld.enforcement_file", "", "7.属于行政执法案卷"},
      {"apply.result.withheld.query_matter", "", "8.属于行政查询事项"},
      {"apply.result.unavailable.not_held", "（四）无法提供", "1.本机关不掌握相关政府信息"},
      {"apply.result.unavailable.needs_creation", "", "2.没有现成信息需要另行制作"},
      {"apply.result.unavailable.unclear", "", "3.补正后申请内容仍不明确"},
      {"apply.result.unprocessed.petition", "（五）不予处理", "1.信访举报投诉类申请"},
      {"apply.result.unprocessed.repeated", "", "2.重复申请"},
      {"apply.result.unprocessed.publication", "", "3.要求提供公开出版物"},
      {"apply.result.unprocessed.mass_repeated", "", "4.无正当理由大量反复申请"},
      {"apply.result.unprocessed.confirm_existing", "", "5.要求行政机关确认或重新出具已获取信息"},
  };
  if (y2021) {
    rows.push_back({"apply.result.other.overdue_correction", "（六）其他处理",
                    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"});
    rows.push_back({"apply.result.other.unpaid_fee", "",
                    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"});
    rows.push_back({"apply.result.other.misc", "", "3.其他"});
  } else {
    rows.push_back({"apply.result.other", "", "（六）其他处理"});
  }
  rows.push_back({"apply.result.total", "", "（七）总计"});
  rows.push_back({"apply.carry_forward", "", "四、结转下年度继续办理"});
  return rows;
}

// Table 二 blocks: header, column titles, then rows (label, field names).
struct Block {
  std::string title;
  std::vector<std::string> heads;
  std::vector<std::pair<std::string, std::vector<std::string>>> rows;
};

std::vector<Block> ProactiveBlocks(bool y2021) {
  if (y2021) {
    return {
        {"第二十条第（一）项", {"本年制发件数", "本年废止件数", "现行有效件数"},
         {{"规章", {"rules.made", "rules.repealed", "rules.in_force"}},
          {"行政规范性文件", {"normative.made", "normative.repealed", "normative.in_force"}}}},
        {"第二十条第（五）项", {"本年处理决定数量"}, {{"行政许可", {"license.decisions"}}}},
        {"第二十条第（六）项", {"本年处理决定数量"},
         {{"行政处罚", {"penalty.decisions"}}, {"行政强制", {"enforcement.decisions"}}}},
        {"第二十条第（八）项", {"本年收费金额（单位：万元）"},
         {{"行政事业性收费", {"fees.amount_wan"}}}},
    };
  }
  auto items = [](const std::string& p) {
    return std::vector<std::string>{p + ".prev_items", p + ".change", p + ".decisions"};
  };
  const std::vector<std::string> heads = {"上一年项目数量", "本年增/减", "处理决定数量"};
  return {
      {"第二十条第（一）项", {"本年新制作数量", "本年新公开数量", "对外公开总数量"},
       {{"规章", {"rules.new_made", "rules.new_published", "rules.published_total"}},
        {"规范性文件", {"normative.new_made", "normative.new_published", "normative.published_total"}}}},
      {"第二十条第（五）项", heads,
       {{"行政许可", items("license")}, {"其他对外管理服务事项", items("other_services")}}},
      {"第二十条第（六）项", heads, {{"行政处罚", items("penalty")}, {"行政强制", items("enforcement")}}},
      {"第二十条第（八）项", {"上一年项目数量", "本年增/减"},
       {{"行政事业性收费", {"fees.prev_items", "fees.change"}}}},
      {"第二十条第（九）项", {"采购项目数量", "采购总金额"},
       {{"政府集中采购", {"procurement.count", "procurement.amount_wan"}}}},
  };
}

const std::vector<std::string> kReviewNames = [] {
  std::vector<std::string> v;
  for (const char* g : {"review", "litigation.direct", "litigation.after_review"}) {
    for (const char* c : {"maintained", "corrected", "other", "pending", "total"}) {
      v.push_back(std::string(g) + "." + c);
    }
  }
  return v;
}();

bool Chance(std::mt19937& rng, double p) { return std::uniform_real_distribution<>(0, 1)(rng) < p; }
int Rand(std::mt19937& rng, int lo, int hi) { return std::uniform_int_distribution<>(lo, hi)(rng); }

std::string Fmt(double v) {
  std::ostringstream o;
  o.precision(12);
  o << v;
  return o.str();
}

bool IsMoney(const std::string& f) { return f.size() > 4 && f.substr(f.size() - 4) == "_wan"; }
bool IsChange(const std::string& f) { return f.size() > 7 && f.substr(f.size() - 7) == ".change"; }

// One cell as a report writes it.
std::string Cell(const std::string& field, double v, const Damage& d, std::mt19937& rng) {
  if (v == 0 && Chance(rng, d.blank_zero)) return "";
  if (IsMoney(field) && Chance(rng, d.units)) {
    const double yuan = std::round(v * 10000);
    if (std::fabs(yuan - v * 10000) < 1e-6 && Chance(rng, 0.5)) return Fmt(yuan) + "元";
    return Fmt(v) + (Chance(rng, 0.5) ? " 万元" : "万元");
  }
  std::string s = Fmt(v);
  if (IsChange(field) && v > 0 && Chance(rng, 0.5)) s = "+" + s;
  if (Chance(rng, d.units) && !IsChange(field) && field.rfind("apply.", 0) != 0) {
    s += Chance(rng, 0.5) ? " 项" : "件";
  }
  return s;
}

std::string Join(const std::vector<std::string>& cells) {
  std::string s;
  for (size_t i = 0; i < cells.size(); ++i) s += (i ? "\t" : "") + cells[i];
  return s;
}

size_t CodePoints(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Byte offset of code point k.
size_t Offset(const std::string& s, size_t k) {
  size_t i = 0;
  for (size_t n = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && n++ == k) return i;
  }
  return s.size();
}

const char* kRequestsHeader =
    "(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)\t\t申请人情况\t\t\t\t\t\t总计\n"
    "\t\t自然人\t法人或其他组织\t\t\t\t\t\n"
    "\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t\n";

}  // namespace

Expected MakeTruth(std::mt19937& rng, bool y2021) {
  Expected t;
  // Table 二.
  for (const Block& b : ProactiveBlocks(y2021)) {
    for (const auto& [label, fields] : b.rows) {
      for (const auto& f : fields) {
        double v = Chance(rng, 0.3) ? 0 : Rand(rng, 1, 5000);
        if (IsChange(f)) v = Rand(rng, -12, 12);
        if (IsMoney(f)) v = Rand(rng, 0, 99999999) / 1000.0;   // up to three decimals
        t[f] = v;
      }
    }
  }
  // Table 三: results at random, totals and 新收 derived so that every identity holds.
  const auto rows = RequestRows(y2021);
  for (size_t c = 0; c + 1 < 7; ++c) {
    const std::string col = Applicants()[c];
    double results = 0;
    for (const auto& r : rows) {
      if (r.field.rfind("apply.result.", 0) != 0 || r.field == "apply.result.total") continue;
      const double v = Chance(rng, 0.6) ? 0 : Rand(rng, 1, c == 0 ? 900 : 30);
      t[r.field + "." + col] = v;
      results += v;
    }
    const double carried = Chance(rng, 0.5) ? 0 : Rand(rng, 1, 20);
    const double forward = carried + Rand(rng, 0, 20);
    t["apply.result.total." + col] = results;
    t["apply.carried_over." + col] = carried;
    t["apply.carry_forward." + col] = forward;
    t["apply.new." + col] = results + forward - carried;
  }
  t["apply.new.natural_person"] += 1;   // never an all-zero table 三
  t["apply.carry_forward.natural_person"] += 1;
  for (const auto& r : rows) {
    double sum = 0;
    for (size_t c = 0; c + 1 < 7; ++c) sum += t[r.field + "." + Applicants()[c]];
    t[r.field + ".total"] = sum;
  }
  // Table 四.
  for (size_t g = 0; g < 3; ++g) {
    double sum = 0;
    for (size_t k = 0; k < 4; ++k) sum += t[kReviewNames[g * 5 + k]] = Chance(rng, 0.4) ? 0 : Rand(rng, 1, 200);
    t[kReviewNames[g * 5 + 4]] = sum;
  }
  return t;
}

std::vector<std::string> SplitCells(const std::string& line) {
  std::vector<std::string> cells;
  for (size_t start = 0;;) {
    const size_t tab = line.find('\t', start);
    cells.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
    if (tab == std::string::npos) return cells;
    start = tab + 1;
  }
}

std::string SplitLabel(const std::string& line, std::mt19937& rng) {
  std::vector<std::string> cells = SplitCells(line);
  // The row's own label: the last cell holding no digit.
  int at = -1;
  for (size_t i = 0; i < cells.size(); ++i) {
    bool text = !cells[i].empty();
    for (char ch : cells[i]) text = text && !(ch >= '0' && ch <= '9');
    if (text) at = static_cast<int>(i);
  }
  if (at < 0 || CodePoints(cells[at]) < 2) return line;
  const size_t n = CodePoints(cells[at]);
  const size_t cut = Offset(cells[at], static_cast<size_t>(Rand(rng, static_cast<int>((n + 1) / 2),
                                                                 static_cast<int>(n - 1))));
  const std::string head = cells[at].substr(0, cut), tail = cells[at].substr(cut);
  std::vector<std::string> before(cells.begin(), cells.begin() + at);
  std::vector<std::string> after(cells.begin() + at + 1, cells.end());
  auto with = [&](const std::string& label, bool numbers) {
    std::vector<std::string> v = before;
    v.push_back(label);
    if (numbers) v.insert(v.end(), after.begin(), after.end());
    return Join(v);
  };
  switch (Rand(rng, 0, 2)) {
    case 0:   // "6. 属于四类过程性信⇥0⇥0…" / "⇥息"
      return with(head, true) + "\n\t" + tail;
    case 1:   // the label alone, its numbers on the next line
      return with(head + tail, false) + "\n\t" + Join(after);
    default:  // the head alone, the tail with the numbers
      return with(head, false) + "\n" + tail + "\t" + Join(after);
  }
}

std::string RenderText(const Expected& t, bool y2021, const Damage& d, std::mt19937& rng) {
  std::string out = "某某局2021年政府信息公开工作年度报告\n\n一、总体情况\n\n"
                    "本年共收到政府信息公开申请 12 件，均已按时答复。\n\n二、主动公开政府信息情况\n\n";
  // Shifted cells only in rows without blanks: an extra empty cell next to a blank one is
  // ambiguous for a reader too.
  auto row_line = [&](const std::vector<std::string>& labels, const std::vector<std::string>& cells,
                      bool may_shift) {
    bool full = may_shift;
    for (const auto& c : cells) full = full && !c.empty();
    std::vector<std::string> v = labels;
    if (full && Chance(rng, d.shifted)) v.push_back("");
    v.insert(v.end(), cells.begin(), cells.end());
    if (full && Chance(rng, d.shifted)) v.push_back("");
    std::string line = Join(v);
    if (Chance(rng, d.split_label)) line = SplitLabel(line, rng);
    return line + "\n";
  };
  for (const Block& b : ProactiveBlocks(y2021)) {
    out += b.title + "\t\t\t\n信息内容\t" + Join(b.heads) + "\n";
    for (const auto& [label, fields] : b.rows) {
      std::vector<std::string> cells;
      for (const auto& f : fields) cells.push_back(Cell(f, t.at(f), d, rng));
      std::string l = label;
      if (d.instructions && label == "行政许可") l += "（本年度作出的行政许可决定数，单位：件）";
      out += row_line({l}, cells, false);
    }
    if (d.extra_rows) out += "其他主动公开文件\t" + std::to_string(Rand(rng, 1, 99)) + "\t\t\n";
  }
  out += "\n三、收到和处理政府信息公开申请情况\n\n";
  out += kRequestsHeader;
  const auto rows = RequestRows(y2021);
  for (size_t i = 0; i < rows.size(); ++i) {
    const RowText& r = rows[i];
    if (d.page_break && i == rows.size() / 2) out += "\n- 3 -\n\n" + std::string(kRequestsHeader);
    std::vector<std::string> cells;
    for (const auto& c : Applicants()) cells.push_back(Cell(r.field, t.at(r.field + "." + c), d, rng));
    std::vector<std::string> labels;
    if (r.field == "apply.new" || r.field == "apply.carried_over" || r.field == "apply.carry_forward") {
      labels = {r.label, ""};
    } else {
      labels = {r.group, r.label};
    }
    out += row_line(labels, cells, true);
    if (d.extra_rows && r.field == "apply.result.public") out += "\t其中：网上申请办理\t5\t0\t0\t0\t0\t0\t5\n";
  }
  out += "\n四、政府信息公开行政复议、行政诉讼情况\n\n"
         "行政复议\t\t\t\t\t行政诉讼\t\t\t\t\t\t\t\t\t\n"
         "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t\n"
         "\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n";
  std::vector<std::string> cells;
  for (const auto& f : kReviewNames) cells.push_back(Cell(f, t.at(f), d, rng));
  out += Join(cells) + "\n\n五、存在的主要问题及改进情况\n\n今后将进一步改进 3 项工作。\n\n"
         "六、其他需要报告的事项\n\n本年度未收取信息处理费。\n";
  return out;
}

std::vector<Table> RenderGrids(const Expected& t, bool y2021) {
  std::vector<Table> grids;
  // Table 二: one grid per block, 4 columns; a single value column spans the three.
  for (const Block& b : ProactiveBlocks(y2021)) {
    Table g;
    g.rows.push_back({b.title, b.title, b.title, b.title});
    std::vector<std::string> heads = {"信息内容"};
    for (size_t i = 0; i < 3; ++i) heads.push_back(b.heads[std::min(i, b.heads.size() - 1)]);
    g.rows.push_back(heads);
    for (const auto& [label, fields] : b.rows) {
      std::vector<std::string> r = {label};
      for (size_t i = 0; i < 3; ++i) {
        // A block of two columns leaves the third empty; a block of one spans all three.
        r.push_back(fields.size() == 2 && i == 2 ? "" : Fmt(t.at(fields[std::min(i, fields.size() - 1)])));
      }
      g.rows.push_back(r);
    }
    grids.push_back(g);
  }
  // Table 三: three label columns, the header spans, then 7 numbers per row.
  Table q;
  const std::string note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
  q.rows.push_back({note, note, note, "申请人情况", "申请人情况", "申请人情况", "申请人情况",
                    "申请人情况", "申请人情况", "申请人情况"});
  q.rows.push_back({note, note, note, "自然人", "法人或其他组织", "法人或其他组织", "法人或其他组织",
                    "法人或其他组织", "法人或其他组织", "总计"});
  q.rows.push_back({note, note, note, "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构",
                    "其他", "总计"});
  std::string group;
  for (const RowText& r : RequestRows(y2021)) {
    if (!r.group.empty() && r.group != "三、本年度办理结果") group = r.group;
    std::vector<std::string> row;
    if (r.field.rfind("apply.result.", 0) != 0) {
      row = {r.label, r.label, r.label};
    } else if (r.field == "apply.result.public" || r.field == "apply.result.partial" ||
               r.field == "apply.result.total" || r.field == "apply.result.other") {
      row = {"三、本年度办理结果", r.label, r.label};
    } else {
      row = {"三、本年度办理结果", group, r.label};
    }
    for (const auto& c : Applicants()) row.push_back(Fmt(t.at(r.field + "." + c)));
    q.rows.push_back(row);
  }
  grids.push_back(q);
  // Table 四.
  Table v;
  std::vector<std::string> r1(5, "行政复议"), r2 = {"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"};
  r1.resize(15, "行政诉讼");
  std::vector<std::string> r3 = r2;
  for (int k = 0; k < 5; ++k) r2.push_back("未经复议直接起诉");
  for (int k = 0; k < 5; ++k) r2.push_back("复议后起诉");
  for (int k = 0; k < 2; ++k) r3.insert(r3.end(), r3.begin(), r3.begin() + 5);
  std::vector<std::string> r4;
  for (const auto& f : kReviewNames) r4.push_back(Fmt(t.at(f)));
  v.rows = {r1, r2, r3, r4};
  grids.push_back(v);
  return grids;
}

}  // namespace nianbao::parser::testing
