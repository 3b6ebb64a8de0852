// Helpers shared by the commands that work on an archive (--store DIR).
#pragma once

#include <memory>
#include <string>

#include "cli.h"
#include "nianbao/daemon/config.h"
#include "nianbao/store/archive.h"

namespace nianbao::cli {

// The --store option every archive command takes.
OptionSpec StoreOption();
// --agency NAME and --year YYYY.
OptionSpec AgencyOption();
OptionSpec YearOption();

// Opens --store. Read-only commands pass create=false, so a mistyped path is an error
// instead of a new empty archive. Inside ScopedArchive (the daemon answering a CLI client)
// returns the daemon's own open archive instead. `options` sets everything but create_if_missing
// (the daemon passes its memory settings).
Result<std::shared_ptr<store::Archive>> OpenStore(const Args& args, bool create, store::Options options = {});

// Makes OpenStore return `archive` for commands run on this thread while it lives.
class ScopedArchive {
 public:
  explicit ScopedArchive(std::shared_ptr<store::Archive> archive);
  ~ScopedArchive();
  ScopedArchive(const ScopedArchive&) = delete;
  ScopedArchive& operator=(const ScopedArchive&) = delete;

 private:
  std::shared_ptr<store::Archive> saved_;
};

// The config of the daemon a command runs inside (a forwarded `status` computes due times with
// it, not with the defaults); nullptr outside a daemon.
const daemon::Config* DaemonConfig();
class ScopedDaemonConfig {
 public:
  explicit ScopedDaemonConfig(const daemon::Config* config);
  ~ScopedDaemonConfig();
  ScopedDaemonConfig(const ScopedDaemonConfig&) = delete;
  ScopedDaemonConfig& operator=(const ScopedDaemonConfig&) = delete;

 private:
  const daemon::Config* saved_;
};

// --agency and --year, both required.
Result<store::DocKey> RequireDocKey(const Args& args);

}  // namespace nianbao::cli
