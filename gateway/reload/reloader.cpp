#include "gateway/reload/reloader.hpp"

#include <boost/asio/this_coro.hpp>

#include "gateway/base/log.hpp"

namespace qg::reload {

namespace net = boost::asio;

Reloader::Reloader(ReloaderDeps deps, std::vector<std::string> files) : deps_(std::move(deps)) {
  files_.reset(std::move(files), deps_.read);
}

bool Reloader::reload(std::string_view why) {
  std::lock_guard lock(mutex_);
  base::log_info("reloading the configuration", {{"reason", why}});
  auto loaded = deps_.load();
  std::optional<std::string> failure;
  if (!loaded) {
    failure = loaded.error();
    // What was read this time, so the same broken file is not tried again on every tick.
    files_.reset(files_.paths(), deps_.read);
  } else {
    files_.reset(loaded->files, deps_.read);
    failure = deps_.apply(loaded->config);
  }
  if (failure) {
    base::log_error("configuration reload refused; the running configuration stays in force", {{"error", *failure}});
  }
  if (deps_.observe) deps_.observe(!failure);
  return !failure;
}

void Reloader::start(net::any_io_executor executor, base::TaskGroup& tasks) {
  if (deps_.watch_interval.count() <= 0) return;
  tasks.spawn(std::move(executor), watch(), "config-watch");
}

net::awaitable<void> Reloader::watch() {
  for (;;) {
    co_await deps_.clock.sleep_for(deps_.watch_interval);
    if ((co_await net::this_coro::cancellation_state).cancelled() != net::cancellation_type::none) co_return;
    bool changed = false;
    {
      std::lock_guard lock(mutex_);
      changed = files_.changed(deps_.read);
    }
    if (changed) reload("a configuration or secret file changed");
  }
}

}  // namespace qg::reload
