#pragma once
// One fetch of the configured accounts, outside any server: the I/O shell of the subcommands.

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "gateway/config/config.hpp"
#include "gateway/quotas/service.hpp"

namespace qg::cli {

struct CollectOptions {
  quotas::SourceFilter selects;  // empty: every account
  bool refresh = false;          // check: call the cloud whatever any cache holds
  std::chrono::milliseconds timeout{5000};
};

struct Collection {
  std::vector<quotas::SourceData> sources;  // one per selected account, in configuration order
  std::map<std::string, double> seconds;    // per account: how long its answer took
};

// Runs the server's QuotaService once on a private io_context: the same adapters, rotating
// credentials, pacing (LocalPacer), retries and breakers, with a throw-away in-memory cache and
// no history, Redis or listener. Returns after every fetch ended or was cancelled at `timeout`.
// Throws std::invalid_argument when an account cannot be wired (an unusable endpoint).
Collection collect_once(const config::GatewayConfig& config, const CollectOptions& options);

}  // namespace qg::cli
