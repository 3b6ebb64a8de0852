// Shared helpers of the daemon tests.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "../test_util.h"
#include "nianbao/store/archive.h"

namespace nianbao::testing {

inline std::unique_ptr<store::Archive> OpenArchive(const std::string& dir, Clock* clock = nullptr) {
  store::Options o;
  o.clock = clock;
  std::unique_ptr<store::Archive> a;
  Status s = store::Archive::Open(o, dir, &a);
  return s.ok() ? std::move(a) : nullptr;
}

}  // namespace nianbao::testing
