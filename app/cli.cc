#include "cli.h"

#include <cstdio>
#include <iostream>

namespace nianbao::cli {
namespace {

std::map<std::string, std::pair<CommandSpec, CommandFn>>& Registry() {
  static auto* registry = new std::map<std::string, std::pair<CommandSpec, CommandFn>>();
  return *registry;
}

thread_local std::ostream* t_out = nullptr;
thread_local std::ostream* t_err = nullptr;

}  // namespace

std::ostream& Out() { return t_out ? *t_out : std::cout; }
std::ostream& Err() { return t_err ? *t_err : std::cerr; }

ScopedOutput::ScopedOutput(std::ostream* out, std::ostream* err) : saved_out_(t_out), saved_err_(t_err) {
  t_out = out;
  t_err = err;
}

ScopedOutput::~ScopedOutput() {
  t_out = saved_out_;
  t_err = saved_err_;
}

Registration::Registration(CommandSpec spec, CommandFn fn) {
  std::string name = spec.name;
  Registry().emplace(name, std::make_pair(std::move(spec), std::move(fn)));
}

const std::map<std::string, std::pair<CommandSpec, CommandFn>>& Commands() { return Registry(); }

Result<Args> Args::Parse(const CommandSpec& spec, const std::vector<std::string>& argv) {
  Args args;
  bool options_done = false;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (options_done || a.size() < 2 || a[0] != '-' || a == "-") {
      args.positional_.push_back(a);
      continue;
    }
    if (a == "--") {
      options_done = true;
      continue;
    }
    std::string name = a.substr(a[1] == '-' ? 2 : 1);
    std::optional<std::string> inline_value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    const OptionSpec* opt = nullptr;
    for (const auto& o : spec.options)
      if (o.name == name) opt = &o;
    if (!opt) return Status::InvalidArgument("unknown option --" + name + " (see nianbao " + spec.name + " --help)");
    if (opt->value_name.empty()) {
      if (inline_value) return Status::InvalidArgument("--" + name + " takes no value");
      args.values_[name].push_back("1");
      continue;
    }
    std::string value;
    if (inline_value) {
      value = *inline_value;
    } else {
      if (i + 1 >= argv.size()) return Status::InvalidArgument("--" + name + " needs a value (" + opt->value_name + ")");
      value = argv[++i];
    }
    auto& slot = args.values_[name];
    if (!slot.empty() && !opt->repeatable) return Status::InvalidArgument("--" + name + " given twice");
    slot.push_back(value);
  }
  return args;
}

std::string Args::Get(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second.back();
}

std::vector<std::string> Args::GetAll(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

Result<long long> Args::GetInt(const std::string& name, long long fallback, long long min, long long max) const {
  if (!Has(name)) return fallback;
  const std::string v = Get(name);
  char* end = nullptr;
  errno = 0;
  long long n = std::strtoll(v.c_str(), &end, 10);
  if (v.empty() || *end != '\0' || errno != 0 || n < min || n > max)
    return Status::InvalidArgument("--" + name + " must be an integer from " + std::to_string(min) + " to " +
                                   std::to_string(max) + ", not '" + v + "'");
  return n;
}

Result<std::string> Args::Require(const std::string& name) const {
  if (!Has(name)) return Status::InvalidArgument("missing --" + name);
  return Get(name);
}

int Fail(const std::string& command, const Status& status) {
  Err() << "nianbao " << command << ": " << status.message() << std::endl;
  return status.code() == Status::Code::kInvalidArgument ? 2 : 1;
}

int UsageError(const std::string& command, const std::string& message) {
  Err() << "nianbao " << command << ": " << message << "\n(try: nianbao " << command << " --help)" << std::endl;
  return 2;
}

Result<int> ParseYear(const std::string& text) {
  char* end = nullptr;
  long y = std::strtol(text.c_str(), &end, 10);
  if (text.size() != 4 || *end != '\0' || y < 1990 || y > 2100)
    return Status::InvalidArgument("bad year '" + text + "': give the report year as YYYY (1990-2100)");
  return static_cast<int>(y);
}

}  // namespace nianbao::cli
