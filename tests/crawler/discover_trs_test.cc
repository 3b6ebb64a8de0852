// TRS pagination scripts (crawler/src/discover_trs.cc).
#include <catch2/catch.hpp>

#include "discover_test_util.h"

using discover_test::Count;
using discover_test::Find;
using discover_test::Run;
using nianbao::crawler::LinkKind;

TEST_CASE("trs: classic createPageHTML(total, current, prefix, ext)", "[discover][trs]") {
  const std::string html = R"X(<div class="list"><ul>
<li><a href="./202301/t20230131_78926309.html">贵州省卫生健康委员会2022年政府信息公开工作年度报告</a></li></ul>
<script type="text/javascript">
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){ /* the definition */ }
createPageHTML(4, 0, "index", "html");
</script></div>)X";
  const auto d = Run("http://wjw.guizhou.gov.cn/zwgk/zfxxgk/zfxxgknb/index.html", html);
  CHECK(d.adapter == "generic+trs");
  CHECK(Count(d, LinkKind::kPagination) == 4);
  for (const char* p : {"index.html", "index_1.html", "index_2.html", "index_3.html"})
    CHECK(Find(d, std::string("http://wjw.guizhou.gov.cn/zwgk/zfxxgk/zfxxgknb/") + p)->kind == LinkKind::kPagination);
  CHECK_FALSE(Find(d, "http://wjw.guizhou.gov.cn/zwgk/zfxxgk/zfxxgknb/index_4.html"));
  CHECK(Find(d, "http://wjw.guizhou.gov.cn/zwgk/zfxxgk/zfxxgknb/202301/t20230131_78926309.html")->priority >= 60);
}

TEST_CASE("trs: newer createPageHTML('page_div', total, current, prefix, ext, rows)", "[discover][trs]") {
  const auto d = Run("http://a.gov.cn/col/index_2.shtml",
                     "<script>createPageHTML('page_div', 3, 2, 'index', 'shtml', 45);</script>");
  CHECK(Find(d, "http://a.gov.cn/col/index.shtml"));
  CHECK(Find(d, "http://a.gov.cn/col/index_1.shtml"));
  CHECK(Count(d, LinkKind::kPagination) == 3);
}

TEST_CASE("trs: var countPage = N with the page's own extension", "[discover][trs]") {
  const std::string html = R"X(<script>
var currentPage = 0;//所在页从0开始
var prevPage = currentPage-1//上一页
var nextPage = currentPage+1//下一页
var countPage = 3//共多少页
document.write("<a href=\"index_" + nextPage + ".htm\">下一页</a>");
</script>)X";
  const auto d = Run("http://a.gov.cn/xxgk/ndbg/index.htm", html);
  CHECK(Find(d, "http://a.gov.cn/xxgk/ndbg/index_1.htm"));
  CHECK(Find(d, "http://a.gov.cn/xxgk/ndbg/index_2.htm"));
  CHECK(Count(d, LinkKind::kPagination) == 3);
}

TEST_CASE("trs: computed, absurd or broken calls give nothing or a bounded list", "[discover][trs]") {
  CHECK(Count(Run("http://a.gov.cn/", "<script>createPageHTML(n, 0, 'index', 'html');</script>"), LinkKind::kPagination) == 0);
  CHECK(Count(Run("http://a.gov.cn/", "<script>createPageHTML(5, 0, 'index'</script>"), LinkKind::kPagination) == 0);
  CHECK(Count(Run("http://a.gov.cn/", "<script>createPageHTML(99999999, 0, 'index', 'html');</script>"),
              LinkKind::kPagination) == 1000);
  CHECK(Count(Run("http://a.gov.cn/", "var countPage = 0"), LinkKind::kPagination) == 0);
}

TEST_CASE("trs: the signature is found at either end of a body, a near miss is not", "[discover][trs]") {
  // The signature test looks for a rare byte of the word (its 'H', its 'P') and compares around
  // it: the word at the first and last bytes of the body must still count, a cut one must not.
  CHECK(Run("http://a.gov.cn/c/index.html", "createPageHTML(2, 0, \"index\", \"html\");").adapter == "generic+trs");
  CHECK(Run("http://a.gov.cn/c/index.html", "var countPage").adapter == "generic+trs");
  CHECK(Run("http://a.gov.cn/c/index.html", "countPag").adapter == "generic");
  CHECK(Run("http://a.gov.cn/c/index.html", "ountPage Page PageHTML createPageHTM").adapter == "generic");
  CHECK(Run("http://a.gov.cn/c/index.html", "P").adapter == "generic");
  CHECK(Run("http://a.gov.cn/c/index.html", "").adapter == "generic");
}
