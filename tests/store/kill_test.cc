// Durability: a writer killed with SIGKILL at random moments leaves a readable archive holding
// every document whose write it had acknowledged.
#include <catch2/catch.hpp>

#include <csignal>
#include <map>
#include <set>
#include <random>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nianbao/store/archive.h"
#include "../test_util.h"

using namespace nianbao;
using namespace nianbao::store;

namespace {

std::string TextFor(int i, int rev) {
  std::string t = "一、总体情况\n文档 " + std::to_string(i) + " 修订 " + std::to_string(rev) + "\n";
  for (int k = 0; k < 50; ++k) t += "本年新收政府信息公开申请 " + std::to_string(i * 7 + k) + " 件。\n";
  return t;
}

// Child: writes documents forever, reporting "i rev\n" on the pipe after each acknowledged write.
[[noreturn]] void Writer(const std::string& dir, int fd, int start) {
  std::unique_ptr<Archive> a;
  if (!Archive::Open(Options(), dir, &a).ok()) _exit(3);
  for (int n = start;; ++n) {
    const int i = n % 40, rev = n / 40;
    ReportContent c;
    c.text = TextFor(i, rev);
    c.url = "http://k.gov.cn/" + std::to_string(i);
    Observation o;
    o.time = 1000 + n;
    if (!a->PutReport({"agency" + std::to_string(i % 4), 2000 + i}, {}, c, o).ok()) _exit(4);
    Capture cap;
    cap.url = c.url;
    cap.body = c.text;
    if (!a->PutCapture(cap).ok()) _exit(5);
    std::string line = std::to_string(i) + " " + std::to_string(rev) + "\n";
    if (write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) _exit(6);
  }
}

}  // namespace

TEST_CASE("SIGKILL at any moment keeps every acknowledged write") {
  testing::TempDir dir;
  std::mt19937 rng(12345);
  std::map<int, int> acknowledged;   // doc i -> highest acknowledged revision
  std::map<int, int> ack_count;      // doc i -> acknowledged writes (each a distinct text)
  std::set<std::pair<int, int>> attempted;  // (doc, revision) the writer may have stored
  int written = 0;
  for (int round = 0; round < 8; ++round) {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      close(fds[0]);
      Writer(dir.path(), fds[1], written);
    }
    close(fds[1]);
    std::string acks;
    char buf[4096];
    ssize_t n;
    // Even rounds let the writer acknowledge something first (a loaded machine can take longer
    // than the random delay just to open the archive); odd rounds may kill it during the open.
    if (round % 2 == 0) {
      pollfd pfd{fds[0], POLLIN, 0};
      REQUIRE(poll(&pfd, 1, 60000) == 1);
      REQUIRE((n = read(fds[0], buf, sizeof buf)) > 0);
      acks.append(buf, n);
    }
    usleep(20000 + rng() % 150000);
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFSIGNALED(status));
    while ((n = read(fds[0], buf, sizeof buf)) > 0) acks.append(buf, n);
    close(fds[0]);
    size_t pos = 0, lines = 0;
    while (pos < acks.size()) {
      size_t nl = acks.find('\n', pos);
      if (nl == std::string::npos) break;  // a torn last line is not an acknowledgement
      int i = 0, rev = 0;
      sscanf(acks.c_str() + pos, "%d %d", &i, &rev);
      acknowledged[i] = std::max(acknowledged[i], rev);
      ack_count[i]++;
      attempted.insert({i, rev});
      pos = nl + 1;
      ++lines;
    }
    // The write after the last acknowledgement may have landed without its acknowledgement. With
    // slow rounds the same document can be in that position in several rounds, so the stored
    // text may be more than one revision ahead of the acknowledged one.
    const int unacknowledged = written + static_cast<int>(lines);
    attempted.insert({unacknowledged % 40, unacknowledged / 40});
    written += static_cast<int>(lines) + 1;

    // Reopen and verify: every acknowledged document is readable with at least that revision.
    std::unique_ptr<Archive> a;
    Status s = Archive::Open(Options(), dir.path(), &a);
    REQUIRE(s.ok());
    for (auto [i, rev] : acknowledged) {
      DocKey key{"agency" + std::to_string(i % 4), 2000 + i};
      auto doc = a->GetDocument(key);
      REQUIRE(doc.ok());
      auto v = a->GetVersion(key, 0);
      REQUIRE(v.ok());
      // The stored text is one this writer produced, at the acknowledged revision or later.
      int stored_rev = -1;
      for (auto [doc, r] : attempted)
        if (doc == i && r >= rev && v->text == TextFor(i, r)) stored_rev = r;
      INFO("doc " << i << " acknowledged revision " << rev << ", stored version " << v->number
                  << " of " << doc->versions << ", round " << round);
      CHECK(stored_rev >= rev);
      CHECK(doc->versions >= ack_count[i]);
    }
    size_t docs = 0;
    REQUIRE(a->ListDocuments(std::nullopt, std::nullopt, [&](const DocumentInfo&) { ++docs; return true; }).ok());
    CHECK(docs >= acknowledged.size());
  }
  CHECK(acknowledged.size() > 0);
  INFO("acknowledged documents: " << acknowledged.size() << ", writes: " << written);
}
