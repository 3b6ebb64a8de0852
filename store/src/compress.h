// zlib (RFC 1950) compression of capture payloads.
#pragma once

#include <string>
#include <string_view>

#include "nianbao/common/status.h"

namespace nianbao::store {

std::string Compress(std::string_view data);
// Corruption when data is not a complete zlib stream; the result is bounded by max_size.
Result<std::string> Uncompress(std::string_view data, size_t max_size = size_t{1} << 31);

}  // namespace nianbao::store
