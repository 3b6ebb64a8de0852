// nianbao: crawler and archive for Chinese government information-disclosure annual reports.
#include <sys/resource.h>

#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "cli.h"

namespace {

void PrintTopHelp() {
  std::cout << "nianbao — crawl, extract, archive and export 政府信息公开工作年度报告\n\n"
               "usage: nianbao COMMAND [OPTIONS]   (nianbao COMMAND --help for one command)\n\ncommands:\n";
  for (const auto& [name, entry] : nianbao::cli::Commands()) {
    std::string padded = name;
    padded.resize(std::max<size_t>(padded.size() + 2, 16), ' ');
    std::cout << "  " << padded << entry.first.summary << "\n";
  }
  std::cout << "\nA quick start: nianbao crawl --province demo --store ./archive (against the test web),\n"
               "then nianbao list --store ./archive and nianbao export --store ./archive --format jsonl.\n";
}

void PrintCommandHelp(const nianbao::cli::CommandSpec& spec) {
  std::cout << "usage: " << spec.usage << "\n\n" << spec.summary << "\n";
  if (!spec.description.empty()) std::cout << "\n" << spec.description << "\n";
  if (!spec.options.empty()) std::cout << "\noptions:\n";
  for (const auto& o : spec.options) {
    std::string left = "--" + o.name + (o.value_name.empty() ? "" : " " + o.value_name);
    left.resize(std::max<size_t>(left.size() + 2, 26), ' ');
    std::cout << "  " << left << o.help << (o.repeatable ? " (repeatable)" : "") << "\n";
  }
}

// Connections and the archive's table files share the file-descriptor budget, and the usual soft
// limit (1024) is low for a crawler's connection pool beside LevelDB: raised towards the hard
// limit (at most 65536), as Go programs do when they start.
void RaiseFileLimit() {
  rlimit r{};
  if (getrlimit(RLIMIT_NOFILE, &r) != 0) return;
  const rlim_t want = std::min<rlim_t>(r.rlim_max, 65536);
  if (r.rlim_cur >= want) return;
  r.rlim_cur = want;
  setrlimit(RLIMIT_NOFILE, &r);   // best effort: the pools size themselves to what there is
}

}  // namespace

int main(int argc, char** argv) {
  RaiseFileLimit();
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    PrintTopHelp();
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version") {
    std::cout << "nianbao 0.1.0\n";
    return 0;
  }
  const auto& commands = nianbao::cli::Commands();
  // Two-word commands ("seeds check") first.
  std::string name = args[0];
  size_t used = 1;
  if (args.size() >= 2 && commands.count(args[0] + " " + args[1])) {
    name = args[0] + " " + args[1];
    used = 2;
  }
  auto it = commands.find(name);
  if (it == commands.end()) {
    std::cerr << "nianbao: unknown command '" << args[0] << "' (nianbao --help lists them)" << std::endl;
    return 2;
  }
  std::vector<std::string> rest(args.begin() + used, args.end());
  for (const auto& a : rest) {
    if (a == "--") break;
    if (a == "--help" || a == "-h") {
      PrintCommandHelp(it->second.first);
      return 0;
    }
  }
  auto parsed = nianbao::cli::Args::Parse(it->second.first, rest);
  if (!parsed.ok()) return nianbao::cli::UsageError(name, parsed.status().message());
  try {
    return it->second.second(*parsed);
  } catch (const std::exception& e) {
    std::cerr << "nianbao " << name << ": internal error: " << e.what() << std::endl;
    return 70;
  }
}
