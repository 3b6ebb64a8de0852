// Shared helpers of the daemon tests.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "nianbao/store/archive.h"

namespace nianbao::testing {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "nianbao-daemon-XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  std::string sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

inline std::unique_ptr<store::Archive> OpenArchive(const std::string& dir, Clock* clock = nullptr) {
  store::Options o;
  o.clock = clock;
  std::unique_ptr<store::Archive> a;
  Status s = store::Archive::Open(o, dir, &a);
  return s.ok() ? std::move(a) : nullptr;
}

}  // namespace nianbao::testing
