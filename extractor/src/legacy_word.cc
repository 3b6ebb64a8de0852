// Legacy .doc/.wps (OLE compound files): no library in Debian reads them in-process, so they are
// "unsupported" unless antiword or catdoc is installed, which then converts through a temp file.
#include <unistd.h>

#include <cstdlib>

#include "internal.h"
#include "nianbao/common/text.h"
#include "subprocess.h"

namespace nianbao::extractor {

namespace {

std::string FindOnPath(const char* tool) {
  const char* path = std::getenv("PATH");
  if (!path) return "";
  std::string_view rest(path);
  while (!rest.empty()) {
    size_t colon = rest.find(':');
    std::string dir(rest.substr(0, colon));
    std::string candidate = dir + "/" + tool;
    if (!dir.empty() && access(candidate.c_str(), X_OK) == 0) return candidate;
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  return "";
}

// Runs a converter on file; its text, or "" when it fails (a crash or hang included: RunHelper).
bool RunTool(const std::string& tool, const std::vector<std::string>& args, std::string* out) {
  std::vector<std::string> argv{tool};
  argv.insert(argv.end(), args.begin(), args.end());
  HelperLimits limits;
  limits.timeout_ms = 60000;
  auto r = RunHelper(argv, "", limits);
  if (!r.ok() || r->exit_code != 0) return false;
  *out = std::move(r->out);
  return true;
}

}  // namespace

Status ExtractLegacyWord(std::string_view bytes, Document* doc) {
  std::string antiword = FindOnPath("antiword"), catdoc = FindOnPath("catdoc");
  if (antiword.empty() && catdoc.empty())
    return Status::Unsupported("legacy Word/WPS file (OLE); install antiword or catdoc to read it");
  char path[] = "/tmp/nianbao-doc-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return Status::IOError("cannot create a temporary file for the .doc converter");
  bool written = write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size());
  close(fd);
  std::string out;
  bool ok = written && (antiword.empty() ? RunTool(catdoc, {"-d", "utf-8", path}, &out)
                                         : RunTool(antiword, {"-m", "UTF-8.txt", "-w", "0", path}, &out));
  unlink(path);
  if (!ok) return Status::Unsupported("legacy Word/WPS file the converter could not read");
  // Converters emit one line per paragraph: make them paragraphs.
  std::string text;
  for (std::string_view l : SplitLines(SanitizeUtf8(out))) { text += l; text += "\n\n"; }
  doc->text = TidyLines(text);
  return Status::OK();
}

}  // namespace nianbao::extractor
