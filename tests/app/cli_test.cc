// The foundation's command line, end to end: import, list, history, show, diff, export, errors.
#include <catch2/catch.hpp>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "../test_util.h"
#include "nianbao/common/json.h"
#include "nianbao/store/archive.h"
#include "run_util.h"

using namespace nianbao;
using nianbao::testing::RunNianbao;

namespace {

size_t CountLines(const std::string& s) { return std::count(s.begin(), s.end(), '\n'); }

}  // namespace

TEST_CASE("import, a changed number, then white space only: 2 versions, 3 observations, diff shows it") {
  testing::TempDir dir;
  const std::string store = dir.sub("archive");
  const std::string original = testing::ReportText("luoyang-wsjkw-2022.txt");
  std::string edited = original;
  edited.replace(edited.find("3916"), 4, "3961");
  std::string spaced = original;
  for (size_t p = 0; (p = spaced.find("。", p)) != std::string::npos; p += 5) spaced.insert(p + 3, "  ");
  spaced += "\n\n\n";
  testing::WriteFile(dir.sub("a.txt"), original);
  testing::WriteFile(dir.sub("b.txt"), edited);
  testing::WriteFile(dir.sub("c.txt"), spaced);

  const std::vector<std::string> key = {"--store", store, "--agency", "luoyang-wsjkw", "--year", "2022"};
  auto with = [&](std::vector<std::string> a, const std::string& extra = "") {
    a.insert(a.end(), key.begin(), key.end());
    if (!extra.empty()) a.push_back(extra);
    return a;
  };
  auto r1 = RunNianbao(with({"import", "--name", "洛阳市卫生健康委员会", "--region", "洛阳市"}, dir.sub("a.txt")));
  REQUIRE(r1.exit_code == 0);
  CHECK(r1.out.find("new document") != std::string::npos);
  auto r2 = RunNianbao(with({"import"}, dir.sub("b.txt")));
  REQUIRE(r2.exit_code == 0);
  CHECK(r2.out.find("version 2") != std::string::npos);
  auto r3 = RunNianbao(with({"import"}, dir.sub("c.txt")));
  REQUIRE(r3.exit_code == 0);

  auto list = RunNianbao({"list", "--store", store, "--json"});
  REQUIRE(list.exit_code == 0);
  Json row = Json::parse(list.out);
  CHECK(row["versions"] == 2);
  CHECK(row["observations"] == 3);
  CHECK(row["name"] == "洛阳市卫生健康委员会");

  auto history = RunNianbao(with({"history"}));
  REQUIRE(history.exit_code == 0);
  CHECK(history.out.find("2 version(s), 3 observation(s)") != std::string::npos);

  auto diff = RunNianbao(with({"diff", "--from", "1", "--to", "2"}));
  REQUIRE(diff.exit_code == 0);
  CHECK(diff.out.find("-行政许可\t3916") != std::string::npos);
  CHECK(diff.out.find("+行政许可\t3961") != std::string::npos);
  CHECK(CountLines(diff.out) < 20);   // only the hunk around the change

  auto show2 = RunNianbao(with({"show", "--version", "2"}));
  REQUIRE(show2.exit_code == 0);
  CHECK(show2.out.find("3961") != std::string::npos);
}

TEST_CASE("errors are one clear line and a non-zero exit") {
  testing::TempDir dir;
  testing::WriteFile(dir.sub("r.txt"), "2022年政府信息公开工作年度报告\n");
  auto missing_store = RunNianbao({"list", "--store", dir.sub("nope")});
  CHECK(missing_store.exit_code != 0);
  CHECK(missing_store.err.find("no archive at") != std::string::npos);

  auto bad_year = RunNianbao({"import", "--store", dir.sub("s"), "--agency", "x", "--year", "22", dir.sub("r.txt")});
  CHECK(bad_year.exit_code == 2);
  CHECK(bad_year.err.find("bad year '22'") != std::string::npos);

  auto unreadable = RunNianbao({"import", "--store", dir.sub("s"), "--agency", "x", "--year", "2022", dir.sub("none.txt")});
  CHECK(unreadable.exit_code != 0);
  CHECK(unreadable.err.find("cannot read") != std::string::npos);

  auto unknown = RunNianbao({"list", "--stroe", dir.sub("s")});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("unknown option --stroe") != std::string::npos);

  {
    std::unique_ptr<store::Archive> held;
    REQUIRE(store::Archive::Open(store::Options(), dir.sub("held"), &held).ok());
    auto locked = RunNianbao({"list", "--store", dir.sub("held")});
    CHECK(locked.exit_code != 0);
    CHECK(locked.err.find("in use by another nianbao process") != std::string::npos);
  }
  auto bad_rule = RunNianbao({"crawl", "--seeds", dir.sub("none.toml"), "--store", dir.sub("s"), "--connect-to", "127.0.0.1:8080"});
  CHECK(bad_rule.exit_code == 2);
  CHECK(bad_rule.err.find("--connect-to rule \"127.0.0.1:8080\": expected HOST1:PORT1:HOST2:PORT2") != std::string::npos);

  auto help = RunNianbao({"import", "--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("usage: nianbao import") != std::string::npos);
}

TEST_CASE("export of 10,000 documents: valid JSON for any bytes, one CSV row each") {
  testing::TempDir dir;
  const std::string store = dir.sub("archive");
  {
    std::unique_ptr<store::Archive> a;
    REQUIRE(store::Archive::Open(store::Options(), store, &a).ok());
    for (int i = 0; i < 10000; ++i) {
      store::ReportContent c;
      c.title = "标题 \"quoted\", comma " + std::to_string(i);
      // Control characters, a lone surrogate's bytes and invalid UTF-8 must still give valid JSON.
      c.text = "正文\t" + std::to_string(i) + "\x01\x1f\xed\xa0\x80\xff\n";
      c.url = "http://e.gov.cn/" + std::to_string(i);
      c.source_format = "html";
      store::Observation o;
      o.time = 1700000000000000LL + i;
      REQUIRE(a->PutReport({"agency-" + std::to_string(i % 100), 2000 + i / 100}, {}, c, o).ok());
    }
  }
  auto jsonl = RunNianbao({"export", "--store", store, "--format", "jsonl", "--out", dir.sub("out.jsonl")});
  REQUIRE(jsonl.exit_code == 0);
  std::ifstream in(dir.sub("out.jsonl"));
  std::string line;
  size_t n = 0;
  while (std::getline(in, line)) {
    Json j = Json::parse(line);   // throws (fails the test) on invalid JSON
    CHECK(j["text"].get<std::string>().find("正文") == 0);
    ++n;
  }
  CHECK(n == 10000);

  // SIGTERM in the middle of a second export to the same file: the first export's file stays
  // whole (the export writes FILE.partial and renames it only when done).
  {
    const std::string out = dir.sub("out.jsonl"), partial = out + ".partial";
    const std::string bin = NIANBAO_BINARY;
    std::vector<std::string> argv_s = {bin, "export", "--store", store, "--format", "jsonl", "--out", out};
    std::vector<char*> argv;
    for (auto& a : argv_s) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    REQUIRE(posix_spawn(&pid, bin.c_str(), nullptr, nullptr, argv.data(), environ) == 0);
    const auto whole = std::filesystem::file_size(out);
    bool killed = false;
    for (int i = 0; i < 20000 && !killed; ++i) {   // up to ~20 s: once the export is well under way
      std::error_code e1, e2;
      const auto grown = std::filesystem::file_size(partial, e1), now = std::filesystem::file_size(out, e2);
      if ((!e1 && grown > 256 * 1024) || (!e2 && now != whole)) killed = kill(pid, SIGTERM) == 0;
      int st = 0;
      if (!killed && waitpid(pid, &st, WNOHANG) == pid) break;   // finished first
      usleep(1000);
    }
    int status = 0;
    if (killed) waitpid(pid, &status, 0);
    if (!killed) {
      WARN("the export finished before it could be interrupted: nothing checked");
    } else {
      CHECK((WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) != 0)));
      std::ifstream again(out);
      size_t lines = 0;
      while (std::getline(again, line)) {
        Json j = Json::parse(line);
        ++lines;
      }
      CHECK(lines == 10000);
    }
  }

  auto csv = RunNianbao({"export", "--store", store, "--format", "csv"});
  REQUIRE(csv.exit_code == 0);
  CHECK(CountLines(csv.out) == 10001);
  CHECK(csv.out.find("\"标题 \"\"quoted\"\", comma 7\"") != std::string::npos);
}
