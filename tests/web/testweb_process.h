// Starts tests/web/testweb.py on a free loopback port for the lifetime of a test (header-only, for
// tests/crawler and tests/integration). The process is killed (SIGTERM, then SIGKILL) on
// destruction, so a failing test never leaves it behind.
#pragma once

#include <poll.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace nianbao::testweb {

struct LogRecord {
  double t0 = 0, t1 = 0;
  std::string host, method, path, body;
  int status = 0;
  long long bytes = 0;
  long long conn = 0;
  int port = 0;
};

class TestWeb {
 public:
  // extra: more arguments for testweb.py ("--fast").
  explicit TestWeb(const std::string& log_path, std::vector<std::string> extra = {}) : log_(log_path) {
    std::remove(log_path.c_str());
    int fds[2];
    if (pipe(fds) != 0) return;
    const std::string script = std::string(NIANBAO_SOURCE_DIR) + "/tests/web/testweb.py";
    pid_ = fork();
    if (pid_ == 0) {
      dup2(fds[1], 1);
      close(fds[0]);
      close(fds[1]);
      std::vector<std::string> args = {"python3", script, "--port", "0", "--log", log_path};
      args.insert(args.end(), extra.begin(), extra.end());
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv("/usr/bin/python3", argv.data());
      execvp("python3", argv.data());
      _exit(127);
    }
    close(fds[1]);
    // Read "PORT n\n" within 10 s.
    std::string line;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline && line.find('\n') == std::string::npos) {
      pollfd p{fds[0], POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;
      char buf[64];
      ssize_t n = read(fds[0], buf, sizeof buf);
      if (n <= 0) break;
      line.append(buf, static_cast<size_t>(n));
    }
    close(fds[0]);
    if (line.rfind("PORT ", 0) == 0) port_ = std::atoi(line.c_str() + 5);
  }
  ~TestWeb() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      for (int i = 0; i < 50; ++i) {
        if (waitpid(pid_, nullptr, WNOHANG) == pid_) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  TestWeb(const TestWeb&) = delete;
  TestWeb& operator=(const TestWeb&) = delete;

  bool ok() const { return port_ > 0; }
  int port() const { return port_; }
  // For --connect-to: every host name and port to the test web.
  std::string connect_to() const { return "::127.0.0.1:" + std::to_string(port_); }

  std::vector<LogRecord> Log() const {
    std::vector<LogRecord> out;
    std::ifstream in(log_);
    std::string line;
    while (std::getline(in, line)) {
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded()) continue;
      LogRecord r;
      r.t0 = j.value("t0", 0.0);
      r.t1 = j.value("t1", 0.0);
      r.host = j.value("host", "");
      r.method = j.value("method", "");
      r.path = j.value("path", "");
      r.body = j.value("body", "");
      r.status = j.value("status", 0);
      r.bytes = j.value("bytes", 0LL);
      r.conn = j.value("conn", 0LL);
      r.port = j.value("port", 0);
      out.push_back(r);
    }
    return out;
  }

 private:
  std::string log_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace nianbao::testweb
