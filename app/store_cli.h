// Helpers shared by the commands that work on an archive (--store DIR).
#pragma once

#include <memory>
#include <string>

#include "cli.h"
#include "nianbao/store/archive.h"

namespace nianbao::cli {

// The --store option every archive command takes.
OptionSpec StoreOption();
// --agency NAME and --year YYYY.
OptionSpec AgencyOption();
OptionSpec YearOption();

// Opens --store. Read-only commands pass create=false, so a mistyped path is an error
// instead of a new empty archive.
Result<std::unique_ptr<store::Archive>> OpenStore(const Args& args, bool create);

// --agency and --year, both required.
Result<store::DocKey> RequireDocKey(const Args& args);

}  // namespace nianbao::cli
