#pragma once
// What a subcommand's run amounts to: its exit status, and the one line per source a person
// reads (never a secret: errors are told through problem::describe). Pure.

#include <optional>
#include <span>
#include <string>

#include "gateway/quotas/source_report.hpp"

namespace qg::cli {

// The process's exit statuses; scripts branch on them (docs/api.md "Without a server: `export` and `check`").
enum ExitStatus : int {
  kExitOk = 0,          // every source answered
  kExitFailed = 1,      // export: no source answered; check: any account failed
  kExitUsage = 2,       // bad arguments, query or configuration
  kExitPartial = 3,     // export: some sources failed, the others' records were printed
  kExitOutput = 4,      // the output could not be written: its reader left (`| head`), a full disk
};

// 0 when every source is ok (or none was selected), 1 when every one failed, 3 in between
// (a stale source is usable but not ok).
int export_exit_status(std::span<const quotas::SourceReport> sources);
// 0 only when every account answered.
int check_exit_status(std::span<const quotas::SourceReport> sources);

// "rtc-prod (alibaba-ice) failed: auth: SignatureDoesNotMatch: ..." for export's stderr; empty
// for an ok source.
std::string failure_line(const quotas::SourceReport& source);
// "ok   live-prod (tencent-live) 512 records in 0.84 s" or "FAIL rtc-prod (alibaba-ice): auth: ...".
std::string check_line(const quotas::SourceReport& source, std::optional<double> seconds);

}  // namespace qg::cli
