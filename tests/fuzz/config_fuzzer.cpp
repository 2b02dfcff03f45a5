// Configuration files: any text either loads into a configuration that validates, or is refused
// with a ConfigError (the one exception the gateway allows itself, at startup). Anything else
// escaping — a yaml-cpp exception, a crash — is a bug.
#include "gateway/config/load.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  qg::config::LoadEnvironment env;
  env.getenv = [](const std::string& name) -> std::optional<std::string> {
    if (name == "QG_FUZZ_SECRET") return std::string("fuzz-secret");
    return std::nullopt;
  };
  env.read_file = [](const std::string&) -> std::optional<std::string> { return std::string("file-secret\n"); };
  try {
    const auto config = qg::config::load_config_string(qg::fuzz::as_text(data, size), "fuzz.yaml", env);
    qg::config::validate(config);
  } catch (const qg::config::ConfigError&) {
    // refused with a message: the expected outcome for most inputs
  }
  return 0;
}
