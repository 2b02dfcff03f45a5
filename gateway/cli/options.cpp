#include "gateway/cli/options.hpp"

#include <cmath>

#include "adapters/common/numbers.hpp"

namespace qg::cli {
namespace {

using Parsed = boost::system::result<Options, std::string>;

// The longest fetch a person would wait for; beyond it a typo (ms for s) is more likely.
constexpr double kMaxTimeoutSeconds = 3600;

std::optional<std::chrono::milliseconds> parse_timeout(std::string_view text) {
  const auto seconds = adapters::parse_decimal(text);
  if (!seconds || *seconds <= 0 || *seconds > kMaxTimeoutSeconds) return std::nullopt;
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::ceil(*seconds * 1000)));
}

// One `--flag VALUE` or `--flag=VALUE` at args[i]; advances i past a separate value.
struct FlagReader {
  const std::vector<std::string>& args;
  std::size_t& i;

  bool is(std::string_view flag) const {
    const std::string& a = args[i];
    return a == flag || (a.size() > flag.size() && a.starts_with(flag) && a[flag.size()] == '=');
  }
  std::optional<std::string> value(std::string_view flag) const {
    const std::string& a = args[i];
    if (a.size() > flag.size()) return a.substr(flag.size() + 1);
    if (i + 1 >= args.size()) return std::nullopt;
    return args[++i];
  }
};

// Applies one argument; an error text when it is not one `command` takes.
std::optional<std::string> apply(Options& o, FlagReader r) {
  const std::string& a = r.args[r.i];
  const bool exporting = o.command == Command::kExport;
  if (a == "--help" || a == "-h") {
    o.help = true;
  } else if (a == "--verbose" || a == "-v") {
    o.verbose = true;
  } else if (r.is("--config")) {
    auto v = r.value("--config");
    if (!v || v->empty()) return "--config needs a file";
    o.config_path = *v;
  } else if (r.is("--timeout")) {
    auto v = r.value("--timeout");
    auto t = v ? parse_timeout(*v) : std::nullopt;
    if (!t) return "--timeout needs a number of seconds between 0 and 3600 (e.g. 2.5)";
    o.timeout = t;
  } else if (exporting && r.is("--format")) {
    auto v = r.value("--format");
    auto f = v ? parse_format(*v) : std::nullopt;
    if (!f) return "--format must be csv, json, ndjson or table";
    o.format = f;
  } else if (exporting && a == "--pools") {
    o.pools = true;
  } else if (exporting && r.is("--query")) {
    auto v = r.value("--query");
    if (!v) return "--query needs GET /quotas parameters, e.g. 'status=active&expires_before=30d'";
    o.query = v->starts_with('?') ? v->substr(1) : *v;  // pasted from a URL
  } else {
    return "unknown argument '" + a + "' (see quota-gateway " + (exporting ? "export" : "check") + " --help)";
  }
  return std::nullopt;
}

}  // namespace

bool is_subcommand(std::string_view word) { return word == "export" || word == "check" || word == "help"; }

std::optional<Format> parse_format(std::string_view text) {
  if (text == "json") return Format::kJson;
  if (text == "csv") return Format::kCsv;
  if (text == "ndjson") return Format::kNdjson;
  if (text == "table") return Format::kTable;
  return std::nullopt;
}

Parsed parse_options(const std::vector<std::string>& args) {
  Options o;
  if (args.empty() || args[0] == "help") return o;
  if (args[0] == "export") o.command = Command::kExport;
  else if (args[0] == "check") o.command = Command::kCheck;
  else return std::string("unknown command '" + args[0] + "'");
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (auto error = apply(o, FlagReader{args, i})) return *error;
  }
  if (!o.help && o.config_path.empty())
    return std::string("--config FILE is required (there is no demo mode here)");
  return o;
}

std::string export_help() {
  return R"(Usage: quota-gateway export --config FILE [--format csv|json|ndjson|table] [--query PARAMS]
                            [--timeout SECONDS] [--verbose]
       quota-gateway export --pools --config FILE [--format csv|json] [--query PARAMS]

Fetches every account of FILE once, with the server's adapters, rate limits and retries, prints the
records and exits. No listener starts, nothing is cached or written to the history, and `redis:`
settings are ignored: a run paces only its own calls, so runs at the same moment as each other or
as a gateway with the same keys share the cloud's rate limit (throttled calls are retried, then
reported as that source's failure).

  --config FILE      the gateway's YAML configuration
  --format F         json (default): the GET /quotas document with every matching record,
                     {"items":[...],"sources":[...],"total_items":N,"next_page_token":null};
                     csv, ndjson: the records only, as GET /quotas?format=csv|ndjson exports them;
                     table: aligned columns for a terminal
  --query PARAMS     GET /quotas parameters: filters, sort, fields, include=raw, csv_bom, format,
                     e.g. 'status=active&expires_before=30d&sort=-utilization'. page_size and
                     page_token are refused: an export is every matching record
  --pools            the pools instead (GET /pools: run-out date, waste, what to buy), json or
                     csv, every matching pool; --query takes GET /pools parameters (provider,
                     account, kind, exhausts_before, wastes_more_than, horizon, sort). Forecasts
                     come from the history file the gateway writes (history.path), read as it
                     is; without one (or with redis:) the pools have no forecast
  --timeout SECONDS  how long the fetch may take (default: request_deadline from FILE)
  --verbose          info-level logs on stderr (default: warnings and errors only)

Records go to stdout; each source that failed is named on stderr.
Exit status: 0 every source answered; 3 some failed but records were printed; 1 no source
answered; 2 bad arguments, query or configuration (the key and line are printed); 4 the output
could not be written (its reader left, as with `| head`, or the disk is full).
)";
}

std::string check_help() {
  return R"(Usage: quota-gateway check --config FILE [--timeout SECONDS] [--verbose]

Validates FILE as the server would (errors name the key and line, exit 2), then calls every
account once, bypassing any cache, and prints one line per account:
  ok   live-prod (tencent-live) 512 records in 0.84 s
  FAIL rtc-prod (alibaba-ice): auth: InvalidAccessKeyId.NotFound: ...
No listener starts, nothing is written to the history, and `redis:` settings are ignored.

  --config FILE      the gateway's YAML configuration
  --timeout SECONDS  how long the calls may take (default: request_deadline from FILE)
  --verbose          info-level logs on stderr (default: warnings and errors only)

Exit status: 0 every account answered; 1 any account failed; 2 bad arguments or configuration;
4 the output could not be written.
)";
}

std::string help() {
  return R"(quota-gateway subcommands, for runbooks and cron jobs (no server is started):

  quota-gateway export --config FILE [--format csv|json|ndjson|table] [--query PARAMS]
      fetch every account once and print the records; exit 0 ok, 3 partial, 1 nothing usable
  quota-gateway export --pools --config FILE [--format csv|json] [--query PARAMS]
      the same for the pools: when each runs out, what will expire unused, what to buy
  quota-gateway check --config FILE
      validate FILE and call every account once; one ok/FAIL line per account, exit 1 on any failure

`quota-gateway export --help` and `quota-gateway check --help` tell more; `quota-gateway --help`
describes the server.
)";
}

}  // namespace qg::cli
