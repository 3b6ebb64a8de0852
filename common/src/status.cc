#include "nianbao/common/status.h"

namespace nianbao {

std::string Status::ToString() const {
  const char* kind = "OK";
  switch (code_) {
    case Code::kOk: return "OK";
    case Code::kNotFound: kind = "not found"; break;
    case Code::kInvalidArgument: kind = "invalid argument"; break;
    case Code::kIOError: kind = "I/O error"; break;
    case Code::kCorruption: kind = "corruption"; break;
    case Code::kBusy: kind = "busy"; break;
    case Code::kUnsupported: kind = "unsupported"; break;
    case Code::kBlocked: kind = "blocked"; break;
    case Code::kCancelled: kind = "cancelled"; break;
  }
  return std::string(kind) + ": " + message_;
}

}  // namespace nianbao
