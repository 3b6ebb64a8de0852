// Runs the nianbao executable as a user would, capturing exit code, stdout and stderr.
#pragma once

#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>
#include <vector>

namespace nianbao::testing {

struct RunResult {
  int exit_code = -1;
  std::string out, err;
};

inline std::string ShellQuote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

inline RunResult RunNianbao(const std::vector<std::string>& args, const std::string& stdin_file = "") {
  static int counter = 0;
  const std::string err_path = "/tmp/nianbao-test-stderr-" + std::to_string(getpid()) + "-" + std::to_string(counter++);
  std::string cmd = ShellQuote(NIANBAO_BINARY);
  for (const auto& a : args) cmd += " " + ShellQuote(a);
  cmd += " 2>" + ShellQuote(err_path);
  if (!stdin_file.empty()) cmd += " <" + ShellQuote(stdin_file);
  RunResult r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 65536> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (FILE* e = fopen(err_path.c_str(), "r")) {
    while ((n = fread(buf.data(), 1, buf.size(), e)) > 0) r.err.append(buf.data(), n);
    fclose(e);
  }
  std::remove(err_path.c_str());
  return r;
}

}  // namespace nianbao::testing
