#include "gateway/app/command_line.hpp"

#include <stdexcept>

namespace qg::app {

CommandLine parse_command_line(const std::vector<std::string>& args) {
  CommandLine cl;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string_view flag) -> std::string {
      if (a.size() > flag.size() && a.compare(0, flag.size(), flag) == 0 && a[flag.size()] == '=') {
        return a.substr(flag.size() + 1);
      }
      if (i + 1 >= args.size()) throw std::invalid_argument(std::string(flag) + " needs a value");
      return args[++i];
    };
    auto is = [&](std::string_view flag) { return a == flag || a.starts_with(std::string(flag) + "="); };
    if (is("--config")) cl.config_path = value("--config");
    else if (is("--listen")) cl.listen = value("--listen");
    else if (is("--check")) cl.check_url = value("--check");
    else if (a == "--help" || a == "-h") cl.help = true;
    else if (a == "--version") cl.version = true;
    else if (a == "--list-config-keys") cl.list_config_keys = true;
    else throw std::invalid_argument("unknown argument '" + a + "' (see --help)");
  }
  return cl;
}

std::string usage() {
  return R"(quota-gateway: every purchased cloud package, license batch and quota, normalized, over REST.

Usage: quota-gateway [--config FILE] [--listen HOST:PORT]
       quota-gateway --check URL
       quota-gateway export --config FILE [--format csv|json|ndjson|table] [--query PARAMS]
       quota-gateway check --config FILE

  --config FILE      YAML configuration (see docs/configuration.md). Without it the gateway runs in demo mode:
                     built-in emulators of the three cloud APIs start on loopback ports and serve
                     simulated data; nothing reaches a real cloud.
  --listen HOST:PORT where to serve (default 127.0.0.1:8080, or `listen` from the config file)
  --check URL        GET the URL, exit 0 on a 2xx answer and 1 otherwise (container health checks)
  --help             this text
  --version          the version

  export, check       one fetch without a server, for runbooks and cron jobs: records printed, or
                     ok / the error per account (`quota-gateway export --help`, `check --help`)

Routes: GET /quotas, /quotas/{id}/history, /pools, /pools/{id}, /ui, /openapi.json, /openapi.yaml, /docs, /healthz,
/livez, /readyz, /metrics (under base_path when one is configured).
Signals: SIGINT or SIGTERM drain in-flight requests, then exit 0; SIGHUP re-reads the configuration.
)";
}

}  // namespace qg::app
