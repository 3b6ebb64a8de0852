// libcurl, loaded when the first transfer needs it (dlopen), not when nianbao starts.
//
// Why: a crawl of plain-HTTP sites (most government sites) goes through nianbao's own client
// (http_transport.cc) and never needs curl. Linked normally, libcurl still brings its twenty
// libraries (OpenSSL, GnuTLS through librtmp, p11-kit, Kerberos, LDAP, ...) into every process,
// and some of them initialise themselves on load: 3-4 MB of resident memory for nothing. Loaded
// here, the first https request (or --http-client curl) pays for it, once.
//
// The table holds the libcurl functions the curl transport calls. Types and constants still come
// from <curl/curl.h>: the ABI of libcurl.so.4 is stable.
#pragma once

#define CURL_DISABLE_TYPECHECK 1   // curl_easy_setopt & co. as plain functions, no checking macros
#include <curl/curl.h>

#include <cstdint>
#include <string>

namespace nianbao::crawler::internal {

struct CurlApi {
  decltype(&::curl_global_init) global_init;
  decltype(&::curl_easy_init) easy_init;
  decltype(&::curl_easy_cleanup) easy_cleanup;
  decltype(&::curl_easy_reset) easy_reset;
  decltype(&::curl_easy_setopt) easy_setopt;
  decltype(&::curl_easy_getinfo) easy_getinfo;
  decltype(&::curl_easy_strerror) easy_strerror;
  decltype(&::curl_multi_init) multi_init;
  decltype(&::curl_multi_cleanup) multi_cleanup;
  decltype(&::curl_multi_setopt) multi_setopt;
  decltype(&::curl_multi_add_handle) multi_add_handle;
  decltype(&::curl_multi_remove_handle) multi_remove_handle;
  decltype(&::curl_multi_socket_action) multi_socket_action;
  decltype(&::curl_multi_info_read) multi_info_read;
  decltype(&::curl_multi_strerror) multi_strerror;
  decltype(&::curl_slist_append) slist_append;
  decltype(&::curl_slist_free_all) slist_free_all;
  // OpenSSL's, from the libssl libcurl loaded (null when libcurl uses another TLS library).
  uint64_t (*ssl_ctx_set_options)(void* ssl_ctx, uint64_t options) = nullptr;
};

// libcurl.so.4, loaded and initialised (curl_global_init) once per process; thread-safe. Null,
// with the reason in *error, when it cannot be loaded (not installed, a symbol missing).
const CurlApi* LoadCurl(std::string* error);

}  // namespace nianbao::crawler::internal
