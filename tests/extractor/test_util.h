// Helpers shared by the extractor tests.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

namespace nianbao::extractor::testing {

inline std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

inline std::string TestData(const std::string& rel) { return std::string(NIANBAO_TEST_DATA) + "/" + rel; }

}  // namespace nianbao::extractor::testing
