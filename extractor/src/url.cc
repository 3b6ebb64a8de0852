#include "url.h"

#include "nianbao/common/text.h"
#include "nianbao/common/url.h"

namespace nianbao::extractor {

std::string ResolveLink(std::string_view base, std::string_view ref) {
  if (auto url = ResolveUrl(base, ref)) return *url;
  return Trim(ref);
}

std::string LinkExtension(std::string_view url) {
  auto ext_of = [](std::string_view path) -> std::string {
    size_t slash = path.rfind('/');
    size_t dot = path.rfind('.');
    if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return "";
    std::string ext = ToLowerAscii(path.substr(dot + 1));
    return ext.size() <= 5 ? ext : "";
  };
  size_t q = url.find_first_of("?#");
  std::string ext = ext_of(url.substr(0, q));
  if (ext == "pdf" || ext == "doc" || ext == "docx" || ext == "wps" || ext == "ofd" || ext == "xls" ||
      ext == "xlsx" || q == std::string_view::npos)
    return ext;
  // A viewer page: look for a document path in the query ("?file=/upload/x.pdf").
  std::string_view query = url.substr(q + 1);
  for (std::string_view want : {".pdf", ".ofd", ".docx", ".doc", ".wps"}) {
    std::string lower = ToLowerAscii(query);
    size_t at = lower.find(want);
    if (at != std::string::npos) {
      size_t after = at + want.size();
      if (after == lower.size() || lower[after] == '&' || lower[after] == '#') return std::string(want.substr(1));
    }
  }
  return ext;
}

}  // namespace nianbao::extractor
