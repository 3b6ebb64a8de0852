// The published huaian PDF through the extractor, then the parser: its text splits table headers
// character by character and wraps long row labels, so rows are found by their labels and the
// numbers counted in order.
#include <catch2/catch.hpp>

#include "nianbao/extractor/extract.h"
#include "nianbao/parser/parse.h"
#include "parser_test_util.h"

namespace nianbao::parser::testing {
namespace {

TEST_CASE("huaian 2024 PDF: extracted and parsed") {
  const std::string pdf = ReadFile(std::string(NIANBAO_TEST_DATA) + "/reports/huaian-szfgs-2024.pdf");
  REQUIRE(!pdf.empty());
  extractor::ExtractOptions options;
  options.filename = "huaian-szfgs-2024.pdf";
  auto doc = extractor::Extract(pdf, options);
  REQUIRE(doc.ok());
  const Stats s = Parse(doc->text, doc->tables);
  INFO(doc->text);
  CHECK(s.template_year == "2021");
  Expected e = {
      {"rules.made", 1}, {"rules.repealed", 0}, {"rules.in_force", 11},
      {"normative.made", 8}, {"normative.repealed", 26}, {"normative.in_force", 66},
      {"license.decisions", 447228}, {"penalty.decisions", 3985758},
      {"enforcement.decisions", 88283}, {"fees.amount_wan", 96171.6},
  };
  Row(&e, "apply.new", {3001, 53, 0, 0, 61, 4, 3119});
  Row(&e, "apply.carried_over", {34, 0, 0, 0, 0, 0, 34});
  Row(&e, "apply.result.public", {1288, 21, 0, 0, 50, 3, 1362});
  Row(&e, "apply.result.partial", {447, 7, 0, 0, 0, 0, 454});
  Row(&e, "apply.result.withheld.state_secret", {2, 0, 0, 0, 0, 0, 2});
  Row(&e, "apply.result.withheld.prohibited", {30, 1, 0, 0, 0, 0, 31});
  Row(&e, "apply.result.withheld.safety_stability", {5, 0, 0, 0, 0, 0, 5});
  Row(&e, "apply.result.withheld.third_party", {6, 0, 0, 0, 0, 0, 6});
  Row(&e, "apply.result.withheld.internal_affairs", {7, 1, 0, 0, 0, 0, 8});
  Row(&e, "apply.result.withheld.process_info", {12, 0, 0, 0, 0, 0, 12});
  Row(&e, "apply.result.withheld.enforcement_file", {9, 0, 0, 0, 0, 0, 9});
  Row(&e, "apply.result.withheld.query_matter", {105, 0, 0, 0, 0, 0, 105});
  Row(&e, "apply.result.unavailable.not_held", {746, 12, 0, 0, 10, 1, 769});
  Row(&e, "apply.result.unavailable.needs_creation", {11, 0, 0, 0, 0, 0, 11});
  Row(&e, "apply.result.unavailable.unclear", {1, 0, 0, 0, 0, 0, 1});
  Row(&e, "apply.result.unprocessed.petition", {56, 6, 0, 0, 0, 0, 62});
  Row(&e, "apply.result.unprocessed.repeated", {25, 0, 0, 0, 0, 0, 25});
  Row(&e, "apply.result.unprocessed.publication", {0, 0, 0, 0, 0, 0, 0});
  Row(&e, "apply.result.unprocessed.mass_repeated", {0, 0, 0, 0, 0, 0, 0});
  Row(&e, "apply.result.unprocessed.confirm_existing", {1, 0, 0, 0, 0, 0, 1});
  Row(&e, "apply.result.other.overdue_correction", {67, 3, 0, 0, 1, 0, 71});
  Row(&e, "apply.result.other.unpaid_fee", {6, 0, 0, 0, 0, 0, 6});
  Row(&e, "apply.result.other.misc", {108, 2, 0, 0, 0, 0, 110});
  Row(&e, "apply.result.total", {2932, 53, 0, 0, 61, 4, 3050});
  Row(&e, "apply.carry_forward", {103, 0, 0, 0, 0, 0, 103});
  Reviews(&e, {72, 64, 178, 37, 351, 13, 4, 8, 1, 26, 12, 1, 1, 6, 20});
  ExpectExactly(s, e);
  INFO(FailedChecks(s));
  CHECK_FALSE(s.flagged);
}

}  // namespace
}  // namespace nianbao::parser::testing
