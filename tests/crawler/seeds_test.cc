// Seed files: loading, validation messages with line numbers, province lookup.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "nianbao/crawler/seeds.h"

namespace fs = std::filesystem;
using nianbao::crawler::FindProvinceFile;
using nianbao::crawler::LoadSeedFile;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("nianbao-seeds-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(reinterpret_cast<uintptr_t>(this)));
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string Write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name) << text;
    return (path / name).string();
  }
};

const char* kGood = R"(province = "河南省"

[[agency]]
id = "luoyang-wsjkw"
name = "洛阳市卫生健康委员会"
region = "洛阳市"
level = "city"
urls = ["http://WSJKW.ly.gov.cn:80/"]
hosts = ["www.lywsjkw.gov.cn"]
columns = ["http://wsjkw.ly.gov.cn/zfxxgk/zfxxgknb/"]

[[agency]]
name = "河南省人民政府"
level = "province"
urls = ["https://www.henan.gov.cn/"]
)";

std::string ErrorOf(const TempDir& dir, const std::string& text) {
  const std::string path = dir.Write("bad.toml", text);
  auto r = LoadSeedFile(path);
  REQUIRE_FALSE(r.ok());
  const std::string msg = r.status().message();
  REQUIRE(msg.rfind(path + ":", 0) == 0);
  return msg.substr(path.size() + 1);  // "LINE: problem"
}

}  // namespace

TEST_CASE("seeds: a good file", "[seeds]") {
  TempDir dir;
  auto r = LoadSeedFile(dir.Write("henan.toml", kGood));
  REQUIRE(r.ok());
  CHECK(r->province == "河南省");
  REQUIRE(r->agencies.size() == 2);
  CHECK(r->agencies[0].id == "luoyang-wsjkw");
  CHECK(r->agencies[0].urls == std::vector<std::string>{"http://wsjkw.ly.gov.cn/"});
  CHECK(r->agencies[0].hosts == std::vector<std::string>{"www.lywsjkw.gov.cn"});
  CHECK(r->agencies[0].columns.size() == 1);
  CHECK(r->agencies[0].line == 3);
  CHECK(r->agencies[1].id == "河南省人民政府");  // id defaults to name
  CHECK(r->agencies[1].line == 12);
}

TEST_CASE("seeds: problems name the file and line", "[seeds]") {
  TempDir dir;
  const std::string head = "province = \"河南省\"\n[[agency]]\nname = \"x\"\nlevel = \"city\"\n";
  CHECK(ErrorOf(dir, "province = \"河南省\"\n[[agency]\n") .rfind("2: ", 0) == 0);  // TOML syntax
  CHECK(ErrorOf(dir, head + "url = [\"http://a.gov.cn/\"]\n") == "5: unknown key 'url' in [[agency]] (did you mean 'urls'?)");
  CHECK(ErrorOf(dir, "provnce = \"x\"\n").find("1: unknown key 'provnce'") == 0);
  CHECK(ErrorOf(dir, "[[agency]]\nname = \"x\"\n") == "1: missing province = \"…\" at the top");
  CHECK(ErrorOf(dir, "province = \"河南省\"\n") == "1: no [[agency]] tables");
  CHECK(ErrorOf(dir, head) == "2: agency 'x' has no urls");
  CHECK(ErrorOf(dir, head + "urls = []\n") == "5: agency 'x' has no urls");
  CHECK(ErrorOf(dir, head + "urls = [\"wsjkw.ly.gov.cn\"]\n") ==
        "5: 'wsjkw.ly.gov.cn' in urls is not an absolute http(s) URL");
  CHECK(ErrorOf(dir, head + "urls = [\"ftp://a.gov.cn/\"]\n").find("not an absolute http(s) URL") != std::string::npos);
  CHECK(ErrorOf(dir, head + "urls = \"http://a.gov.cn/\"\n") == "5: 'urls' must be an array of URLs");
  CHECK(ErrorOf(dir, "province = \"p\"\n[[agency]]\nname = \"x\"\nlevel = \"town\"\nurls = [\"http://a.cn/\"]\n") ==
        "4: level 'town' is not one of province, city, county, district");
  CHECK(ErrorOf(dir, "province = \"p\"\n[[agency]]\nname = \"x\"\nurls = [\"http://a.cn/\"]\n").find("2: agency 'x' without level") == 0);
  CHECK(ErrorOf(dir, "province = \"p\"\n[[agency]]\nlevel = \"city\"\nurls = [\"http://a.cn/\"]\n") == "2: [[agency]] without name");
  CHECK(ErrorOf(dir, head + "urls = [\"http://a.cn/\"]\n[[agency]]\nname = \"x\"\nlevel = \"city\"\nurls = [\"http://b.cn/\"]\n") ==
        "6: duplicate agency id 'x' (first at line 2)");
  CHECK(ErrorOf(dir, head + "urls = [\"http://a.cn/\"]\nhosts = [\"http://b.cn/\"]\n").find("6: 'hosts' entries") == 0);
  CHECK(ErrorOf(dir, "province = 3\n[[agency]]\n") == "1: 'province' must be a string");
  CHECK(ErrorOf(dir, "province = \"p\"\nagency = 1\n").find("2: ") == 0);
}

TEST_CASE("seeds: unreadable files", "[seeds]") {
  auto r = LoadSeedFile("/nonexistent/seeds.toml");
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == nianbao::Status::Code::kIOError);
}

TEST_CASE("seeds: FindProvinceFile by name prefix or file name", "[seeds]") {
  TempDir dir;
  dir.Write("henan.toml", kGood);
  std::string hebei = kGood;
  hebei.replace(hebei.find("河南省\""), 9, "河北省");
  dir.Write("hebei.toml", hebei);
  dir.Write("notes.txt", "not a seed file");
  CHECK(FindProvinceFile(dir.path.string(), "河南").value() == (dir.path / "henan.toml").string());
  CHECK(FindProvinceFile(dir.path.string(), "河北省").value() == (dir.path / "hebei.toml").string());
  CHECK(FindProvinceFile(dir.path.string(), "HeNan").value() == (dir.path / "henan.toml").string());
  auto ambiguous = FindProvinceFile(dir.path.string(), "河");
  REQUIRE_FALSE(ambiguous.ok());
  CHECK(ambiguous.status().message().find("several") != std::string::npos);
  CHECK(FindProvinceFile(dir.path.string(), "广东").status().IsNotFound());
  CHECK_FALSE(FindProvinceFile("/nonexistent", "河南").ok());
}

TEST_CASE("seeds: every shipped seed file loads", "[seeds]") {
  const fs::path dir = fs::path(NIANBAO_SOURCE_DIR) / "seeds";
  int files = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() != ".toml") continue;
    ++files;
    auto r = LoadSeedFile(e.path().string());
    INFO(r.status().message());
    CHECK(r.ok());
  }
  CHECK(files >= 32);  // 31 province-level regions + demo
  CHECK(FindProvinceFile(dir.string(), "demo").ok());
  CHECK(FindProvinceFile(dir.string(), "河南").value() == (dir / "henan.toml").string());
  CHECK(FindProvinceFile(dir.string(), "内蒙古").value() == (dir / "neimenggu.toml").string());
  auto demo = LoadSeedFile((dir / "demo.toml").string());
  REQUIRE(demo.ok());
  CHECK(demo->province == "演示省");
  CHECK(demo->agencies.size() >= 5);
}
