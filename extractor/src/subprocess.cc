#include "subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

extern char** environ;

namespace nianbao::extractor {
namespace {

struct Fd {
  int fd = -1;
  Fd() = default;
  explicit Fd(int f) : fd(f) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { Close(); }
  void Close() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

std::string Errno(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

// The start of a program's standard error, for a message: its first line.
std::string FirstLine(const std::string& err) {
  std::string line = err.substr(0, err.find('\n'));
  return line.empty() ? "" : " (" + line + ")";
}

}  // namespace

Result<HelperResult> RunHelper(const std::vector<std::string>& argv, std::string_view input,
                               const HelperLimits& limits) {
  if (argv.empty()) return Status::InvalidArgument("RunHelper: no program");
  const std::string& name = argv[0];
  // Standard input is a socket so that writing to a child that died fails with EPIPE instead
  // of raising SIGPIPE (send(MSG_NOSIGNAL)); all our ends are close-on-exec, so a helper started
  // by another thread at the same time inherits none of them.
  int sv[2], outp[2], errp[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) return Status::IOError(Errno("socketpair"));
  Fd in_parent(sv[0]), in_child(sv[1]);
  if (pipe2(outp, O_CLOEXEC) != 0) return Status::IOError(Errno("pipe"));
  Fd out_parent(outp[0]), out_child(outp[1]);
  if (pipe2(errp, O_CLOEXEC) != 0) return Status::IOError(Errno("pipe"));
  Fd err_parent(errp[0]), err_child(errp[1]);

  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in_child.fd, 0);
  posix_spawn_file_actions_adddup2(&fa, out_child.fd, 1);
  posix_spawn_file_actions_adddup2(&fa, err_child.fd, 2);
  posix_spawn_file_actions_addclosefrom_np(&fa, 3);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attr, &none);       // not the spawning thread's mask
  posix_spawnattr_setsigdefault(&attr, &all);     // nor the process's ignored signals
  posix_spawnattr_setpgroup(&attr, 0);             // its own group: a kill reaches its children too
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  // A name without a slash is looked up in PATH.
  const int rc = posix_spawnp(&pid, name.c_str(), &fa, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) return Status::IOError("cannot run " + name + ": " + std::strerror(rc));
  in_child.Close();
  out_child.Close();
  err_child.Close();
  if (input.empty()) in_parent.Close();
  for (int fd : {in_parent.fd, out_parent.fd, err_parent.fd})
    if (fd >= 0) fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);

  HelperResult result;
  std::string problem;
  size_t written = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(limits.timeout_ms);
  // Readable when the program exits (Linux ≥ 5.3): its exit ends the wait even when a child of
  // its own still holds the output pipes, and the time limit holds even when it closed them.
  Fd exited(static_cast<int>(syscall(SYS_pidfd_open, pid, 0)));
  char buf[65536];
  auto read_some = [&](Fd* fd, std::string* to, size_t keep) {
    ssize_t r = read(fd->fd, buf, sizeof buf);
    if (r > 0) to->append(buf, std::min(static_cast<size_t>(r), keep - std::min(keep, to->size())));
    else if (r == 0 || (errno != EAGAIN && errno != EINTR)) fd->Close();
    return r;
  };
  int status = 0;
  bool reaped = false;
  while (!reaped) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      problem = "ran longer than " + std::to_string(limits.timeout_ms / 1000.0).substr(0, 5) + " s";
      break;
    }
    const bool pipes_open = out_parent.fd >= 0 || err_parent.fd >= 0;
    pollfd p[4] = {{in_parent.fd, POLLOUT, 0}, {out_parent.fd, POLLIN, 0}, {err_parent.fd, POLLIN, 0},
                   {exited.fd, POLLIN, 0}};
    // Without a pidfd and with the pipes closed, look for its exit every 10 ms.
    const int wait_ms = exited.fd < 0 && !pipes_open ? 10 : static_cast<int>(std::min<int64_t>(left.count(), 1000));
    int n = poll(p, 4, wait_ms);
    if (n < 0 && errno != EINTR) {
      problem = Errno("poll");
      break;
    }
    if (n > 0 && p[0].revents) {
      ssize_t w = send(in_parent.fd, input.data() + written, std::min<size_t>(input.size() - written, 1 << 20),
                       MSG_NOSIGNAL);
      if (w > 0) written += static_cast<size_t>(w);
      // Done, or the program stopped reading (it may still answer: its exit status says).
      if (written == input.size() || (w < 0 && errno != EAGAIN && errno != EINTR)) in_parent.Close();
    }
    if (n > 0 && p[1].revents) read_some(&out_parent, &result.out, limits.max_output + 1);
    if (n > 0 && p[2].revents) read_some(&err_parent, &result.err, limits.max_stderr);
    if (result.out.size() > limits.max_output) {
      problem = "wrote more than " + std::to_string(limits.max_output >> 20) + " MB";
      break;
    }
    if ((n > 0 && p[3].revents) || (exited.fd < 0 && !pipes_open)) {
      pid_t w = waitpid(pid, &status, WNOHANG);
      if (w == pid) {
        reaped = true;
        // What it wrote before it exited is in the pipes; a child of its own may keep them open.
        while (out_parent.fd >= 0 && read_some(&out_parent, &result.out, limits.max_output + 1) > 0) {
        }
        while (err_parent.fd >= 0 && read_some(&err_parent, &result.err, limits.max_stderr) > 0) {
        }
        if (result.out.size() > limits.max_output) problem = "wrote more than " + std::to_string(limits.max_output >> 20) + " MB";
      } else if (w < 0 && errno != EINTR) {
        return Status::IOError("cannot wait for " + name + ": " + std::strerror(errno));
      }
    }
  }
  if (!reaped) {
    if (!problem.empty()) kill(-pid, SIGKILL);
    pid_t w;
    while ((w = waitpid(pid, &status, 0)) < 0 && errno == EINTR) {
    }
    if (w != pid) return Status::IOError("cannot wait for " + name + ": " + std::strerror(errno));
  }
  if (!problem.empty()) return Status::IOError(name + " " + problem + "; killed");
  if (WIFSIGNALED(status))
    return Status::IOError(name + " crashed (signal " + std::to_string(WTERMSIG(status)) + ", " +
                           strsignal(WTERMSIG(status)) + ")" + FirstLine(result.err));
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace nianbao::extractor
