// PDF (the real huaian report: text and table grids), DOCX built here with libzip, damaged zips, legacy OLE files.
#include <zip.h>

#include <catch2/catch.hpp>
#include <cstdlib>

#include "nianbao/extractor/extract.h"
#include "test_util.h"

namespace nianbao::extractor {
namespace {

using testing::ReadFile;
using testing::TestData;

TEST_CASE("the huaian PDF comes out whole, in order, without page numbers") {
  std::string pdf = ReadFile(TestData("reports/huaian-szfgs-2024.pdf"));
  REQUIRE(pdf.size() > 1000);
  auto r = Extract(pdf, {});
  REQUIRE(r.ok());
  const Document& d = *r;
  CHECK(d.format == SourceFormat::kPdf);
  CHECK(d.title == "淮安市人民政府2024年政府信息公开工作年度报告");
  CHECK(d.is_report);
  CHECK(d.year == 2024);
  CHECK(d.agency == "淮安市人民政府");
  for (const char* n : {"3119", "3050", "103", "351", "34"}) CHECK(d.text.find(n) != std::string::npos);
  CHECK(d.text.find("受理政府信息公开申请3119件") != std::string::npos);   // a paragraph joined across lines
  for (const char* bad : {"- 4 -", "-1-", "-2-", "\n4\n"}) CHECK(d.text.find(bad) == std::string::npos);
  // In order: the six sections appear one after another.
  size_t last = 0;
  for (const char* s : {"一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                        "四、政府信息公开行政复议", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"}) {
    size_t at = d.text.find(s);
    INFO(s);
    REQUIRE(at != std::string::npos);
    CHECK(at > last);
    last = at;
  }
  // Table rows stay rows: the first line of table 三 has its seven numbers tab-separated.
  CHECK(d.text.find("一、本年新收政府信息公开申请数量\t3001\t53\t0\t0\t61\t4\t3119") != std::string::npos);
}

TEST_CASE("the huaian PDF's tables come out as grids, numbers in their columns") {
  auto r = Extract(ReadFile(TestData("reports/huaian-szfgs-2024.pdf")), {});
  REQUIRE(r.ok());
  // The row whose first cell starts with `label`: its last `n` cells.
  auto tail = [&](const std::string& label, size_t n) {
    for (const Table& t : r->tables)
      for (const auto& row : t.rows)
        if (!row.empty() && row.size() >= n)
          for (const std::string& c : row)
            if (c.rfind(label, 0) == 0) return std::vector<std::string>(row.end() - n, row.end());
    return std::vector<std::string>{};
  };
  using V = std::vector<std::string>;
  REQUIRE(r->tables.size() >= 3);
  // Table 二: 规章 1 / 0 / 11; table 三: applicants' columns and 总计; table 四: fifteen numbers.
  CHECK(tail("规章", 3) == V{"1", "0", "11"});
  CHECK(tail("行政规范性文件", 3) == V{"8", "26", "66"});
  CHECK(tail("一、本年新收", 7) == V{"3001", "53", "0", "0", "61", "4", "3119"});
  CHECK(tail("二、上年结转", 7) == V{"34", "0", "0", "0", "0", "0", "34"});
  CHECK(tail("1.本机关不掌握", 7) == V{"746", "12", "0", "0", "10", "1", "769"});
  CHECK(tail("（七）总计", 7) == V{"2932", "53", "0", "0", "61", "4", "3050"});
  // A label wrapped over three lines in its cell is one cell of one row, in the grid and the text.
  CHECK(tail("1、申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", 7) ==
        V{"67", "3", "0", "0", "1", "0", "71"});
  CHECK(r->text.find("1、申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t67\t3\t0\t0\t1\t0\t71") !=
        std::string::npos);
  CHECK(tail("四、结转下年度", 7) == V{"103", "0", "0", "0", "0", "0", "103"});
  const Table& four = r->tables.back();
  CHECK(four.rows.back() == V{"72", "64", "178", "37", "351", "13", "4", "8", "1", "26", "12", "1", "1", "6", "20"});
  // Every row of a grid is as wide as the others.
  for (const Table& t : r->tables)
    for (const auto& row : t.rows) CHECK(row.size() == t.rows[0].size());
}

TEST_CASE("a damaged PDF is an error status, not a crash") {
  std::string pdf = ReadFile(TestData("reports/huaian-szfgs-2024.pdf"));
  for (size_t cut : {size_t{10}, size_t{1000}, pdf.size() / 2}) {
    auto r = Extract(pdf.substr(0, cut), {});
    INFO(cut << ": " << r.status().message());
    if (r.ok()) CHECK(r->format == SourceFormat::kPdf);
    else CHECK(r.status().code() == Status::Code::kCorruption);   // the file's fault, read by a working reader
  }
}

// A minimal DOCX: [Content_Types].xml and word/document.xml are all a reader needs.
std::string MakeDocx(const std::string& body_xml) {
  const std::string doc =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
      "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>" +
      body_xml + "</w:body></w:document>";
  const std::string types =
      "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
      "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument."
      "wordprocessingml.document.main+xml\"/></Types>";
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* mem = zip_source_buffer_create(nullptr, 0, 0, &err);
  zip_source_keep(mem);
  zip_t* z = zip_open_from_source(mem, ZIP_TRUNCATE, &err);
  REQUIRE(z);
  zip_file_add(z, "[Content_Types].xml", zip_source_buffer(z, types.data(), types.size(), 0), 0);
  zip_file_add(z, "word/document.xml", zip_source_buffer(z, doc.data(), doc.size(), 0), 0);
  REQUIRE(zip_close(z) == 0);
  zip_stat_t st;
  zip_source_stat(mem, &st);
  std::string out(st.size, '\0');
  zip_source_open(mem);
  zip_source_read(mem, out.data(), st.size);
  zip_source_close(mem);
  zip_source_free(mem);
  return out;
}

std::string P(const std::string& t) { return "<w:p><w:r><w:t>" + t + "</w:t></w:r></w:p>"; }
std::string Tc(const std::string& t, const std::string& pr = "") {
  return "<w:tc><w:tcPr>" + pr + "</w:tcPr>" + P(t) + "</w:tc>";
}

TEST_CASE("DOCX: paragraphs, and tables with gridSpan and vMerge as grids") {
  std::string body = P("获嘉县卫健委2021年政府信息公开工作年度报告") + P("一、总体情况") +
                     "<w:p><w:r><w:t>2021年，我委</w:t></w:r><w:r><w:t xml:space=\"preserve\">坚持公开为常态。</w:t></w:r></w:p>" +
                     "<w:tbl>"
                     "<w:tr>" + Tc("信息内容", "<w:vMerge w:val=\"restart\"/>") + Tc("申请人情况", "<w:gridSpan w:val=\"2\"/>") + "</w:tr>"
                     "<w:tr>" + Tc("", "<w:vMerge/>") + Tc("自然人") + Tc("法人") + "</w:tr>"
                     "<w:tr>" + Tc("本年新收") + Tc("5") + Tc("1") + "</w:tr>"
                     "</w:tbl>" + P("六、其他需要报告的事项");
  auto r = Extract(MakeDocx(body), {});
  REQUIRE(r.ok());
  CHECK(r->format == SourceFormat::kDocx);
  CHECK(r->title == "获嘉县卫健委2021年政府信息公开工作年度报告");
  CHECK(r->agency == "获嘉县卫健委");
  CHECK(r->year == 2021);
  CHECK(r->text.find("2021年，我委坚持公开为常态。") != std::string::npos);
  REQUIRE(r->tables.size() == 1);
  const Table& t = r->tables[0];
  REQUIRE(t.rows.size() == 3);
  CHECK(t.rows[0] == std::vector<std::string>{"信息内容", "申请人情况", "申请人情况"});
  CHECK(t.rows[1] == std::vector<std::string>{"信息内容", "自然人", "法人"});
  CHECK(t.rows[2] == std::vector<std::string>{"本年新收", "5", "1"});
  CHECK(r->text.find("本年新收\t5\t1\n") != std::string::npos);
}

TEST_CASE("DOCX: every truncation of the zip is an error status or a document, never a crash") {
  std::string docx = MakeDocx(P("某局2022年政府信息公开工作年度报告") + P("正文。"));
  for (size_t cut = 4; cut < docx.size(); cut += 7) {
    auto r = Extract(docx.substr(0, cut), {});
    if (!r.ok()) CHECK(r.status().code() != Status::Code::kOk);
  }
  std::string xml_broken = MakeDocx("<w:p><w:r><w:t>不闭合");
  auto r = Extract(xml_broken, {});
  CHECK_FALSE(r.ok());
}

TEST_CASE("legacy .doc/.wps (OLE): unsupported with a clear message unless a converter exists") {
  std::string ole("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  ole += std::string(504, '\0');
  CHECK(DetectFormat(ole, "", "a.doc") == SourceFormat::kDoc);
  CHECK(DetectFormat(ole, "", "a.wps") == SourceFormat::kWps);
  const std::string path = std::getenv("PATH") ? std::getenv("PATH") : "";
  setenv("PATH", "/nonexistent", 1);
  auto r = Extract(ole, {});
  setenv("PATH", path.c_str(), 1);   // later tests run programs
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == Status::Code::kUnsupported);
  CHECK(r.status().message().find("antiword") != std::string::npos);
}

TEST_CASE("formats are detected by content, not by name") {
  CHECK(DetectFormat("%PDF-1.7\n", "text/html", "a.html") == SourceFormat::kPdf);
  CHECK(DetectFormat(MakeDocx(P("x")), "application/octet-stream", "a.doc") == SourceFormat::kDocx);
  CHECK(DetectFormat("<!DOCTYPE html><html>", "", "a.pdf") == SourceFormat::kHtml);
  CHECK(DetectFormat("某局2022年政府信息公开工作年度报告\n\n正文", "", "") == SourceFormat::kText);
}

}  // namespace
}  // namespace nianbao::extractor
