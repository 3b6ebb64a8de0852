// nianbao's own HTTP/1.1 client for plain HTTP (see NewTransport in nianbao/crawler/fetch.h).
#pragma once

#include <memory>
#include <string>

#include "nianbao/crawler/fetch.h"

namespace nianbao::crawler::internal {

// Whether the own client carries this request under these options: see NewTransport.
bool OwnClientCarries(const FetchRequest& request, const TransportOptions& options);

// The own client on loop: only for requests OwnClientCarries() accepts (others fail kOther).
std::unique_ptr<Transport> NewOwnHttpTransport(EventLoop* loop, const TransportOptions& options);

}  // namespace nianbao::crawler::internal
