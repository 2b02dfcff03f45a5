#include "gateway/base/event.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace qg::base {

Event::Event(boost::asio::any_io_executor executor) : channel_(std::move(executor)) {}

void Event::set() {
  set_.store(true, std::memory_order_release);
  channel_.close();
}

boost::asio::awaitable<void> Event::wait() {
  if (is_set()) co_return;
  co_await channel_.async_receive(boost::asio::as_tuple(boost::asio::use_awaitable));
}

}  // namespace qg::base
