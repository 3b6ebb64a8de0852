// The URL and ASCII helpers crawler code uses as internal::…, now in common/ (url.h, text.h)
// where the extractor shares them.
#pragma once

#include "nianbao/common/text.h"
#include "nianbao/common/url.h"

namespace nianbao::crawler::internal {

using nianbao::EqualsIgnoreCase;
using nianbao::HostView;
using nianbao::IsAsciiAlpha;
using nianbao::IsAsciiDigit;
using nianbao::LowerAscii;
using nianbao::NormalizePercent;
using nianbao::ResolveAgainstCanonical;
using nianbao::StartsWithIgnoreCase;

}  // namespace nianbao::crawler::internal
