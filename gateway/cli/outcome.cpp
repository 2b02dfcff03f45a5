#include "gateway/cli/outcome.hpp"

#include <algorithm>
#include <cstdio>

namespace qg::cli {
namespace {

using quotas::SourceReport;
using quotas::SourceState;

std::string who(const SourceReport& s) { return s.account + " (" + s.provider + ")"; }


// A cloud's message may span lines or carry escape sequences: one line per source, and nothing
// that drives the terminal (C0, DEL, and C1 as UTF-8 "\xC2\x80".."\xC2\x9F" become blanks).
std::string one_line(std::string text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto b = static_cast<unsigned char>(text[i]);
    const bool c1 =
        b == 0xC2 && i + 1 < text.size() && (static_cast<unsigned char>(text[i + 1]) & 0xE0) == 0x80;
    if (c1) text[i + 1] = ' ';
    if (b < 0x20 || b == 0x7F || c1) text[i] = ' ';
  }
  return text;
}

std::string why(const SourceReport& s) {
  return s.error ? one_line(problem::describe(*s.error)) : std::string("no answer");
}

}  // namespace

int export_exit_status(std::span<const SourceReport> sources) {
  const auto ok = std::count_if(sources.begin(), sources.end(),
                                [](const SourceReport& s) { return s.state == SourceState::kOk; });
  const auto failed = std::count_if(sources.begin(), sources.end(),
                                    [](const SourceReport& s) { return s.state == SourceState::kError; });
  if (ok == static_cast<std::ptrdiff_t>(sources.size())) return kExitOk;
  if (failed == static_cast<std::ptrdiff_t>(sources.size())) return kExitFailed;
  return kExitPartial;
}

int check_exit_status(std::span<const SourceReport> sources) {
  const bool all_ok = std::all_of(sources.begin(), sources.end(),
                                  [](const SourceReport& s) { return s.state == SourceState::kOk; });
  return all_ok ? kExitOk : kExitFailed;
}

std::string failure_line(const SourceReport& s) {
  switch (s.state) {
    case SourceState::kOk: return {};
    case SourceState::kStale: return who(s) + " is stale (older records printed): " + why(s);
    case SourceState::kError: break;
  }
  return who(s) + " failed: " + why(s);
}

std::string check_line(const SourceReport& s, std::optional<double> seconds) {
  if (s.state != SourceState::kOk) return "FAIL " + who(s) + ": " + why(s);
  std::string line =
      "ok   " + who(s) + " " + std::to_string(s.items) + (s.items == 1 ? " record" : " records");
  if (seconds) {
    char took[32];
    std::snprintf(took, sizeof took, " in %.2f s", *seconds);
    line += took;
  }
  return line;
}

}  // namespace qg::cli
