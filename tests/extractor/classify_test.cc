// Is-it-a-report, year and agency, on titles and bodies like the ones crawls meet.
#include <catch2/catch.hpp>

#include "nianbao/extractor/extract.h"
#include "test_util.h"

namespace nianbao::extractor {
namespace {

Document Page(const std::string& title, const std::string& body, const std::string& region = "") {
  ExtractOptions o;
  o.seed_region = region;
  std::string html = "<html><head><title>" + title + "</title></head><body><h1>" + title + "</h1>" + body + "</body></html>";
  auto r = Extract(html, o);
  REQUIRE(r.ok());
  return r.value();
}

const std::string kBody =
    "<p>一、总体情况</p><p>本年度，我局严格执行《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，"
    "主动公开政府信息，认真办理依申请公开，确保信息公开及时、准确、全面。</p>"
    "<p>二、主动公开政府信息情况</p><p>三、收到和处理政府信息公开申请情况</p>"
    "<p>四、政府信息公开行政复议、行政诉讼情况</p><p>五、存在的主要问题及改进情况</p><p>六、其他需要报告的事项</p>";

struct Case {
  const char* title;
  bool is_report;
  const char* reason_word;
};

TEST_CASE("classification: reports and the documents that look like them") {
  const Case cases[] = {
      {"某市卫生健康委员会2022年政府信息公开工作年度报告", true, "title"},
      {"某县人民政府2021年度政府信息公开年度报告", true, "title"},
      {"某区2020年政务公开工作年度报告", true, "title"},
      {"某局政府信息公开工作年报（2019年）", true, "title"},
      {"关于做好2022年政府信息公开工作年度报告编制发布工作的通知", false, "notice"},
      {"关于某局2022年政府信息公开工作年度报告的公示", false, "notice"},
      {"某市卫生健康委员会政府信息公开指南", false, "guide"},
      {"某市卫生健康委员会2023年部门预算", false, "budget"},
      {"某市卫生健康委员会2022年部门决算公开", false, "budget"},
      {"某县2023年政务公开工作要点", false, "work plan"},
      {"某局工作动态", false, "neither"},
  };
  int tp = 0, fp = 0, fn = 0;
  for (const Case& c : cases) {
    Document d = Page(c.title, c.is_report ? kBody : "<p>为进一步做好相关工作，现将有关事项通知如下，请认真贯彻执行，按时报送。</p>");
    INFO(c.title << " → " << d.reason);
    CHECK(d.is_report == c.is_report);
    CHECK(d.reason.find(c.reason_word) != std::string::npos);
    tp += d.is_report && c.is_report;
    fp += d.is_report && !c.is_report;
    fn += !d.is_report && c.is_report;
  }
  CHECK(fp == 0);
  CHECK(fn == 0);
  CHECK(tp == 4);
}

TEST_CASE("a report whose title says nothing is recognised by its sections") {
  Document d = Page("某局信息", kBody);
  CHECK(d.is_report);
  CHECK(d.reason.find("sections") != std::string::npos);
}

TEST_CASE("a list page of report links is not a report") {
  std::string links;
  for (int i = 0; i < 30; ++i)
    links += "<li><a href='/" + std::to_string(i) + "'>某局" + std::to_string(1990 + i % 30) + "年政府信息公开工作年度报告</a></li>";
  Document d = Page("政府信息公开年报", "<ul>" + links + "</ul>");
  CHECK_FALSE(d.is_report);
  CHECK(d.reason.find("list page") != std::string::npos);
}

TEST_CASE("year: from the title, else the body's opening, never the publication date") {
  CHECK(Page("某局2022年政府信息公开工作年度报告", kBody).year == 2022);
  CHECK(Page("某局二〇二一年度政府信息公开工作年度报告", kBody).year == 2021);
  CHECK(Page("自治区卫生健康委 2019 年政府信息公开 工作年度报告", kBody).year == 2019);
  // 青铜峡: the year only in the body; the date line is the publication (2021).
  Document q = Page("青铜峡市卫生健康局 政府信息公开工作年度报告",
                    "<p>发布日期：2021年1月20日</p><p>2020年，青铜峡市卫生健康局以习近平新时代中国特色社会主义思想为指导，"
                    "严格执行《条例》规定，坚持公开为常态、不公开为例外原则。</p>" + kBody);
  CHECK(q.year == 2020);
  CHECK(q.agency == "青铜峡市卫生健康局");
  Document s = Page("某局政府信息公开工作年度报告",
                    "<p>本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。</p>" + kBody);
  CHECK(s.year == 2023);
  CHECK(Page("某局政府信息公开工作年度报告", "<p>2024年1月18日</p>" + kBody).year == 0);
}

TEST_CASE("agency: a title without its region is completed from the seed or the body") {
  Document a = Page("市卫生健康委员会2022年政府信息公开工作年度报告", kBody, "洛阳市");
  CHECK(a.agency == "洛阳市卫生健康委员会");
  Document b = Page("市卫生健康委员会2022年政府信息公开工作年度报告",
                    "<p>出台《关于印发〈洛阳市卫生健康委员会门户网站管理规定〉的通知》，完善信息发布审核机制。</p>" + kBody);
  CHECK(b.agency == "洛阳市卫生健康委员会");
  Document c = Page("自治区卫生健康委 2019 年政府信息公开 工作年度报告", kBody, "新疆维吾尔自治区");
  CHECK(c.agency == "新疆维吾尔自治区卫生健康委");
  Document m = Page("市场监督管理局2022年政府信息公开工作年度报告", kBody, "洛阳市");
  CHECK(m.agency == "市场监督管理局");
}

TEST_CASE("agency: a reposted report belongs to the agency its title names, not the seed") {
  ExtractOptions o;
  o.seed_agency_name = "某市人民政府办公室";
  o.seed_region = "某市";
  auto r = Extract("<title>x</title><h1>某县教育局2022年政府信息公开工作年度报告</h1>" + kBody, o);
  REQUIRE(r.ok());
  CHECK(r->agency == "某县教育局");
}

TEST_CASE("title: an attachment's label and document number are not the title; a year line under it is") {
  auto from_text = [](const std::string& text) {
    ExtractOptions o;
    o.content_type = "text/plain";
    auto r = Extract(text, o);
    REQUIRE(r.ok());
    return r.value();
  };
  const std::string body = "\n\n一、总体情况\n\n二、主动公开政府信息情况\n\n三、收到和处理政府信息公开申请情况\n";
  Document a = from_text("附件1\n\n某县教育局2022年政府信息公开工作年度报告" + body);
  CHECK(a.title == "某县教育局2022年政府信息公开工作年度报告");
  CHECK(a.agency == "某县教育局");
  Document b = from_text("某政办〔2023〕5号\n\n某县教育局\n政府信息公开工作年度报告\n（2021年度）" + body);
  CHECK(b.title == "某县教育局政府信息公开工作年度报告（2021年度）");
  CHECK(b.year == 2021);
  CHECK(b.agency == "某县教育局");
  // Glued to the title (a PDF reader joined the lines, or a site titled the page so).
  Document c = Page("附件1：某县教育局2022年政府信息公开工作年度报告", kBody);
  CHECK(c.agency == "某县教育局");
  CHECK(c.year == 2022);
}

TEST_CASE("a title that goes on past the report's name is about a report, not one") {
  for (const char* t : {"某县召开2022年度政府信息公开工作年度报告编制培训会", "某市2022年政府信息公开工作年度报告全部按时发布",
                        "某局2022年政府信息公开工作年度报告解读", "图解：某局2022年政府信息公开工作年度报告"}) {
    Document d = Page(t, "<p>近日，某局召开会议，部署年度报告编制发布工作，要求各单位按时完成，确保数据准确。</p>");
    INFO(t << " → " << d.reason);
    CHECK_FALSE(d.is_report);
  }
  // Notes after the name do not count: brackets, a trailing year, a file extension.
  for (const char* t : {"某局2022年政府信息公开工作年度报告（全文）", "某局政府信息公开工作年度报告2022",
                        "某局2022年政府信息公开工作年度报告.pdf", "某局政府信息公开年报【2020年度】",
                        "《某局2022年政府信息公开工作年度报告》"}) {
    Document d = Page(t, "<p>近日，某局召开会议，部署年度报告编制发布工作，要求各单位按时完成，确保数据准确。</p>");
    INFO(t << " → " << d.reason);
    CHECK(d.is_report);
  }
}

TEST_CASE("a small list page of reports, without navigation, is not a report; a short report with a sidebar is") {
  std::string links;
  for (int y = 2023; y >= 2019; --y)
    links += "<li><a href='/" + std::to_string(y) + "'>某局" + std::to_string(y) + "年政府信息公开工作年度报告</a></li>";
  Document d = Page("政府信息公开年报", "<ul>" + links + "</ul>");
  CHECK_FALSE(d.is_report);
  CHECK(d.reason.find("list page") != std::string::npos);
}

TEST_CASE("agency: from the signature when the title names none") {
  Document d = Page("2022年政府信息公开工作年度报告", kBody + "<p>某县自然资源局</p><p>2023年1月15日</p>");
  CHECK(d.agency == "某县自然资源局");
  CHECK(d.year == 2022);
}

}  // namespace
}  // namespace nianbao::extractor
