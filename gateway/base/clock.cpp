#include "gateway/base/clock.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace qg::base {

boost::asio::awaitable<void> SystemClock::sleep_until(SteadyTime until) {
  boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, until);
  // Cancellation ends the sleep early; callers that race a sleep against work rely on that.
  co_await timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
}

}  // namespace qg::base
