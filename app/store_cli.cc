#include "store_cli.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "nianbao/daemon/http.h"

namespace nianbao::cli {
namespace {

thread_local std::shared_ptr<store::Archive> t_archive;
thread_local const daemon::Config* t_daemon_config = nullptr;

// This process's arguments after the program name. The command line as typed is what the daemon
// must run, and OpenStore only sees the parsed Args of a command it does not know.
std::vector<std::string> OwnArgv() {
  std::ifstream f("/proc/self/cmdline", std::ios::binary);
  std::vector<std::string> argv;
  std::string a;
  while (std::getline(f, a, '\0')) argv.push_back(a);
  if (!argv.empty()) argv.erase(argv.begin());
  return argv;
}

// A read command on a store a running daemon holds: run it in the daemon (POST /cli), print its
// output and exit with its code. --out FILE stays on this side: the daemon writes to standard
// output and this process writes the file (the daemon may run as another user, elsewhere).
// Returns only when the daemon could not be asked.
Status ForwardToDaemon(const std::string& address) {
  std::vector<std::string> argv = OwnArgv();
  std::string out_path;
  for (size_t i = 0; i < argv.size(); ++i) {
    if (argv[i] == "--") break;
    if (argv[i] == "--out" && i + 1 < argv.size()) {
      out_path = argv[i + 1];
      argv[i + 1] = "-";
    } else if (argv[i].rfind("--out=", 0) == 0) {
      out_path = argv[i].substr(6);
      argv[i] = "--out=-";
    }
  }
  if (out_path == "-") out_path.clear();
  // The output is written as it arrives: to --out's temporary name (renamed when the command
  // succeeded), or to standard output.
  const std::string tmp = out_path + ".partial";
  std::ofstream file;
  if (!out_path.empty()) {
    file.open(tmp, std::ios::binary | std::ios::trunc);
    if (!file) return Status::IOError("cannot write " + tmp);
  }
  std::ostream& sink = out_path.empty() ? std::cout : file;
  auto reply = daemon::CallCli(address, argv, [&sink](std::string_view data) {
    sink.write(data.data(), static_cast<std::streamsize>(data.size()));
    return static_cast<bool>(sink);
  });
  if (!reply.ok()) {
    if (!out_path.empty()) std::remove(tmp.c_str());
    return reply.status();
  }
  int code = reply->exit_code;
  if (!out_path.empty()) {
    file.close();
    if (code != 0) {
      std::remove(tmp.c_str());
    } else if (!file || std::rename(tmp.c_str(), out_path.c_str()) != 0) {
      reply->err += "nianbao: cannot write " + out_path + "\n";
      code = 1;
    } else if (size_t at = reply->err.find(" record(s)\n"); at != std::string::npos) {
      // "exported N record(s)" named no file on the daemon's side.
      reply->err.insert(at + 10, " to " + out_path);
    }
  }
  std::cerr << reply->err;
  std::cout.flush();
  std::cerr.flush();
  std::exit(code);
}

}  // namespace

ScopedArchive::ScopedArchive(std::shared_ptr<store::Archive> archive) : saved_(std::move(t_archive)) {
  t_archive = std::move(archive);
}

ScopedArchive::~ScopedArchive() { t_archive = std::move(saved_); }

const daemon::Config* DaemonConfig() { return t_daemon_config; }
ScopedDaemonConfig::ScopedDaemonConfig(const daemon::Config* config) : saved_(t_daemon_config) {
  t_daemon_config = config;
}
ScopedDaemonConfig::~ScopedDaemonConfig() { t_daemon_config = saved_; }

OptionSpec StoreOption() { return {"store", "DIR", "the archive directory (a LevelDB database)"}; }
OptionSpec AgencyOption() { return {"agency", "NAME", "the agency's id (as in the seed file) or name"}; }
OptionSpec YearOption() { return {"year", "YYYY", "the year the report is about (not the year published)"}; }

Result<std::shared_ptr<store::Archive>> OpenStore(const Args& args, bool create, store::Options options) {
  if (t_archive) return t_archive;
  auto dir = args.Require("store");
  if (!dir.ok()) return dir.status();
  options.create_if_missing = create;
  std::unique_ptr<store::Archive> archive;
  Status s = store::Archive::Open(options, *dir, &archive);
  // Read commands go through the daemon holding the store (when this is the outermost command,
  // not one the daemon itself runs). Writers get the Busy error: the daemon is the one writer.
  if (s.code() == Status::Code::kBusy && !create && &Out() == &std::cout) {
    auto address = daemon::ReadEndpointFile(*dir);
    if (!address.ok()) return Status::Busy(s.message() + " (" + address.status().message() + ")");
    Status f = ForwardToDaemon(*address);
    return Status::Busy(s.message() + "; the daemon at " + *address + " did not answer: " + f.message());
  }
  if (!s.ok()) return s;
  return std::shared_ptr<store::Archive>(std::move(archive));
}

Result<store::DocKey> RequireDocKey(const Args& args) {
  auto agency = args.Require("agency");
  if (!agency.ok()) return agency.status();
  auto year_text = args.Require("year");
  if (!year_text.ok()) return year_text.status();
  auto year = ParseYear(*year_text);
  if (!year.ok()) return year.status();
  return store::DocKey{*agency, *year};
}

}  // namespace nianbao::cli
