#include "tests/support/co_test.hpp"

#include <exception>
#include <optional>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

namespace qg::test {

void run_coroutine(boost::asio::awaitable<void> body, std::chrono::milliseconds limit, boost::asio::io_context* ioc) {
  std::optional<boost::asio::io_context> own;
  if (ioc == nullptr) ioc = &own.emplace();
  bool done = false;
  std::exception_ptr error;
  boost::asio::co_spawn(*ioc, std::move(body), [&](std::exception_ptr e) {
    done = true;
    error = e;
  });
  ioc->run_for(limit);
  if (!done) {
    ioc->stop();
    FAIL() << "coroutine test did not finish within " << limit.count() << " ms (deadlock assumed)";
  }
  if (error) std::rethrow_exception(error);
}

}  // namespace qg::test
