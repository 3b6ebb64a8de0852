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

// A shell script as a fake PDF reader. (Programs by absolute path: a test may have changed PATH.)
std::string Script(const std::string& name, const std::string& body) {
  auto path = std::filesystem::temp_directory_path() / ("nianbao-sub-" + std::to_string(getpid()) + "-" + name);
  std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
  std::filesystem::permissions(path, std::filesystem::perms::owner_all);
  return path.string();
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
  // The shell's child holds the output pipe too: the kill must reach it (the pipe closes).
  auto hang = Sh("/bin/sleep 20.4321; echo late", "", quick);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  REQUIRE_FALSE(hang.ok());
  CHECK(hang.status().message().find("ran longer than 0.3") != std::string::npos);
  CHECK(secs < 5);
  auto gone = Sh("/bin/sleep 0.5; /bin/ps -eo args | /bin/grep -c '^/bin/sleep 20.4321' || true");
  REQUIRE(gone.ok());
  CHECK(gone->out == "0\n");

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
    SetPdfReaderForTesting(Script("crash", "/bin/cat >/dev/null; kill -SEGV $$"), 0);
    auto r = Extract(pdf, o);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message().find("crashed (signal 11") != std::string::npos);
  }
  SECTION("hang") {
    SetPdfReaderForTesting(Script("hang", "/bin/sleep 20"), 300);
    auto r = Extract(pdf, o);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message().find("ran longer") != std::string::npos);
  }
  SECTION("nonsense") {
    SetPdfReaderForTesting(Script("nonsense", "/bin/cat >/dev/null; echo 'w 1 2 3'"), 0);
    auto r = Extract(pdf, o);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message().find("failed") != std::string::npos);
  }
  SECTION("not installed") {
    SetPdfReaderForTesting("/nonexistent/nianbao-pdfwords", 0);
    auto r = Extract(pdf, o);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message().find("cannot run /nonexistent/nianbao-pdfwords") != std::string::npos);
  }
  SetPdfReaderForTesting("", 0);
  // The real reader again: the same file reads.
  auto r = Extract(pdf, o);
  REQUIRE(r.ok());
  CHECK(r->text.size() > 1000);
}

}  // namespace nianbao::extractor
