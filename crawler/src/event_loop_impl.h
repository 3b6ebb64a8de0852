// EventLoop's inside, for the transports in crawler/src (asio types never leave crawler/).
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "nianbao/crawler/fetch.h"

namespace nianbao::crawler {

struct EventLoop::Impl {
  boost::asio::io_context io;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard{io.get_executor()};
};

}  // namespace nianbao::crawler
