#include "url.h"

#include <cctype>
#include <vector>

#include "nianbao/common/text.h"

namespace nianbao::extractor {

namespace {

// Removes "." and ".." segments (RFC 3986 5.2.4).
std::string RemoveDotSegments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t i = 0;
  bool trailing_slash = false;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    std::string_view seg = path.substr(i, j - i);
    trailing_slash = false;
    if (seg == "..") {
      if (out.size() > 1) out.pop_back();
      trailing_slash = true;
    } else if (seg == ".") {
      trailing_slash = true;
    } else if (i > 0 || !seg.empty()) {
      out.push_back(seg);
    } else {
      out.push_back("");   // the leading empty segment of an absolute path
    }
    i = j + 1;
  }
  std::string result;
  for (size_t k = 0; k < out.size(); ++k) {
    if (k > 0) result.push_back('/');
    result.append(out[k]);
  }
  if (trailing_slash) result.push_back('/');
  if (result.empty() || result[0] != '/') result.insert(result.begin(), '/');
  return result;
}

bool HasScheme(std::string_view s) {
  size_t colon = s.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  for (size_t i = 0; i < colon; ++i) {
    char c = s[i];
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.')) return false;
  }
  return true;
}

}  // namespace

std::string ResolveUrl(std::string_view base, std::string_view ref_in) {
  std::string ref = Trim(ref_in);
  if (ref.empty() || HasScheme(ref) || !HasScheme(base)) return ref;
  size_t scheme_end = base.find(':');
  std::string scheme(base.substr(0, scheme_end));
  if (StartsWith(ref, "//")) return scheme + ":" + ref;
  // Split base into authority and path.
  size_t auth_start = base.compare(scheme_end, 3, "://") == 0 ? scheme_end + 3 : scheme_end + 1;
  size_t path_start = base.find_first_of("/?#", auth_start);
  if (path_start == std::string_view::npos) path_start = base.size();
  std::string prefix(base.substr(0, path_start));   // scheme://host[:port]
  std::string_view rest = base.substr(path_start);
  std::string_view base_path = rest.substr(0, rest.find_first_of("?#"));
  if (ref[0] == '#') return std::string(base.substr(0, base.find('#'))) + ref;
  if (ref[0] == '?') return prefix + std::string(base_path.empty() ? "/" : base_path) + ref;
  size_t split = ref.find_first_of("?#");
  std::string ref_path = ref.substr(0, split);
  std::string ref_tail = split == std::string::npos ? "" : ref.substr(split);
  std::string merged;
  if (ref_path[0] == '/') {
    merged = ref_path;
  } else {
    size_t slash = base_path.rfind('/');
    merged = (slash == std::string_view::npos ? "/" : std::string(base_path.substr(0, slash + 1))) + ref_path;
  }
  return prefix + RemoveDotSegments(merged) + ref_tail;
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
