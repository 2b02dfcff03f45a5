#pragma once
// `quota-gateway export|check ...`: the subcommands' arguments and help texts. Pure.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/system/result.hpp>

namespace qg::cli {

enum class Command { kExport, kCheck, kHelp };

// kTable: aligned columns for a person at a terminal; the others are GET /quotas's formats.
enum class Format { kJson, kCsv, kNdjson, kTable };

struct Options {
  Command command = Command::kHelp;
  std::string config_path;
  std::optional<Format> format;                 // unset: the query's `format`, else JSON
  std::string query;                            // GET /quotas (GET /pools with --pools) parameters, as in a URL
  bool pools = false;                           // export the pools (GET /pools) instead of the records
  std::optional<std::chrono::milliseconds> timeout;  // unset: request_deadline from the file
  bool verbose = false;                         // info-level logs instead of warn
  bool help = false;                            // this subcommand's help, nothing else
};

// Whether argv[1] names a subcommand this module runs (main() dispatches on it).
bool is_subcommand(std::string_view word);

// `args` starts with the subcommand. The error text names the bad argument.
boost::system::result<Options, std::string> parse_options(const std::vector<std::string>& args);

std::optional<Format> parse_format(std::string_view text);

std::string export_help();
std::string check_help();
// Both subcommands, for `quota-gateway help`.
std::string help();

}  // namespace qg::cli
