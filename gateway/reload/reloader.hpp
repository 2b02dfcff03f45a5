#pragma once
// Live reload: on SIGHUP, and when a file the configuration was read from changes, the
// configuration is read afresh and, if it is valid, applied; if not, the running configuration
// stays and the error (key and line) is logged. One reload at a time.

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

#include "gateway/base/clock.hpp"
#include "gateway/base/task_group.hpp"
#include "gateway/config/config.hpp"
#include "gateway/reload/file_watch.hpp"

namespace qg::reload {

struct Loaded {
  config::GatewayConfig config;
  std::vector<std::string> files;  // every file read for it: the configuration and its *_file secrets
};

struct ReloaderDeps {
  base::Clock& clock;
  std::chrono::milliseconds watch_interval{2000};  // 0: SIGHUP only
  FileWatch::Read read;                             // how the watch reads files
  std::function<boost::system::result<Loaded, std::string>()> load;  // the error text names key and line
  // Applies a configuration that loaded: nullopt, or why it could not be (then nothing changed).
  std::function<std::optional<std::string>(const config::GatewayConfig&)> apply;
  std::function<void(bool applied)> observe;  // may be empty
};

/// @par Thread Safety
/// reload() may be called from any thread.
class Reloader {
 public:
  // `files`: what the running configuration was read from.
  Reloader(ReloaderDeps deps, std::vector<std::string> files);

  // Reads and applies the configuration now; true when it was applied.
  bool reload(std::string_view why);
  // Watches the files every watch_interval, tracked by `tasks`.
  void start(boost::asio::any_io_executor executor, base::TaskGroup& tasks);

 private:
  boost::asio::awaitable<void> watch();

  ReloaderDeps deps_;
  std::mutex mutex_;
  FileWatch files_;  // as of the last attempt, applied or not: a bad file is not retried until it changes
};

}  // namespace qg::reload
