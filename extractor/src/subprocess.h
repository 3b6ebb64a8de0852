// Running a helper program on untrusted input (the PDF reader, the .doc converters).
//
// File readers crash and hang on hostile or broken files, and a crawler meets many of those; in
// a child process their crash or hang is an error status for one document, not the end of a
// crawl (which would meet the same file again on resume). RunHelper starts the program without a
// shell (posix_spawn; only fds 0-2 are inherited), writes `input` to its standard input while
// collecting its standard output and standard error, and kills it when it runs past the time
// limit or writes more than the output limit. Thread-safe; it never raises SIGPIPE.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "nianbao/common/status.h"

namespace nianbao::extractor {

struct HelperLimits {
  int timeout_ms = 120000;
  size_t max_output = 256u << 20;
  size_t max_stderr = 4096;   // kept for messages; the rest is read and dropped
};

struct HelperResult {
  int exit_code = 0;   // the program exited (any code): the caller interprets it
  std::string out;     // its standard output
  std::string err;     // the start of its standard error
};

// argv[0] is the program's path. An error when it cannot start, is killed by a signal (a crash:
// the message names the signal), runs out of time or writes too much.
Result<HelperResult> RunHelper(const std::vector<std::string>& argv, std::string_view input,
                               const HelperLimits& limits = {});

}  // namespace nianbao::extractor
