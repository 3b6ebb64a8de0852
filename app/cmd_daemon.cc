// nianbao daemon: the long-lived archiver (daemon/ does the work). This file parses the command
// line into the config's top layer, owns the signal handlers, and answers POST /cli by running
// the very same registered command functions against the daemon's open archive.
#include <malloc.h>
#include <signal.h>

#include <atomic>
#include <sstream>
#include <streambuf>
#include <vector>

#include "cli.h"
#include "nianbao/crawler/fetch.h"
#include "nianbao/daemon/config.h"
#include "nianbao/daemon/daemon.h"
#include "nianbao/daemon/http.h"
#include "nianbao/daemon/log.h"
#include "store_cli.h"

namespace nianbao::cli {
namespace {

std::atomic<bool> g_stop{false};
std::atomic<bool> g_reload{false};
void OnStop(int) { g_stop = true; }
void OnHup(int) { g_reload = true; }

// The commands a client may run through the daemon: reads only (a write would race the crawl's
// own writes through a second path and is refused; the daemon is the one writer).
bool Forwardable(const std::string& name) {
  return name == "list" || name == "history" || name == "show" || name == "diff" || name == "export" ||
         name == "status";
}

// defaults < --config FILE < the other command-line options.
Result<daemon::Config> BuildConfig(const Args& args) {
  daemon::Config c;
  if (args.Has("config")) {
    Status s = daemon::LoadConfigFile(args.Get("config"), &c);
    if (!s.ok()) return s;
  }
  if (args.Has("listen")) c.listen = args.Get("listen");
  if (args.Has("log-level")) c.log_level = args.Get("log-level");
  if (args.Has("proxy")) c.proxy = args.Get("proxy");
  if (args.Has("connect-to")) {
    c.connect_to = args.GetAll("connect-to");
    for (const auto& rule : c.connect_to)
      if (Status s = crawler::CheckConnectRule(rule); !s.ok()) return Status::InvalidArgument("--" + s.message());
  }
  if (args.Has("http-client")) {
    c.http_client = args.Get("http-client");
    if (crawler::HttpClient h; !crawler::ParseHttpClient(c.http_client, &h))
      return Status::InvalidArgument("--http-client: own or curl, not \"" + c.http_client + "\"");
  }
  for (auto [name, field] : {std::pair{"discovery-interval", &daemon::Config::discovery_interval},
                             std::pair{"recheck-interval", &daemon::Config::recheck_interval}}) {
    if (!args.Has(name)) continue;
    auto d = daemon::ParseDuration(args.Get(name));
    if (!d.ok()) return Status::InvalidArgument(std::string("--") + name + ": " + d.status().message());
    c.*field = *d;
    // A command-line interval is meant to hold all year: the season may only be tighter.
    auto& season = field == &daemon::Config::discovery_interval ? c.season_discovery_interval : c.season_recheck_interval;
    season = std::min(season, *d);
  }
  struct IntOpt {
    const char* name;
    int* target;
    long long min, max;
  } ints[] = {{"per-host", &c.per_host, 1, 64},
              {"delay", &c.delay_ms, 0, 600000},
              {"concurrency", &c.concurrency, 1, 4096},
              {"max-pages", &c.max_pages, 1, 10000000}};
  for (auto& io : ints) {
    auto v = args.GetInt(io.name, *io.target, io.min, io.max);
    if (!v.ok()) return v.status();
    *io.target = static_cast<int>(*v);
  }
  return c;
}

// Standard output of a command run for a client: sent on in frames of at most kCliFrameMax
// bytes as it is written, so an export of the whole archive never sits in the daemon's memory.
class FrameBuf : public std::streambuf {
 public:
  explicit FrameBuf(const daemon::BodyWriter& write) : write_(write), buf_(daemon::kCliFrameMax) {
    setp(buf_.data(), buf_.data() + buf_.size());
  }
  bool Flush() {
    const std::string_view data(pbase(), static_cast<size_t>(pptr() - pbase()));
    setp(buf_.data(), buf_.data() + buf_.size());
    if (!data.empty() && ok_) ok_ = write_(daemon::CliFrame('O', data));
    return ok_;
  }

 protected:
  int_type overflow(int_type c) override {
    if (!Flush()) return traits_type::eof();   // the client is gone: the command's stream fails
    if (!traits_type::eq_int_type(c, traits_type::eof())) sputc(traits_type::to_char_type(c));
    return traits_type::not_eof(c);
  }
  int sync() override { return Flush() ? 0 : -1; }

 private:
  const daemon::BodyWriter& write_;
  std::vector<char> buf_;
  bool ok_ = true;
};

// Runs a forwarded command on the HTTP connection's thread with Out() framed to the client,
// Err() collected, and OpenStore() / the config being the daemon's.
void RunForClient(const std::vector<std::string>& argv, const std::shared_ptr<store::Archive>& archive,
                  const Args& daemon_args, const daemon::BodyWriter& write) {
  const auto& commands = Commands();
  std::string name = argv[0];
  size_t used = 1;
  if (argv.size() >= 2 && commands.count(name + " " + argv[1])) {
    name += " " + argv[1];
    used = 2;
  }
  auto it = commands.find(name);
  FrameBuf out_buf(write);
  std::ostream out(&out_buf);
  std::ostringstream err;
  int exit_code = 0;
  if (it == commands.end() || !Forwardable(name)) {
    exit_code = 2;
    err << "nianbao: '" << name << "' cannot run through the daemon (only list, history, show, diff, export, status)\n";
  } else {
    auto args = Args::Parse(it->second.first, std::vector<std::string>(argv.begin() + used, argv.end()));
    ScopedOutput scoped_output(&out, &err);
    ScopedArchive scoped_archive(archive);
    // The daemon's own settings, read again as a reload would (the file may have changed since).
    auto config = BuildConfig(daemon_args);
    ScopedDaemonConfig scoped_config(config.ok() ? &*config : nullptr);
    if (!args.ok()) {
      exit_code = UsageError(name, args.status().message());
    } else {
      try {
        exit_code = it->second.second(*args);
      } catch (const std::exception& e) {
        err << "nianbao " << name << ": internal error: " << e.what() << "\n";
        exit_code = 70;
      }
    }
  }
  if (!out_buf.Flush()) return;   // the client hung up
  const std::string err_text = err.str();
  for (size_t at = 0; at < err_text.size(); at += daemon::kCliFrameMax)
    write(daemon::CliFrame('E', std::string_view(err_text).substr(at, daemon::kCliFrameMax)));
  write(daemon::CliFrame('X', std::to_string(exit_code)));
}

// POST /cli: {"argv": [...]} → the command's output, exit code last (daemon/http.h).
daemon::HttpResponse CliHandler(const daemon::HttpRequest& req, const std::shared_ptr<store::Archive>& archive,
                                const Args& daemon_args) {
  auto argv = daemon::DecodeCliRequest(req.body);
  if (!argv.ok() || argv->empty()) return {400, "text/plain", "expected {\"argv\": [\"command\", ...]}\n"};
  daemon::HttpResponse res{200, daemon::kCliContentType, ""};
  res.stream = [argv = std::move(*argv), archive, &daemon_args](const daemon::BodyWriter& write) {
    RunForClient(argv, archive, daemon_args, write);
  };
  return res;
}

int Run(const Args& args) {
  const std::string cmd = "daemon";
  auto seeds_dir = args.Require("seeds");
  if (!seeds_dir.ok()) return UsageError(cmd, seeds_dir.status().message());
  auto config = BuildConfig(args);
  if (!config.ok()) return Fail(cmd, config.status());
#ifdef __GLIBC__
  // Page bodies reach max_body (20 MB). glibc raises its mmap threshold to the size of the
  // largest freed mmapped block, after which such bodies come from per-thread arenas that keep
  // the memory: the soak run showed RSS climbing by 20 MB steps (one arena per crawl thread).
  // A fixed threshold keeps large bodies mmapped, so they go back to the OS when freed.
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
  // Each crawl runs on new threads, and one job runs at a time: two arenas are plenty, and
  // fewer arenas leave less freed-but-kept memory behind (the daemon also trims after each job).
  mallopt(M_ARENA_MAX, 2);
#endif
  auto store = OpenStore(args, true, daemon::DaemonStoreOptions());
  if (!store.ok()) {
    if (store.status().code() == Status::Code::kBusy)
      return Fail(cmd, Status::Busy(store.status().message() + " (a daemon or crawl already holds this store)"));
    return Fail(cmd, store.status());
  }
  std::shared_ptr<store::Archive> archive = *store;

  struct sigaction sa {};
  sa.sa_handler = OnStop;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
  sa.sa_handler = OnHup;
  sigaction(SIGHUP, &sa, nullptr);
  signal(SIGPIPE, SIG_IGN);  // a client hanging up must not kill the daemon

  daemon::DaemonOptions o;
  o.seeds_dir = *seeds_dir;
  o.load_config = [&args] { return BuildConfig(args); };
  o.stop = &g_stop;
  o.reload = &g_reload;
  o.cli_handler = [archive, &args](const daemon::HttpRequest& r) { return CliHandler(r, archive, args); };
  Status s = daemon::RunDaemon(archive, o);
  if (!s.ok()) {
    daemon::Log(daemon::LogLevel::kError, "daemon_failed", {{"error", s.ToString()}});
    return Fail(cmd, s);
  }
  return 0;
}

NIANBAO_COMMAND((CommandSpec{
                    "daemon", "keep an archive current: crawl on a schedule, serve /metrics /status /changes",
                    "nianbao daemon --seeds DIR --store DIR [--config FILE] [--listen HOST:PORT] [options]",
                    "Crawls every agency of the seed files in DIR on a schedule (discovery every few days,\n"
                    "a re-check of known report URLs more often, tighter from January to March) until\n"
                    "SIGTERM/SIGINT; SIGHUP re-reads the seeds and the config. Logs JSON lines to stderr.\n"
                    "HTTP on --listen (default 127.0.0.1:8750): GET /metrics /status /changes /diff, POST /cli;\n"
                    "read commands (list, history, show, diff, export, status) on the store answer through it.\n"
                    "Settings: defaults < --config FILE (TOML, see README: Daemon) < these options.",
                    {{"seeds", "DIR", "directory of seed files (*.toml)"},
                     StoreOption(),
                     {"config", "FILE", "TOML config file"},
                     {"listen", "HOST:PORT", "HTTP endpoint address (port 0: any free port)"},
                     {"discovery-interval", "DUR", "full discovery per agency, e.g. 3d (default 3d; 1d in season)"},
                     {"recheck-interval", "DUR", "re-check of known reports, e.g. 12h (default 12h; 2h in season)"},
                     {"per-host", "N", "connections per host (default 1)"},
                     {"delay", "MS", "delay between requests to one host (default 1000)"},
                     {"concurrency", "N", "transfers in flight in all (default 16)"},
                     {"max-pages", "N", "URLs per agency per crawl (default 2000)"},
                     {"proxy", "URL", "HTTP/SOCKS proxy, as curl -x"},
                     {"connect-to", "H1:P1:H2:P2", "as curl --connect-to", true},
                     {"http-client", "own|curl", "plain-HTTP client: nianbao's own (default) or libcurl"},
                     {"log-level", "LEVEL", "debug, info (default), warn or error"}}}),
                Run);

}  // namespace
}  // namespace nianbao::cli
