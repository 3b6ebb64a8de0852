// Helper programs on untrusted files (extractor/src/subprocess.h), and the PDF reader run through
// one: its crash, hang or garbage is an error for that file, never the end of the process.
#include <fcntl.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "../../extractor/src/internal.h"
#include "../../extractor/src/subprocess.h"
#include "nianbao/extractor/extract.h"
#include "test_util.h"

namespace nianbao::extractor {
namespace {

Result<HelperResult> Sh(const std::string& script, std::string_view input = "", HelperLimits limits = {}) {
  return RunHelper({"/bin/sh", "-c", script}, input, limits);
}

// A shell script as a fake PDF reader, beside the test binary (not in /tmp, which may be
// noexec), removed at the end of the test. (Programs by absolute path: a test may change PATH.)
struct Script {
  std::filesystem::path path;
  Script(const std::string& name, const std::string& body) {
    std::error_code ec;
    path = std::filesystem::read_symlink("/proc/self/exe", ec).parent_path() /
           ("fake-reader-" + std::to_string(getpid()) + "-" + name);
    std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
    std::filesystem::permissions(path, std::filesystem::perms::owner_all);
  }
  ~Script() { std::filesystem::remove(path); }
};

// The PDF reader for one test; the usual one again afterwards, whatever happens.
struct ReaderForTest {
  ReaderForTest(const std::string& path, int timeout_ms) { SetPdfReaderForTesting(path, timeout_ms); }
  ~ReaderForTest() { SetPdfReaderForTesting("", 0); }
};

// Whether process pid is gone (or a zombie nobody reaped), within two seconds.
bool Gone(pid_t pid) {
  for (int i = 0; i < 200; ++i) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(stat, line)) return true;
    const size_t paren = line.rfind(')');
    if (paren != std::string::npos && line.size() > paren + 2 && line[paren + 2] == 'Z') return true;
    usleep(10000);
  }
  return false;
}

}  // namespace

TEST_CASE("helper: input and output of many megabytes pass both ways without a deadlock", "[subprocess]") {
  std::string input(6 << 20, 'x');
  for (size_t i = 0; i < input.size(); i += 4096) input[i] = static_cast<char>('a' + i / 4096 % 26);
  auto r = RunHelper({"/bin/cat"}, input);
  REQUIRE(r.ok());
  CHECK(r->exit_code == 0);
  CHECK(r->out == input);
}

TEST_CASE("helper: exit status and standard error come back; failures are statuses", "[subprocess]") {
  auto r = Sh("echo oops >&2; exit 3");
  REQUIRE(r.ok());
  CHECK(r->exit_code == 3);
  CHECK(r->err == "oops\n");

  auto missing = RunHelper({"/nonexistent/reader"}, "abc");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().message().find("cannot run /nonexistent/reader") != std::string::npos);

  auto crash = Sh("echo dying >&2; kill -SEGV $$", "some input");
  REQUIRE_FALSE(crash.ok());
  CHECK(crash.status().message().find("crashed (signal 11") != std::string::npos);
  CHECK(crash.status().message().find("dying") != std::string::npos);

  HelperLimits quick;
  quick.timeout_ms = 300;
  const auto t0 = std::chrono::steady_clock::now();
  // The shell's child holds the output pipe too: the kill must reach it.
  const std::string pidfile = std::filesystem::temp_directory_path() / ("nianbao-sub-pid-" + std::to_string(getpid()));
  auto hang = Sh("/bin/sleep 20 & echo $! > " + pidfile + "; wait", "", quick);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  REQUIRE_FALSE(hang.ok());
  CHECK(hang.status().message().find("ran longer than 0.3") != std::string::npos);
  CHECK(secs < 5);
  std::string grandchild;
  std::getline(std::ifstream(pidfile), grandchild);
  std::filesystem::remove(pidfile);
  REQUIRE(!grandchild.empty());
  CHECK(Gone(std::stoi(grandchild)));

  // The time limit holds for a program that closed its output and error.
  const auto t1 = std::chrono::steady_clock::now();
  auto quiet = Sh("exec >&- 2>&-; /bin/sleep 20", "", quick);
  CHECK_FALSE(quiet.ok());
  CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count() < 5);

  // A program that exits while a child of its own holds its output: its answer counts.
  const auto t2 = std::chrono::steady_clock::now();
  auto early = Sh("(/bin/sleep 3 &); echo hi", "", quick);
  REQUIRE(early.ok());
  CHECK(early->out == "hi\n");
  CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - t2).count() < 2);

  HelperLimits small;
  small.max_output = 1 << 20;
  auto flood = RunHelper({"/usr/bin/yes"}, "", small);
  REQUIRE_FALSE(flood.ok());
  CHECK(flood.status().message().find("wrote more than 1 MB") != std::string::npos);
}

TEST_CASE("helper: a program that stops reading is no SIGPIPE for us", "[subprocess]") {
  std::string input(16 << 20, 'y');   // far more than a socket buffer holds
  auto r = Sh("/usr/bin/head -c 10 >/dev/null; exit 0", input);
  REQUIRE(r.ok());
  CHECK(r->exit_code == 0);
}

TEST_CASE("helper: the program inherits standard input, output and error only", "[subprocess]") {
  int stray = open("/dev/null", O_RDONLY);   // not close-on-exec: posix_spawn must still close it
  REQUIRE(stray >= 3);
  auto r = Sh("/bin/ls /proc/$$/fd");
  close(stray);
  REQUIRE(r.ok());
  CHECK(r->out == "0\n1\n2\n");
}

TEST_CASE("PDF: the reader crashing, hanging or talking nonsense is an error for that file only", "[subprocess]") {
  const std::string pdf = testing::ReadFile(testing::TestData("reports/huaian-szfgs-2024.pdf"));
  REQUIRE(pdf.size() > 1000);
  ExtractOptions o;
  SECTION("crash") {
    Script crash("crash", "/bin/cat >/dev/null; kill -SEGV $$");
    ReaderForTest reader(crash.path, 0);
    auto r = Extract(pdf, o);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == Status::Code::kIOError);
    CHECK(r.status().message().find("crashed (signal 11") != std::string::npos);
  }
  SECTION("hang") {
    Script hang("hang", "/bin/sleep 20");
    ReaderForTest reader(hang.path, 300);
    auto r = Extract(pdf, o);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == Status::Code::kIOError);
    CHECK(r.status().message().find("ran longer") != std::string::npos);
  }
  SECTION("nonsense") {
    // A page, then a word whose third number is not one.
    Script nonsense("nonsense", "/bin/cat >/dev/null; printf 'p\\nw 0x1p+0 0x1p+1 zz 0x1p+0 0x1p+0 0 t\\n'");
    ReaderForTest reader(nonsense.path, 0);
    auto r = Extract(pdf, o);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == Status::Code::kIOError);
    CHECK(r.status().message().find("failed (exit status 0)") != std::string::npos);
  }
  SECTION("a word the reader gives is read exactly") {
    Script one("one", "/bin/cat >/dev/null; printf 'p\\nw 0x1.8p+6 0x1p+7 0x1.9p+7 0x1.2p+7 0x1.8p+3 1 某某市二〇二四年政府信息公开工作的年度报告全文\\n'");
    ReaderForTest reader(one.path, 0);
    auto r = Extract(pdf, o);
    REQUIRE(r.ok());
    INFO(r->title << " | " << r->text);
    // (more than a scan's few characters; a lone line may become the title)
    CHECK((r->title + r->text).find("某某市二〇二四年政府信息公开工作的年度报告全文") != std::string::npos);
  }
  SECTION("not installed") {
    ReaderForTest reader("/nonexistent/nianbao-pdfwords", 0);
    auto r = Extract(pdf, o);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == Status::Code::kIOError);
    CHECK(r.status().message().find("cannot run /nonexistent/nianbao-pdfwords") != std::string::npos);
  }
  // The real reader again: the same file reads.
  auto r = Extract(pdf, o);
  REQUIRE(r.ok());
  CHECK(r->text.size() > 1000);
}

}  // namespace nianbao::extractor
