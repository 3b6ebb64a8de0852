// The command-line layer: one `nianbao` executable, one file per subcommand (cmd_*.cc), each
// registering itself with NIANBAO_COMMAND. This layer only parses arguments, calls the
// components, and prints; the work is in the libraries.
#pragma once

#include <functional>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "nianbao/common/status.h"

namespace nianbao::cli {

// One option a command accepts. takes_value false makes it a flag.
struct OptionSpec {
  std::string name;        // without the leading "--"
  std::string value_name;  // "DIR", "N", … ("" for a flag)
  std::string help;
  bool repeatable = false;
};

struct CommandSpec {
  std::string name;               // "import", "seeds check", …
  std::string summary;            // one line for `nianbao --help`
  std::string usage;              // "nianbao import --store DIR --agency NAME --year YYYY FILE"
  std::string description;        // paragraphs for `nianbao CMD --help`
  std::vector<OptionSpec> options;
};

class Args {
 public:
  // Parses argv against spec. "--opt=value" and "--opt value" both work; "--" ends options.
  static Result<Args> Parse(const CommandSpec& spec, const std::vector<std::string>& argv);

  bool Has(const std::string& name) const { return values_.count(name) > 0; }
  std::string Get(const std::string& name, const std::string& fallback = "") const;
  std::vector<std::string> GetAll(const std::string& name) const;
  // Integer option: InvalidArgument with a clear message when not an integer in [min, max].
  Result<long long> GetInt(const std::string& name, long long fallback, long long min, long long max) const;
  // Required option: InvalidArgument "missing --name VALUE" when absent.
  Result<std::string> Require(const std::string& name) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::map<std::string, std::vector<std::string>> values_;
  std::vector<std::string> positional_;
};

using CommandFn = std::function<int(const Args&)>;

struct Registration {
  Registration(CommandSpec spec, CommandFn fn);
};

// Every registered command, by name.
const std::map<std::string, std::pair<CommandSpec, CommandFn>>& Commands();

// Where a command prints. Normally std::cout / std::cerr; the daemon runs read commands for CLI
// clients with both pointed at buffers (ScopedOutput), so commands print through Out()/Err().
std::ostream& Out();
std::ostream& Err();
class ScopedOutput {
 public:
  ScopedOutput(std::ostream* out, std::ostream* err);
  ~ScopedOutput();
  ScopedOutput(const ScopedOutput&) = delete;
  ScopedOutput& operator=(const ScopedOutput&) = delete;

 private:
  std::ostream* saved_out_;
  std::ostream* saved_err_;
};

// Prints "nianbao CMD: message" to Err() and returns the exit code (1, or 2 for usage errors).
int Fail(const std::string& command, const Status& status);
int UsageError(const std::string& command, const std::string& message);

// Parses a report year argument (1990…2100).
Result<int> ParseYear(const std::string& text);

}  // namespace nianbao::cli

#define NIANBAO_CONCAT2(a, b) a##b
#define NIANBAO_CONCAT(a, b) NIANBAO_CONCAT2(a, b)
#define NIANBAO_COMMAND(spec, fn) \
  static ::nianbao::cli::Registration NIANBAO_CONCAT(nianbao_registration_, __LINE__)(spec, fn)
