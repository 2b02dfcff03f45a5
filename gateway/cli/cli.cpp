#include "gateway/cli/cli.hpp"

#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "gateway/base/log.hpp"
#include "gateway/cli/collect.hpp"
#include "gateway/cli/outcome.hpp"
#include "gateway/cli/plan.hpp"
#include "gateway/cli/table.hpp"
#include "gateway/config/load.hpp"
#include "gateway/history/sqlite_store.hpp"
#include "gateway/pools/pool_listing.hpp"
#include "gateway/pools/pool_render.hpp"
#include "gateway/quotas/export.hpp"
#include "gateway/quotas/render.hpp"

namespace qg::cli {
namespace {

// Every way out writes the buffered log lines and output first.
struct FlushOnExit {
  ~FlushOnExit() {
    base::flush_logs();
    std::fflush(stdout);
  }
};

void print(std::string_view text) { std::fwrite(text.data(), 1, text.size(), stdout); }

void complain(std::string_view text) { std::cerr << "quota-gateway: " << text << "\n"; }

// A full disk or a closed pipe must not look like a successful export to the script that ran it,
// nor kill the process with SIGPIPE (status 141 in a shell): it is kExitOutput.
bool output_written() {
  if (std::fflush(stdout) == 0 && !std::ferror(stdout)) return true;
  complain(errno == EPIPE ? std::string("the output's reader left before the end (broken pipe)")
                          : std::string("cannot write the output: ") + std::strerror(errno));
  return false;
}

// The server's structured logs, quieter: a person or a cron mail reads this stderr.
void setup_logs(const std::string& format, bool verbose) {
  base::LogOptions log;
  log.level = verbose ? "info" : "warn";
  const bool json = format == "json" || (format == "auto" && !::isatty(STDERR_FILENO));
  log.format = json ? base::LogFormat::kJson : base::LogFormat::kText;
  base::setup_logging(log);
}

std::vector<quotas::SourceReport> reports_of(const std::vector<quotas::SourceData>& sources) {
  std::vector<quotas::SourceReport> out;
  out.reserve(sources.size());
  for (const auto& s : sources) out.push_back(s.report);
  return out;
}

std::vector<cache::RecordSetPtr> sets_of(const std::vector<quotas::SourceData>& sources) {
  std::vector<cache::RecordSetPtr> out;
  out.reserve(sources.size());
  for (const auto& s : sources) out.push_back(s.records);  // null for a failed source: skipped
  return out;
}

// CSV and NDJSON as GET /quotas exports them, piece by piece.
void stream_records(const ExportPlan& plan, std::vector<cache::RecordSetPtr> sets,
                    std::vector<quotas::RecordRef> rows) {
  const auto format =
      plan.format == Format::kCsv ? quotas::OutputFormat::kCsv : quotas::OutputFormat::kNdjson;
  quotas::ExportWriter writer(std::move(sets), std::move(rows), plan.query, format);
  std::string piece;
  for (bool more = true; more && !std::ferror(stdout);) {  // nobody reads any more: stop
    piece.clear();
    more = writer.next(piece);
    print(piece);
  }
}

void print_records(const ExportPlan& plan, const std::vector<quotas::SourceData>& sources) {
  // The selection GET /quotas makes, so both print the same records in the same order.
  auto sets = sets_of(sources);
  auto rows = quotas::select_indexed_all(sets, plan.query);
  switch (plan.format) {
    case Format::kJson: {
      // The GET /quotas document, every matching record on its one page.
      quotas::Page page;
      page.total_items = rows.size();
      page.items = std::move(rows);
      print(quotas::render_json(page, reports_of(sources), plan.query));
      print("\n");
      return;
    }
    case Format::kTable: {
      TableOptions options;
      options.colour = ::isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;
      print(render_table(rows, options));
      return;
    }
    case Format::kCsv:
    case Format::kNdjson: stream_records(plan, std::move(sets), std::move(rows)); return;
  }
}

std::chrono::milliseconds timeout_of(const Options& o, const config::GatewayConfig& config) {
  return o.timeout.value_or(config.request_deadline);
}

// Fetches the selected accounts once, saying on stderr which failed and why.
Collection collect_reporting(const Options& o, const config::GatewayConfig& config, quotas::SourceFilter selects) {
  CollectOptions collect;
  collect.selects = std::move(selects);
  collect.timeout = timeout_of(o, config);
  auto collection = collect_once(config, collect);
  for (const auto& s : collection.sources) {
    if (auto line = failure_line(s.report); !line.empty()) complain(line);
  }
  return collection;
}

int run_export(const Options& o, const config::GatewayConfig& config) {
  std::vector<std::string> names;
  for (const auto& a : config.accounts) names.push_back(a.name);
  quotas::QueryContext context;
  context.now_unix = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count();
  context.accounts = names;
  auto plan = plan_export(o, context);
  if (!plan) {
    for (const auto& p : plan.error()) complain("--query: " + p.name + ": " + p.reason);
    return kExitUsage;
  }
  const auto collection =
      collect_reporting(o, config, [&query = plan->query](std::string_view provider, std::string_view account) {
        return quotas::selects_source(query, provider, account);
      });
  print_records(*plan, collection.sources);
  if (!output_written()) return kExitOutput;
  return export_exit_status(reports_of(collection.sources));
}

// The members' samples from the history file a gateway with this configuration writes, read as
// it is; none (pools without forecasts) without one, with history off, or with Redis.
pools::SeriesOf history_of(const config::GatewayConfig& config, std::int64_t now) {
  const auto none = [](const std::string&) { return std::vector<history::Sample>{}; };
  if (!config.history.enabled || config.redis || config.history.path == ":memory:" ||
      !std::filesystem::is_regular_file(config.history.path)) {
    complain("no history file (history.path) to forecast from: the pools have no forecast");
    return none;
  }
  std::shared_ptr<history::SqliteStore> store;
  try {
    store = std::make_shared<history::SqliteStore>(config.history.path);
  } catch (const history::HistoryError& e) {
    complain(std::string("history.path: ") + e.what() + ": the pools have no forecast");
    return none;
  }
  const auto since = now - config.history.policy.forecast.window_seconds;
  return [store, since](const std::string& id) { return store->samples(id, since); };
}

int run_pool_export(const Options& o, const config::GatewayConfig& config) {
  std::vector<std::string> names;
  for (const auto& a : config.accounts) names.push_back(a.name);
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch()).count();
  auto plan = plan_pool_export(o, now, names);
  if (!plan) {
    for (const auto& p : plan.error()) complain("--query: " + p.name + ": " + p.reason);
    return kExitUsage;
  }
  const auto collection =
      collect_reporting(o, config, [&query = plan->query](std::string_view provider, std::string_view account) {
        return pools::selects_source(query, provider, account);
      });
  const auto all = pools::pools_of(collection.sources, now, plan->query.horizon_seconds, history_of(config, now),
                                   config.history.policy.forecast);
  plan->query.page_size = std::max<std::size_t>(all.size(), 1);  // every match on one page
  auto page = pools::select_pools(all, plan->query, {});
  if (!page) {
    complain("--query: " + page.error().name + ": " + page.error().reason);
    return kExitUsage;
  }
  if (plan->format == Format::kCsv) {
    print(pools::render_pools_csv(*page));
  } else {
    print(pools::render_pools_json(*page, reports_of(collection.sources)));
    print("\n");
  }
  if (!output_written()) return kExitOutput;
  return export_exit_status(reports_of(collection.sources));
}

int run_check(const Options& o, const config::GatewayConfig& config) {
  if (config.accounts.empty()) complain("the configuration has no accounts: nothing to check");
  CollectOptions collect;
  collect.refresh = true;
  collect.timeout = timeout_of(o, config);
  const auto collection = collect_once(config, collect);
  for (const auto& s : collection.sources) {
    const auto took = collection.seconds.find(s.report.account);
    std::optional<double> seconds;
    if (took != collection.seconds.end()) seconds = took->second;
    print(check_line(s.report, seconds) + "\n");
  }
  if (!output_written()) return kExitOutput;
  return check_exit_status(reports_of(collection.sources));
}

// A bad file is the server's startup error: the same text (key and line), the same status.
int load_and_run(const Options& o) {
  config::GatewayConfig config;
  try {
    config = config::load_config_file(o.config_path);
  } catch (const config::ConfigError& e) {
    complain(e.what());
    return kExitUsage;
  }
  setup_logs(config.log.format, o.verbose);
  try {
    if (o.command == Command::kCheck) return run_check(o, config);
    return o.pools ? run_pool_export(o, config) : run_export(o, config);
  } catch (const std::invalid_argument& e) {
    complain(e.what());  // an account that cannot be wired (its endpoint): still the file's fault
    return kExitUsage;
  }
}

}  // namespace

int main(int argc, char** argv) {
  // A closed stdout is a write error to report (kExitOutput), not a signal to die of.
  std::signal(SIGPIPE, SIG_IGN);
  FlushOnExit flush_on_exit;
  // Before anything can log: spdlog's default logger would write to stdout, into the records.
  setup_logs("auto", false);
  auto options = parse_options(std::vector<std::string>(argv + 1, argv + argc));
  if (!options) {
    complain(options.error());
    return kExitUsage;
  }
  if (options->command == Command::kHelp) {
    print(help());
    return kExitOk;
  }
  if (options->help) {
    print(options->command == Command::kExport ? export_help() : check_help());
    return kExitOk;
  }
  try {
    return load_and_run(*options);
  } catch (const std::exception& e) {
    base::log_error("quota-gateway failed", {{"error", e.what()}});
    return kExitFailed;
  }
}

}  // namespace qg::cli
