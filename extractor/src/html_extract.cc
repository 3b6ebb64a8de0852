// Finding the body among a page's blocks, and the page's title, attachments, 全真版 link and
// images. The body is the contiguous run of blocks with the largest total score (the maximum
// subsequence idea of Pasternack & Roth, "Extracting article text from the web with maximum
// subsequence segmentation"): prose scores positive, links, menus and short fragments negative,
// so navigation, sidebars of other reports' titles and footers fall outside the run without
// relying on any CMS's class names.
#include <algorithm>

#include "dom.h"
#include "html_blocks.h"
#include "internal.h"
#include "nianbao/common/text.h"
#include "text_util.h"
#include "url.h"

namespace nianbao::extractor {

namespace {

// Short lines every CMS wraps around the body: counters, print/close links, share bars,
// breadcrumbs, metadata and footer lines. Only checked on short blocks: a paragraph of the
// report that happens to contain 来源 is not boilerplate.
bool IsBoilerplateText(const Block& b) {
  if (b.table >= 0)   // the 信息公开 metadata grid (索引号 / 发布机构 / 成文日期) above many bodies
    return b.text.find("索引号") != std::string::npos &&
           ContainsAny(b.text, {"发布机构", "生成日期", "成文日期", "发文日期", "主题分类"});
  if (b.chars + b.link_chars > 80) return false;
  return ContainsAny(b.text, {"浏览次数", "访问次数", "阅读次数", "点击数", "点击量", "浏览量：",
                              "打印本页", "【打印】", "【关闭】", "关闭窗口", "[打印]", "[关闭]", "打印此页",
                              "分享到", "字号：", "字体：", "【字体", "字号:", "扫一扫", "上一篇", "下一篇",
                              "当前位置", "您的位置", "您现在的位置", "所在位置", "责任编辑", "发布时间",
                              "发布日期", "来源：", "信息来源", "版权所有", "ICP备", "备案号", "网站标识码",
                              "主办单位", "技术支持", "收藏本页", "设为首页"}) ||
         b.text == "文字版" || b.text == "全真版" || b.text == "图片版" || b.text == "打印" ||
         b.text == "关闭";
}

double Score(const Block& b) {
  if (b.boilerplate) return -(20.0 + b.chars + 2.0 * b.link_chars);
  if (IsBoilerplateText(b)) return -20;
  if (b.table >= 0) return b.chars - 3.0 * b.link_chars + 10 + (b.boosted ? 25 : 0);
  double s = b.chars + 2.0 * b.punct - 3.0 * b.link_chars - 12;
  if (b.chars + b.link_chars == 0 && !b.images.empty()) s = 8.0 * b.images.size();
  if (b.boosted) s += 25;
  return s;
}

struct Range { size_t begin = 0, end = 0; };   // [begin, end)

// The signature block (agency name, date) ends most reports: short lines that score negative,
// so the best run stops before them. They carry the agency, so the run is extended over them.
bool IsSignatureLine(const Block& b) {
  if (b.boilerplate || b.link_chars > 0 || b.table >= 0 || b.chars > 40 || b.chars < 2) return false;
  std::string t = Trim(b.text);
  if (EndsWith(t, "日") && t.find("年") != std::string::npos && t.find("月") != std::string::npos) return true;
  for (std::string_view suf : {"局", "委", "委员会", "政府", "办公室", "中心", "厅", "办"})
    if (EndsWith(t, suf)) return true;
  return false;
}

Range BestRun(const std::vector<Block>& blocks) {
  Range best, cur;
  double best_sum = 0, sum = 0;
  for (size_t i = 0; i < blocks.size(); ++i) {
    if (sum <= 0) { sum = 0; cur.begin = i; }
    sum += Score(blocks[i]);
    if (sum > best_sum) { best_sum = sum; best = {cur.begin, i + 1}; }
  }
  return best;
}

// "标题_站点名", "站点名 - 标题", "标题|站点": the segment that is the document's title.
std::string TitleFromTitleTag(const std::string& t) {
  std::vector<std::string> parts;
  std::string cur;
  size_t pos = 0;
  while (pos < t.size()) {
    size_t before = pos;
    char32_t cp = DecodeUtf8(t, &pos);
    bool sep = cp == '_' || cp == '|' || cp == 0x2014 || cp == 0xFF0D ||
               (cp == '-' && before > 0 && t[before - 1] == ' ');
    if (sep) { parts.push_back(Trim(cur)); cur.clear(); }
    else cur.append(t, before, pos - before);
  }
  parts.push_back(Trim(cur));
  std::string best;
  for (const auto& p : parts)
    if (NormalizeForComparison(p).size() > NormalizeForComparison(best).size() &&
        (best.empty() || ContainsAny(p, {"报告", "年"})))
      best = p;
  if (!parts.empty() && CountChars(parts[0]).content >= 6) return parts[0];
  return best;
}

// Index of the block that is the page's own title, or -1. Prefers a heading or title-classed
// block that agrees with <title>; else the last heading before the body.
int FindTitleBlock(const HtmlPage& page, Range body) {
  std::string tag_title = NormalizeForComparison(page.title);
  int best = -1, best_score = 0;
  size_t limit = std::min(page.blocks.size(), body.begin + 3);
  for (size_t i = 0; i < limit; ++i) {
    const Block& b = page.blocks[i];
    if (b.table >= 0 || b.text.size() > 300 || b.link_chars > b.chars) continue;
    int n = CountChars(b.text).content;
    if (n < 4) continue;
    std::string norm = NormalizeForComparison(b.text);
    int score = 0;
    if (!tag_title.empty() && tag_title.find(norm) != std::string::npos) score += 4;
    if (b.heading > 0) score += 4 - std::min(b.heading, 3);
    if (b.title_like) score += 2;
    if (ContainsAny(b.text, {"年度报告", "年报"})) score += 2;
    if (b.boilerplate) score -= 3;
    if (i + 1 >= body.begin) score += 1;   // adjacent to the body
    if (score >= 3 && score >= best_score) { best = static_cast<int>(i); best_score = score; }
  }
  return best;
}

bool IsDocumentLink(const Link& l) {
  const std::string href = Trim(l.href);   // old CMSs write href=" /upload/a.pdf "; browsers trim
  std::string ext = LinkExtension(href);
  if (ext.empty() || ext == "html" || ext == "htm") {
    std::string lower = ToLowerAscii(l.text);
    for (std::string_view e : {".pdf", ".docx", ".doc", ".wps", ".ofd", ".xlsx", ".xls"})
      if (EndsWith(lower, e)) return !href.empty() && !StartsWithIgnoreCase(href, "javascript");
    return false;
  }
  return ext == "pdf" || ext == "doc" || ext == "docx" || ext == "wps" || ext == "ofd" || ext == "xls" ||
         ext == "xlsx";
}

void AddUnique(std::vector<std::string>* v, std::string s) {
  if (!s.empty() && std::find(v->begin(), v->end(), s) == v->end()) v->push_back(std::move(s));
}

}  // namespace

void ExtractHtml(std::string_view utf8, const ExtractOptions& options, Document* doc, PageShape* shape) {
  HtmlPage page = Linearize(dom::Parse(utf8));
  const std::vector<Block>& blocks = page.blocks;
  std::string base = page.base_href.empty() ? options.url : ResolveLink(options.url, page.base_href);

  Range body = BestRun(blocks);
  // Extend over a short clean tail ("六、其他需要报告的事项", "无。") that ends in a signature.
  for (size_t j = body.end; body.end > 0 && j < blocks.size() && j < body.end + 8; ++j) {
    const Block& b = blocks[j];
    if (b.boilerplate || b.link_chars > 0 || b.chars > 60 || IsBoilerplateText(b)) break;
    if (IsSignatureLine(b)) {
      body.end = j + 1;
      j = body.end - 1;   // keep going: the date usually follows the name
    }
  }
  int title_block = FindTitleBlock(page, body);
  doc->title = title_block >= 0 ? blocks[title_block].text : TitleFromTitleTag(page.title);
  std::string title_norm = NormalizeForComparison(doc->title);
  if (title_block >= 0 && static_cast<size_t>(title_block) >= body.begin && static_cast<size_t>(title_block) < body.end)
    body.begin = title_block + 1;   // the body starts after its own title

  std::string text;
  std::vector<std::string> images;
  for (size_t i = body.begin; i < body.end; ++i) {
    const Block& b = blocks[i];
    if (b.boilerplate || IsBoilerplateText(b)) continue;
    if (!title_norm.empty() && NormalizeForComparison(b.text) == title_norm) continue;   // repeated title
    for (const auto& src : b.images) AddUnique(&images, ResolveLink(base, src));
    if (b.text.empty()) continue;
    if (b.table >= 0) doc->tables.push_back(page.tables[b.table]);
    text += b.text;
    text += "\n\n";
    shape->body_chars += b.chars;
  }
  doc->text = TidyLines(doc->title + "\n\n" + text);

  // Attachments: links in the body, in the few blocks after it (附件 lists often sit just below
  // the body, outside its container), and any link next to the word 附件.
  size_t after = std::min(blocks.size(), body.end + 8);
  for (size_t i = 0; i < blocks.size(); ++i) {
    const Block& b = blocks[i];
    shape->page_link_chars += b.link_chars;
    shape->page_links += static_cast<int>(b.links.size());
    for (const Link& l : b.links)
      if (NamesReport(l.text)) {
        shape->report_links += 1;
        shape->report_link_chars += CountChars(l.text).content;
      }
    bool near = i >= body.begin && i < after;
    if (!near && (b.boilerplate || b.text.find("附件") == std::string::npos)) continue;
    for (const Link& l : b.links)
      if (IsDocumentLink(l)) AddUnique(&doc->attachments, ResolveLink(base, l.href));
  }

  // 全真版 / 文字版 tabs: the text is what the body run found; keep the original's link.
  bool has_tabs = utf8.find("全真版") != std::string_view::npos && utf8.find("文字版") != std::string_view::npos;
  if (has_tabs) {
    for (const auto& f : page.frames) {
      std::string ext = LinkExtension(f);
      if (ext == "pdf" || ext == "ofd") { doc->original_link = ResolveLink(base, f); break; }
    }
    if (doc->original_link.empty() && !doc->attachments.empty()) doc->original_link = doc->attachments[0];
  }

  bool picture_title = doc->title.find("图片版") != std::string::npos;
  if (!images.empty() && (shape->body_chars < 40 || (picture_title && shape->body_chars < 200))) {
    doc->image_only = true;
    doc->images = std::move(images);
  }
  doc->attachment_only = !doc->attachments.empty() && !doc->image_only &&
                         (shape->body_chars < 150 ||
                          (shape->body_chars < 400 && ContainsAny(text, {"详见附件", "见附件", "附件："})));
}

}  // namespace nianbao::extractor
