// Seed files: one TOML file per province (seeds/*.toml), listing its agencies' sites.
//   province = "河南省"
//   [[agency]]
//   id = "luoyang-wsjkw"   name = "洛阳市卫生健康委员会"   region = "洛阳市"   level = "city"
//   urls = ["http://wsjkw.ly.gov.cn/"]   hosts = [...]   columns = [...]
// Loading is total: a bad file gives InvalidArgument naming the file, line and problem.
#pragma once

#include <string>
#include <vector>

#include "nianbao/common/status.h"

namespace nianbao::crawler {

struct SeedAgency {
  std::string id;        // defaults to name
  std::string name;
  std::string region;
  std::string level;     // province | city | county | district
  std::vector<std::string> urls;
  std::vector<std::string> hosts;     // more hosts in scope besides the urls' hosts
  std::vector<std::string> columns;   // known report list pages
  int line = 0;          // where the [[agency]] starts in the file
};

struct SeedFile {
  std::string path;
  std::string province;
  std::vector<SeedAgency> agencies;
};

Result<SeedFile> LoadSeedFile(const std::string& path);
// The seed file of a province in dir: matches the file's `province` or the file name, by prefix
// ("河南" finds 河南省's file; "demo" finds demo.toml).
Result<std::string> FindProvinceFile(const std::string& dir, const std::string& province);

}  // namespace nianbao::crawler
