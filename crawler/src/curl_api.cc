#include "curl_api.h"

#include <dlfcn.h>

#include <mutex>

namespace nianbao::crawler::internal {

namespace {

template <typename F>
bool Bind(void* lib, const char* name, F* out, std::string* missing) {
  *out = reinterpret_cast<F>(dlsym(lib, name));
  if (!*out && missing->empty()) *missing = name;
  return *out != nullptr;
}

}  // namespace

const CurlApi* LoadCurl(std::string* error) {
  static CurlApi api;
  static std::string failure;
  static std::once_flag once;
  std::call_once(once, [] {
    void* lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
      const char* why = dlerror();
      failure = std::string("cannot load libcurl: ") + (why ? why : "libcurl.so.4 not found");
      return;
    }
    std::string missing;
    Bind(lib, "curl_global_init", &api.global_init, &missing);
    Bind(lib, "curl_easy_init", &api.easy_init, &missing);
    Bind(lib, "curl_easy_cleanup", &api.easy_cleanup, &missing);
    Bind(lib, "curl_easy_reset", &api.easy_reset, &missing);
    Bind(lib, "curl_easy_setopt", &api.easy_setopt, &missing);
    Bind(lib, "curl_easy_getinfo", &api.easy_getinfo, &missing);
    Bind(lib, "curl_easy_strerror", &api.easy_strerror, &missing);
    Bind(lib, "curl_multi_init", &api.multi_init, &missing);
    Bind(lib, "curl_multi_cleanup", &api.multi_cleanup, &missing);
    Bind(lib, "curl_multi_setopt", &api.multi_setopt, &missing);
    Bind(lib, "curl_multi_add_handle", &api.multi_add_handle, &missing);
    Bind(lib, "curl_multi_remove_handle", &api.multi_remove_handle, &missing);
    Bind(lib, "curl_multi_socket_action", &api.multi_socket_action, &missing);
    Bind(lib, "curl_multi_info_read", &api.multi_info_read, &missing);
    Bind(lib, "curl_multi_strerror", &api.multi_strerror, &missing);
    Bind(lib, "curl_slist_append", &api.slist_append, &missing);
    Bind(lib, "curl_slist_free_all", &api.slist_free_all, &missing);
    if (!missing.empty()) {
      failure = "libcurl.so.4 lacks " + missing;
      return;   // the library stays loaded: unloading what may have initialised itself is worse
    }
    // libcurl brought its libssl in: found there, not linked (RTLD_NOLOAD: never loads it).
    if (void* ssl = dlopen("libssl.so.3", RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD)) {
      std::string ignored;
      Bind(ssl, "SSL_CTX_set_options", &api.ssl_ctx_set_options, &ignored);
    }
    const CURLcode rc = api.global_init(CURL_GLOBAL_ALL);
    if (rc != CURLE_OK) failure = std::string("curl_global_init: ") + api.easy_strerror(rc);
  });
  if (!failure.empty()) {
    if (error) *error = failure;
    return nullptr;
  }
  return &api;
}

}  // namespace nianbao::crawler::internal
