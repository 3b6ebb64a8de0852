// Is it an annual information-disclosure report, which year is it about, whose is it.
//
// Titles carry most of the answer. The report year comes from the title, else from the body's
// statistics period or a sentence opening with the year ("2020年，我局…"); a publication date
// ("2021年1月20日") is never used: the report on year Y is published in Y+1.
#include <algorithm>
#include <array>

#include "internal.h"
#include "nianbao/common/text.h"
#include "text_util.h"

namespace nianbao::extractor {

namespace {

constexpr std::string_view kYear = "年";

bool MentionsReport(std::string_view t) {
  return ContainsAny(t, {"信息公开", "政务公开"}) && ContainsAny(t, {"年度报告", "年报", "工作报告"});
}

// The title without what sites append to a report's name: bracketed notes ("（全文）",
// "（2019年度）", "【图片版】"), a file extension, a trailing year ("…年度报告2022"); a title
// wholly in brackets or quotes ("《…年度报告》") is unwrapped.
std::string TitleCore(std::string_view title) {
  std::string s = Trim(title);
  for (bool changed = true; changed && !s.empty();) {
    changed = false;
    for (auto [open, close] : {std::pair<std::string_view, std::string_view>{"（", "）"}, {"(", ")"}, {"【", "】"},
                               {"[", "]"}, {"〔", "〕"}, {"<", ">"}, {"《", "》"}, {"“", "”"}})
      if (EndsWith(s, close)) {
        size_t at = s.rfind(open);
        if (at == 0) s = Trim(s.substr(open.size(), s.size() - open.size() - close.size())), changed = true;
        else if (at != std::string::npos) s = Trim(s.substr(0, at)), changed = true;
      }
    for (std::string_view ext : {".pdf", ".doc", ".docx", ".wps", ".ofd"})
      if (EndsWith(ToLowerAscii(s), ext)) s = Trim(s.substr(0, s.size() - ext.size())), changed = true;
    std::string_view v = s;
    for (std::string_view y : {"年度", "年"})
      if (EndsWith(v, y)) v.remove_suffix(y.size());
    size_t digits = 0;
    while (!v.empty() && v.back() >= '0' && v.back() <= '9') v.remove_suffix(1), ++digits;
    if (digits == 4) s = Trim(v), changed = true;
  }
  return s;
}

int BodySectionCount(std::string_view text) {
  int n = 0;
  for (std::string_view s : {"主动公开政府信息情况", "收到和处理政府信息公开申请", "行政复议、行政诉讼",
                             "存在的主要问题", "其他需要报告的事项"})
    n += text.find(s) != std::string_view::npos;
  return n;
}

// Why a document is not a report, or "" if nothing says so.
std::string NegativeReason(const std::string& title, const PageShape& shape, const Document& doc) {
  if (ContainsAny(title, {"指南"})) return "a disclosure guide (指南), not a report";
  if (ContainsAny(title, {"解读", "图解", "一图读懂", "图说"}))
    return "an interpretation of a report (解读/图解), not the report";
  if (ContainsAny(title, {"预算", "决算"})) return "a budget or final-accounts disclosure (预算/决算)";
  if (ContainsAny(title, {"工作要点", "工作计划", "实施方案"})) return "a work plan (工作要点), not a report";
  for (std::string_view end : {"通知", "公示", "公告", "通报", "的函", "情况说明"})
    if (EndsWith(Trim(title), end) || (ContainsAny(title, {"关于"}) && title.find(end) != std::string::npos))
      return "a notice about reports (" + std::string(end) + "), not a report";
  if (ContainsAny(title, {"目录"}) && !MentionsReport(title)) return "a disclosure catalogue (目录)";
  // A list page: little text of its own, and many links, or more text in links to reports than
  // in its body (a small department's 年报 column of five years has few links, and its title
  // names the report; a short report's sidebar of three other reports is less than its body).
  if (doc.format == SourceFormat::kHtml && shape.body_chars < 400 && !doc.attachment_only && !doc.image_only &&
      ((shape.page_links >= 15 && shape.page_link_chars > 2 * std::max(shape.body_chars, 1)) ||
       (shape.report_links >= 3 && shape.report_link_chars > shape.body_chars)))
    return "a list page (" + std::to_string(shape.page_links) + " links, " + std::to_string(shape.report_links) +
           " to reports, " + std::to_string(shape.body_chars) + " characters of text)";
  return "";
}

int YearInTitle(std::string_view t) {
  for (size_t at = t.find(kYear); at != std::string_view::npos; at = t.find(kYear, at + kYear.size()))
    if (int y = YearBefore(t, at)) return y;
  return 0;
}

int YearInBody(std::string_view text) {
  std::string_view head = text.substr(0, std::min<size_t>(text.size(), 6000));
  // The statistics period "自2022年1月1日起至2022年12月31日止" names the year exactly.
  for (std::string_view p : {"年1月1日", "年01月01日", "年1月1号"})
    for (size_t at = text.find(p); at != std::string_view::npos; at = text.find(p, at + 1))
      if (int y = YearBefore(text, at)) return y;
  // A sentence that opens with the year: "2020年，我局…", "2020年度，…", "2020年以来".
  for (size_t at = head.find(kYear); at != std::string_view::npos; at = head.find(kYear, at + 1)) {
    std::string_view after = head.substr(at + kYear.size());
    if (StartsWith(after, "，") || StartsWith(after, ",") || StartsWith(after, "度，") ||
        StartsWith(after, "度,") || StartsWith(after, "以来") || StartsWith(after, "全年") ||
        StartsWith(after, "我") || StartsWith(after, "度我") || StartsWith(after, "度政府信息公开"))
      if (int y = YearBefore(head, at)) return y;
  }
  return 0;
}

bool EndsWithAgencySuffix(std::string_view s) {
  for (std::string_view suf : {"局", "委", "委员会", "办公室", "政府", "中心", "厅", "院", "部", "署",
                               "所", "站", "会", "处", "馆", "办", "街道", "镇", "乡", "管委会", "公司", "队"})
    if (EndsWith(s, suf)) return true;
  return false;
}

// What is left of a title's agency part once the words around it are gone: "关于…", "…的",
// opening brackets and dashes. "" if fewer than two characters remain.
std::string CleanAgency(std::string_view part) {
  std::string a = Trim(part);
  if (StartsWith(a, "附件")) {   // "附件1：某局2022年…": an attachment's label glued to its title
    size_t p = 6;
    for (size_t q = p; p < a.size(); p = q) {
      char32_t cp = DecodeUtf8(a, &q);
      if (!(cp >= '0' && cp <= '9') && std::u32string_view(U"一二三四五六七八九十").find(cp) == std::u32string_view::npos) break;
    }
    for (std::string_view sep : {"：", ":", "、", " "})
      if (a.compare(p, sep.size(), sep) == 0) p += sep.size();
    a = Trim(a.substr(p));
  }
  if (StartsWith(a, "关于")) a = Trim(a.substr(6));
  while (EndsWith(a, "关于") || EndsWith(a, "的")) a = Trim(a.substr(0, a.size() - (EndsWith(a, "的") ? 3 : 6)));
  for (std::string_view tail : {"（", "(", "《", "“", "-", "_"})
    while (EndsWith(a, tail)) a = Trim(a.substr(0, a.size() - tail.size()));
  if (CountChars(a).content < 2) return "";
  return a;
}

// The agency a title names: before the year or the report words ("洛阳市卫生健康委员会2022年…"),
// or, when the year opens the title ("2020年原阳县发展和改革委员会政府信息公开…"), between them.
std::string AgencyInTitle(std::string_view t) {
  size_t cut = t.size();
  for (std::string_view k : {"政府信息公开", "政务公开", "信息公开", "年度报告"})
    cut = std::min(cut, t.find(k));
  for (size_t at = t.find(kYear); at != std::string_view::npos && at < cut; at = t.find(kYear, at + 1))
    if (YearBefore(t, at)) {   // move cut back over the year's digits and spaces ("委 2019 年")
      size_t p = at;
      while (p > 0) {
        size_t q = p - 1;
        while (q > 0 && (static_cast<unsigned char>(t[q]) & 0xC0) == 0x80) --q;
        size_t r = q;
        char32_t cp = DecodeUtf8(t, &r);
        if (!(cp == ' ' || (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19) ||
              std::u32string_view(U"〇零○一二三四五六七八九").find(cp) != std::u32string_view::npos))
          break;
        p = q;
      }
      if (CleanAgency(t.substr(0, p)).empty()) {   // nothing before the year: the agency follows it
        size_t from = at + kYear.size();
        if (t.substr(from, 3) == "度") from += 3;
        return from < cut ? CleanAgency(t.substr(from, cut - from)) : "";
      }
      cut = std::min(cut, p);
      break;
    }
  if (cut == std::string_view::npos || cut == 0) return "";
  return CleanAgency(t.substr(0, cut));
}

// "市卫生健康委员会" lacks its region: the first character names the level only.
constexpr std::string_view kLevels[] = {"自治区", "自治州", "市", "县", "区", "州", "省", "盟", "旗", "本"};

// The administrative level a partial name starts with ("市", "自治区"), or "".
std::string_view LevelPrefix(std::string_view a) {
  for (std::string_view l : kLevels)
    if (StartsWith(a, l)) return l;
  return "";
}

bool LacksRegion(std::string_view a) {
  return !LevelPrefix(a).empty() && !StartsWith(a, "市场") && !StartsWith(a, "市政") && !StartsWith(a, "区域");
}

bool IsNameChar(char32_t cp) {
  if (!IsCjkCodePoint(cp)) return false;
  static constexpr std::u32string_view kStops = U"的和在与及对由了为是将按各全本该我向经会于从据";
  return kStops.find(cp) == std::u32string_view::npos;
}

// The region the body writes before the partial name: "…〈洛阳市卫生健康委员会…" → "洛阳".
std::string RegionFromBody(std::string_view text, std::string_view partial) {
  for (size_t at = text.find(partial); at != std::string_view::npos; at = text.find(partial, at + 1)) {
    size_t start = at;
    int n = 0;
    while (start > 0 && n < 4) {
      size_t p = start - 1;
      while (p > 0 && (static_cast<unsigned char>(text[p]) & 0xC0) == 0x80) --p;
      size_t q = p;
      if (!IsNameChar(DecodeUtf8(text, &q))) break;
      start = p;
      ++n;
    }
    if (n >= 2) return std::string(text.substr(start, at - start));
  }
  return "";
}

std::string CompleteRegion(const std::string& partial, const Document& doc, const ExtractOptions& o) {
  std::string_view prefix = LevelPrefix(partial);
  std::string rest = partial.substr(prefix.size());   // without 市/县/自治区/本
  std::string level = prefix == "本" ? "" : std::string(prefix);
  if (!o.seed_agency_name.empty() && EndsWith(o.seed_agency_name, rest) && o.seed_agency_name.size() > rest.size())
    return o.seed_agency_name;
  if (!o.seed_region.empty()) {
    std::string region = o.seed_region;
    if (!level.empty() && EndsWith(region, level)) return region + rest;
    for (std::string_view l : kLevels)   // the region names its own level: "洛阳市" + "卫生…"
      if (EndsWith(region, l)) return region + rest;
    return region + level + rest;
  }
  std::string region = RegionFromBody(doc.text, partial);
  if (!region.empty()) return region + partial;
  return partial;
}

// The signature block at the end: a short line that is an agency's name, before the date.
std::string AgencyFromSignature(const std::string& text) {
  std::vector<std::string> lines = Lines(text);
  int seen = 0;
  for (size_t i = lines.size(); i-- > 0 && seen < 6;) {
    std::string l = Trim(lines[i]);
    if (l.empty()) continue;
    ++seen;
    if (l.find('\t') != std::string::npos || CountChars(l).punct > 0) continue;
    int n = CountChars(l).content;
    if (n >= 4 && n <= 30 && EndsWithAgencySuffix(l)) return l;
  }
  return "";
}

}  // namespace

// A title that names the report is the report's own only if it ends with the report's name
// (after TitleCore): "…年度报告编制培训会", "…年度报告全部按时发布" are news about reports.
bool NamesReport(std::string_view title) {
  std::string core = TitleCore(title);
  return MentionsReport(core) && (EndsWith(core, "报告") || EndsWith(core, "年报"));
}

void Classify(const ExtractOptions& options, const PageShape& shape, Document* doc) {
  const std::string& title = doc->title;
  doc->year = YearInTitle(title);
  if (doc->year == 0) doc->year = YearInBody(doc->text);

  std::string agency = AgencyInTitle(title);
  if (agency.empty() || !MentionsReport(title)) agency = AgencyFromSignature(doc->text);
  if (!agency.empty() && LacksRegion(agency)) agency = CompleteRegion(agency, *doc, options);
  if (agency.empty()) agency = options.seed_agency_name;
  doc->agency = agency;

  std::string negative = NegativeReason(title, shape, *doc);
  if (!negative.empty()) {
    doc->is_report = false;
    doc->reason = negative;
  } else if (NamesReport(title)) {
    doc->is_report = true;
    doc->reason = "the title names an annual information-disclosure report";
  } else if (BodySectionCount(doc->text) >= 3) {
    doc->is_report = true;
    doc->reason = "the body has the annual report's sections";
  } else if (MentionsReport(title)) {
    doc->is_report = false;
    doc->reason = "the title is about an annual report but is not one (it goes on past the report's name)";
  } else {
    doc->is_report = false;
    doc->reason = "neither the title nor the body is an annual disclosure report's";
  }
}

namespace {

// Lines printed above an attachment's title: "附件", "附件1：", a document number "X政办〔2023〕5号".
bool IsLabelLine(const std::string& l) {
  int n = CountChars(l).content;
  if (StartsWith(l, "附件") && n <= 4) return true;
  return EndsWith(l, "号") && ContainsAny(l, {"〔", "[", "［"}) && n <= 20;
}

// A title's year on a line of its own under it: "（2019年度）", "(2020年)".
bool IsYearLine(std::string_view l) {
  for (std::string_view open : {"（", "("})
    if (StartsWith(l, open)) l.remove_prefix(open.size());
  for (std::string_view close : {"）", ")", "年度", "年"})
    if (EndsWith(l, close)) l.remove_suffix(close.size());
  return l.size() == 4 && std::all_of(l.begin(), l.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string TakeTitleFromText(std::string* text) {
  std::vector<std::string> lines = Lines(*text);
  size_t i = 0;
  while (i < lines.size() && (Trim(lines[i]).empty() || IsLabelLine(Trim(lines[i])))) ++i;
  std::string title;
  size_t end = i;
  // Title lines may be separate paragraphs (a PDF's centred "淮安市人民政府" / "2024年…报告").
  for (size_t k = i, taken = 0; k < lines.size() && taken < 3; ++k) {
    std::string l = Trim(lines[k]);
    if (l.empty()) continue;
    if (l.find('\t') != std::string::npos || CountChars(l).content > 60) break;
    ++taken;
    title += l;
    end = k + 1;
    if (ContainsAny(l, {"报告", "年报"})) {
      for (size_t y = k + 1; y < lines.size() && y <= k + 2; ++y)
        if (IsYearLine(Trim(lines[y]))) {
          title += Trim(lines[y]);
          end = y + 1;
          break;
        }
      break;
    }
  }
  // No report words within the first lines: the first line alone is the title.
  if (!ContainsAny(title, {"报告", "年报"}) && end > i + 1) {
    title = Trim(lines[i]);
    end = i + 1;
  }
  std::string rest;
  for (size_t k = end; k < lines.size(); ++k) {
    rest += lines[k];
    rest += '\n';
  }
  *text = rest;
  return title;
}

}  // namespace nianbao::extractor
