// Shared helpers of the daemon tests.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

#include "../test_util.h"
#include "nianbao/common/json.h"
#include "nianbao/daemon/http.h"
#include "nianbao/store/archive.h"

namespace nianbao::testing {

inline std::unique_ptr<store::Archive> OpenArchive(const std::string& dir, Clock* clock = nullptr) {
  store::Options o;
  o.clock = clock;
  std::unique_ptr<store::Archive> a;
  Status s = store::Archive::Open(o, dir, &a);
  return s.ok() ? std::move(a) : nullptr;
}

struct Proc {
  pid_t pid = -1;
  std::string log;
};

// Starts `nianbao daemon` with stderr (its JSON-lines log) appended to log_path.
inline Proc StartDaemon(const std::string& seeds, const std::string& store, const std::string& config,
                 const std::string& log_path) {
  Proc p;
  p.log = log_path;
  p.pid = fork();
  if (p.pid == 0) {
    int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 1);
    dup2(fd, 2);
    execl(NIANBAO_BINARY, NIANBAO_BINARY, "daemon", "--seeds", seeds.c_str(), "--store", store.c_str(), "--config",
          config.c_str(), (char*)nullptr);
    _exit(127);
  }
  return p;
}

// Exit code, -SIG when killed by a signal, or -1000 on timeout.
inline int WaitExit(pid_t pid, double seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(static_cast<int>(seconds * 1000));
  while (std::chrono::steady_clock::now() < deadline) {
    int st = 0;
    if (waitpid(pid, &st, WNOHANG) == pid) return WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return -1000;
}

inline void Kill9(pid_t pid) {
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
}

template <typename F>
bool WaitFor(double seconds, F f) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(static_cast<int>(seconds * 1000));
  while (std::chrono::steady_clock::now() < deadline) {
    if (f()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return f();
}

inline std::string Endpoint(const std::string& store) {
  auto a = daemon::ReadEndpointFile(store);
  return a.ok() ? *a : "";
}

inline Json GetJson(const std::string& address, const std::string& target) {
  auto r = daemon::HttpCall(address, "GET", target, "", 10000);
  if (!r.ok() || r->status != 200) return Json();
  return Json::parse(r->body, nullptr, false);
}

// Runs the nianbao binary; returns exit code, stdout in *out, stderr in *err.
inline int RunCli(const std::vector<std::string>& args, std::string* out, std::string* err) {
  TempDir tmp;
  std::string cmd = "'" + std::string(NIANBAO_BINARY) + "'";
  for (const auto& a : args) cmd += " '" + a + "'";
  cmd += " >'" + tmp.sub("out") + "' 2>'" + tmp.sub("err") + "'";
  int st = std::system(cmd.c_str());
  *out = ReadFile(tmp.sub("out"));
  *err = ReadFile(tmp.sub("err"));
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

}  // namespace nianbao::testing
