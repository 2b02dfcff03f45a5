// Configuration files: any text either loads into a configuration that validates, or is refused
// with a ConfigError (the one exception the gateway allows itself, at startup). Anything else
// escaping — a yaml-cpp exception, a crash, a hang on an odd file, a duration that overflows — is
// a bug. *_file keys reach the real file reader for a few odd paths (a directory, a FIFO with no
// writer, /dev/zero), so its bounds are fuzzed too.
#include <sys/stat.h>
#include <unistd.h>

#include "gateway/config/files.hpp"
#include "gateway/config/load.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

const std::string& odd_dir() {
  static const std::string dir = [] {
    char tmpl[] = "/tmp/qg-config-fuzz-XXXXXX";
    std::string d = ::mkdtemp(tmpl);
    ::mkfifo((d + "/fifo").c_str(), 0600);
    return d;
  }();
  return dir;
}

boost::system::result<std::string, std::string> read_file(const std::string& name, std::size_t max_bytes) {
  if (name == "/dev/zero" || name == "/dev/null") return qg::config::read_regular_file(name, max_bytes);
  if (name.ends_with("fifo")) return qg::config::read_regular_file(odd_dir() + "/fifo", max_bytes);
  if (name.ends_with("dir")) return qg::config::read_regular_file(odd_dir(), max_bytes);
  if (name.empty()) return {boost::system::in_place_error, "cannot be opened: No such file or directory"};
  return {boost::system::in_place_value, "file-secret\n"};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  qg::config::LoadEnvironment env;
  env.getenv = [](const std::string& name) -> std::optional<std::string> {
    if (name == "QG_FUZZ_SECRET") return std::string("fuzz-secret");
    return std::nullopt;
  };
  env.read_file = read_file;
  try {
    const auto config = qg::config::load_config_string(qg::fuzz::as_text(data, size), "fuzz.yaml", env);
    qg::config::validate(config);
    // What loaded must be usable: a deadline computed from it cannot overflow.
    qg::fuzz::check(config.request_deadline.count() > 0 && config.request_deadline <= std::chrono::minutes(10),
                    "request_deadline within its bounds");
    qg::fuzz::check(!config.auth.enabled || !config.auth.api_keys.empty(), "auth never enabled without a key");
  } catch (const qg::config::ConfigError&) {
    // refused with a message: the expected outcome for most inputs
  }
  return 0;
}
