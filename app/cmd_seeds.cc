// nianbao seeds check: validates seed files without crawling (seeds/README.md has the format).
#include <iostream>

#include "cli.h"
#include "nianbao/crawler/seeds.h"

namespace nianbao::cli {
namespace {

int Run(const Args& args) {
  if (args.positional().empty()) return UsageError("seeds check", "give one or more seed FILEs");
  bool all_ok = true;
  for (const std::string& path : args.positional()) {
    auto seeds = crawler::LoadSeedFile(path);
    if (seeds.ok()) {
      std::cout << path << ": OK " << seeds->agencies.size() << " agencies (" << seeds->province << ")\n";
    } else {
      all_ok = false;
      // The message already reads "FILE:LINE: problem" (or "FILE: …" for I/O errors).
      std::cout << seeds.status().message() << "\n";
    }
  }
  return all_ok ? 0 : 1;
}

NIANBAO_COMMAND((CommandSpec{
                    "seeds check",
                    "validate seed files (TOML lists of agencies) without crawling",
                    "nianbao seeds check FILE...",
                    "Prints, per file, \"OK N agencies\" or the first problem as FILE:LINE: problem.\n"
                    "Exits 1 when any file is bad. The format is described in seeds/README.md.",
                    {}}),
                Run);

}  // namespace
}  // namespace nianbao::cli
