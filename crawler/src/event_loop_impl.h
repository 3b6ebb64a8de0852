// EventLoop's inside, and the steady clock, for the transports in crawler/src (asio types never
// leave crawler/).
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>

#include "nianbao/crawler/fetch.h"

namespace nianbao::crawler {

struct EventLoop::Impl {
  boost::asio::io_context io;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard{io.get_executor()};
};

namespace internal {

// Microseconds on the steady clock: durations and deadlines inside the transports.
inline int64_t SteadyMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace internal

}  // namespace nianbao::crawler
