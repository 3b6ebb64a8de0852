// Property: perturbing only the layout (labels split across lines, blank lines, full-width
// digits, extra spaces) never changes the numbers read.
#include <catch2/catch.hpp>

#include <sstream>

#include "nianbao/parser/parse.h"
#include "parser_test_util.h"
#include "synthetic.h"

namespace nianbao::parser::testing {
namespace {

bool Chance(std::mt19937& rng, double p) { return std::uniform_real_distribution<>(0, 1)(rng) < p; }

std::string FullWidthDigits(const std::string& line) {
  std::string out;
  for (char c : line) {
    if (c >= '0' && c <= '9') {
      out += "\xEF\xBC";   // U+FF10…FF19: EF BC 90…99
      out += static_cast<char>(0x90 + (c - '0'));
    } else {
      out += c;
    }
  }
  return out;
}

// Spaces around every cell, and one inside each text cell (between two characters).
std::string Spaces(const std::string& line, std::mt19937& rng) {
  // SplitCells keeps a trailing empty cell ("规章⇥4435⇥4370⇥"): a row that lost one would no
  // longer say which of its columns was blank.
  const std::vector<std::string> cells = SplitCells(line);
  std::string out;
  bool first = true;
  for (std::string cell : cells) {
    bool digits = false;
    for (char c : cell) digits = digits || (c >= '0' && c <= '9');
    if (!digits && cell.size() > 3) {
      std::vector<size_t> starts;
      for (size_t i = 1; i < cell.size(); ++i) {
        if ((static_cast<unsigned char>(cell[i]) & 0xC0) != 0x80) starts.push_back(i);
      }
      if (!starts.empty()) cell.insert(starts[rng() % starts.size()], " ");
    }
    out += (first ? "" : "\t") + std::string(" ") + cell + "  ";
    first = false;
  }
  return out;
}

bool IsRow(const std::string& line) {
  bool digit = false, text = false;
  for (unsigned char c : line) {
    digit = digit || (c >= '0' && c <= '9');
    text = text || c >= 0x80;
  }
  return digit && text && line.find('\t') != std::string::npos;
}

std::string Perturb(const std::string& text, std::mt19937& rng) {
  std::stringstream ss(text);
  std::string out;
  for (std::string line; std::getline(ss, line);) {
    if (IsRow(line) && Chance(rng, 0.3)) line = SplitLabel(line, rng);
    if (Chance(rng, 0.3)) line = Spaces(line, rng);
    if (Chance(rng, 0.3)) line = FullWidthDigits(line);
    out += line + "\n";
    while (Chance(rng, 0.2)) out += Chance(rng, 0.5) ? "\n" : " \n";
  }
  return out;
}

TEST_CASE("layout perturbations never change the numbers") {
  for (bool y2021 : {true, false}) {
    for (unsigned seed = 1; seed <= 100; ++seed) {
      std::mt19937 rng(seed * 7919);
      const Expected truth = MakeTruth(rng, y2021);
      Damage d;
      d.blank_zero = 0.3;
      const std::string clean = RenderText(truth, y2021, d, rng);
      const Expected baseline = AsMap(Parse(clean, {}));
      REQUIRE(baseline == truth);
      const std::string perturbed = Perturb(clean, rng);
      const Expected got = AsMap(Parse(perturbed, {}));
      // The message only for a failure: built for every run it is most of the time under ASan.
      if (got != baseline) FAIL_CHECK("seed " << seed << "\n" << perturbed << "\n" << Diff(baseline, got));
    }
  }
}

TEST_CASE("the real reports survive the same perturbations") {
  for (const char* name : {"tongren-wsjkj-2021.txt", "huojia-wjw-2021.txt", "luoyang-wsjkw-2022.txt",
                           "qingtongxia-wsjkj-2020.txt", "xinjiang-wsjkw-2019.txt"}) {
    const std::string text = ReadFile(std::string(NIANBAO_TEST_DATA) + "/reports/" + name);
    const Expected baseline = AsMap(Parse(text, {}));
    for (unsigned seed = 1; seed <= 20; ++seed) {
      std::mt19937 rng(seed);
      const std::string perturbed = Perturb(text, rng);
      const Expected got = AsMap(Parse(perturbed, {}));
      if (got != baseline) {
        FAIL_CHECK(name << " seed " << seed << "\n" << perturbed << "\n" << Diff(baseline, got));
      }
    }
  }
}

}  // namespace
}  // namespace nianbao::parser::testing
