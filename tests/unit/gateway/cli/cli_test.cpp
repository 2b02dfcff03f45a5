// The subcommands' pure parts: arguments, the export's plan, the table, exit statuses and lines.

#include <limits>
#include <set>

#include <gtest/gtest.h>

#include "gateway/cache/record_set.hpp"
#include "gateway/cli/options.hpp"
#include "gateway/cli/outcome.hpp"
#include "gateway/cli/plan.hpp"
#include "gateway/cli/table.hpp"

namespace {

using namespace qg;
using namespace qg::cli;

constexpr std::int64_t kNow = 1780243200;  // 2026-05-31T16:00:00Z

Options parsed(std::vector<std::string> args) {
  auto o = parse_options(args);
  EXPECT_TRUE(o) << (o ? "" : o.error());
  return o ? *o : Options{};
}

std::string error_of(std::vector<std::string> args) {
  auto o = parse_options(args);
  EXPECT_FALSE(o);
  return o ? "" : o.error();
}

TEST(CliOptions, ReadsEveryExportFlagInBothSpellings) {
  const auto o = parsed({"export", "--config", "f.yaml", "--format=table", "--query", "?status=active",
                         "--timeout", "2.5", "-v"});
  EXPECT_EQ(o.command, Command::kExport);
  EXPECT_EQ(o.config_path, "f.yaml");
  EXPECT_EQ(o.format, Format::kTable);
  EXPECT_EQ(o.query, "status=active");  // pasted with the URL's '?'
  EXPECT_EQ(o.timeout, std::chrono::milliseconds(2500));
  EXPECT_TRUE(o.verbose);
  EXPECT_EQ(parsed({"check", "--config=g.yaml"}).config_path, "g.yaml");
}

TEST(CliOptions, RefusesWhatTheSubcommandDoesNotTake) {
  EXPECT_NE(error_of({"export"}).find("--config"), std::string::npos);
  EXPECT_NE(error_of({"export", "--config", "f", "--format", "xml"}).find("--format"), std::string::npos);
  EXPECT_NE(error_of({"export", "--config", "f", "--timeout", "0"}).find("--timeout"), std::string::npos);
  EXPECT_NE(error_of({"export", "--config", "f", "--timeout", "5s"}).find("--timeout"), std::string::npos);
  EXPECT_NE(error_of({"check", "--config", "f", "--format", "csv"}).find("'--format'"), std::string::npos);
  EXPECT_NE(error_of({"export", "--config"}).find("--config"), std::string::npos);
  EXPECT_NE(error_of({"export", "--config", "f", "extra"}).find("'extra'"), std::string::npos);
}

TEST(CliOptions, HelpNeedsNoConfiguration) {
  EXPECT_TRUE(parsed({"export", "--help"}).help);
  EXPECT_TRUE(parsed({"check", "-h"}).help);
  EXPECT_EQ(parsed({"help"}).command, Command::kHelp);
  EXPECT_TRUE(is_subcommand("export") && is_subcommand("check") && is_subcommand("help"));
  EXPECT_FALSE(is_subcommand("--config"));
  for (const auto& text : {export_help(), check_help(), help()})
    EXPECT_NE(text.find("--config FILE"), std::string::npos);
  EXPECT_NE(export_help().find("redis:"), std::string::npos);  // says it is ignored
  EXPECT_NE(export_help().find("3 some failed"), std::string::npos);
}

const std::vector<std::string> kAccounts{"live", "rtc"};

quotas::QueryContext context() { return quotas::QueryContext{kNow, kAccounts}; }

TEST(CliPlan, FormatFlagWinsOverTheQueryAndJsonIsTheDefault) {
  Options o = parsed({"export", "--config", "f", "--query", "format=csv"});
  EXPECT_EQ(plan_export(o, context())->format, Format::kCsv);
  o.format = Format::kTable;
  EXPECT_EQ(plan_export(o, context())->format, Format::kTable);
  o = parsed({"export", "--config", "f", "--query", "status=active&expires_before=30d&sort=-utilization"});
  const auto plan = plan_export(o, context());
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->format, Format::kJson);
  EXPECT_EQ(plan->query.expires_before, kNow + 30 * 86400);
  EXPECT_EQ(plan->query.sort.front().field, "utilization");
}

TEST(CliPlan, ReportsEveryInvalidParameterAndRefusesPages) {
  auto o = parsed({"export", "--config", "f", "--query", "status=bogus&account=nobody"});
  auto plan = plan_export(o, context());
  ASSERT_FALSE(plan);
  std::set<std::string> names;
  for (const auto& p : plan.error()) names.insert(p.name);
  EXPECT_EQ(names, (std::set<std::string>{"status", "account"}));

  o.query = "page_size=10&page_token=abc";
  plan = plan_export(o, context());
  ASSERT_FALSE(plan);
  ASSERT_EQ(plan.error().size(), 2u);
  EXPECT_EQ(plan.error()[0].name, "page_size");
  EXPECT_EQ(plan.error()[1].name, "page_token");
}

adapters::QuotaRecord record(std::string native, std::string name, std::string unit) {
  adapters::QuotaRecord r;
  r.provider = "tencent-live";
  r.account = "live";
  r.id = adapters::make_record_id(r.provider, r.account, native);
  r.kind = "live-traffic";
  r.name = std::move(name);
  r.status = adapters::QuotaStatus::kActive;
  r.unit = std::move(unit);
  r.total = 1000;
  r.used = 250;
  r.remaining = 750;
  r.expires_at = kNow + 86400;
  adapters::finalize(r);
  return r;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  for (std::size_t at = 0; at < text.size();) {
    const auto end = text.find('\n', at);
    out.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  return out;
}

TEST(CliTable, AlignsColumnsInTheGivenOrderAndCountsRows) {
  auto b = record("b", "Traffic 流量包", "minutes");
  b.total = 1234567;
  b.projected_exhaustion_at = kNow + 10 * 86400;
  const auto set = cache::make_record_set({record("a", "Traffic a", "bytes"), b});
  // Given in reverse id order: the table keeps the order (the query's sort), never re-sorts.
  const std::vector<quotas::RecordRef> rows{{&set->records[1], nullptr}, {&set->records[0], nullptr}};
  const auto lines = lines_of(render_table(rows, {}));
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_TRUE(lines[0].starts_with("ID  ")) << lines[0];
  EXPECT_NE(lines[1].find("tencent-live:live:b"), std::string::npos);
  EXPECT_NE(lines[1].find("750 / 1,234,567 minutes"), std::string::npos) << lines[1];
  EXPECT_NE(lines[1].find("2026-06-10"), std::string::npos);  // projected exhaustion
  EXPECT_NE(lines[2].find("750 B / 1000 B"), std::string::npos) << lines[2];
  EXPECT_NE(lines[2].find("25.0%"), std::string::npos);
  EXPECT_NE(lines[2].find("2026-06-01"), std::string::npos);
  EXPECT_EQ(lines[3], "2 records");
  // Every column starts at the same display column on every row: the header's KIND, say.
  const auto kind_at = display_width(lines[0].substr(0, lines[0].find("KIND")));
  for (std::size_t i = 1; i < 3; ++i) {
    EXPECT_EQ(display_width(lines[i].substr(0, lines[i].find("live-traffic"))), kind_at) << lines[i];
  }
  EXPECT_EQ(lines[1].find('\x1b'), std::string::npos);  // no colour unless asked
  EXPECT_NE(render_table(rows, {40, true}).find("\x1b[32mactive\x1b[0m"), std::string::npos);
}

TEST(CliTable, ClipsLongNamesByDisplayWidthAndDefusesControlCharacters) {
  EXPECT_EQ(display_width("流量包"), 6u);
  EXPECT_EQ(clip("abcdef", 4), "abc\u2026");
  EXPECT_EQ(clip("流量包流量包", 5), "流量\u2026");  // a wide character never straddles the limit
  EXPECT_EQ(clip("abc", 3), "abc");
  EXPECT_EQ(clip("a\x1b[2Jb\x7f", 10), "a?[2Jb?");
  EXPECT_EQ(clip("\xff\xfe", 10), "??");

  const auto set = cache::make_record_set({record("a", std::string(100, 'n'), "count")});
  const auto table = render_table({{&set->records[0], nullptr}}, {12, false});
  EXPECT_NE(table.find(std::string(11, 'n') + "\u2026  "), std::string::npos) << table;
  EXPECT_EQ(table.find(std::string(12, 'n')), std::string::npos);
}

TEST(CliTable, AmountsReadAsPeopleWriteThem) {
  EXPECT_EQ(amount(std::nullopt, "bytes"), "-");
  EXPECT_EQ(amount(1536, "bytes"), "1.5 KiB");
  EXPECT_EQ(amount(std::int64_t{5} << 40, "bytes"), "5.0 TiB");
  EXPECT_EQ(amount(-2048, "bytes"), "-2.0 KiB");
  EXPECT_EQ(amount(1000000, "count"), "1,000,000");
  EXPECT_EQ(amount(-1000, "count"), "-1,000");
  EXPECT_EQ(amount(std::numeric_limits<std::int64_t>::min(), "count"), "-9,223,372,036,854,775,808");
  auto r = record("x", "n", "licenses");
  r.remaining.reset();
  EXPECT_EQ(remaining_of_total(r), "- / 1,000 licenses");
  r.total.reset();
  EXPECT_EQ(remaining_of_total(r), "-");
}

quotas::SourceReport source(std::string account, quotas::SourceState state) {
  quotas::SourceReport r;
  r.provider = "alibaba-ice";
  r.account = std::move(account);
  r.state = state;
  r.items = 512;
  if (state != quotas::SourceState::kOk) {
    auto e = adapters::make_error(adapters::ErrorKind::kAuth, "the signature does not match");
    e.code = "SignatureDoesNotMatch";
    r.error = problem::upstream_failure(e);
  }
  return r;
}

TEST(CliOutcome, ExitStatusSaysHowMuchWasUsable) {
  using S = quotas::SourceState;
  using V = std::vector<quotas::SourceReport>;
  EXPECT_EQ(export_exit_status(V{}), kExitOk);
  EXPECT_EQ(export_exit_status(V{source("a", S::kOk), source("b", S::kOk)}), kExitOk);
  EXPECT_EQ(export_exit_status(V{source("a", S::kOk), source("b", S::kError)}), kExitPartial);
  EXPECT_EQ(export_exit_status(V{source("a", S::kStale)}), kExitPartial);  // usable, not ok
  EXPECT_EQ(export_exit_status(V{source("a", S::kError), source("b", S::kError)}), kExitFailed);
  EXPECT_EQ(check_exit_status(V{source("a", S::kOk)}), kExitOk);
  EXPECT_EQ(check_exit_status(V{source("a", S::kOk), source("b", S::kStale)}), kExitFailed);
  EXPECT_EQ(kExitUsage, 2);
  EXPECT_EQ(kExitPartial, 3);
  EXPECT_EQ(kExitOutput, 4);  // documented: README "Runbooks: the CLI", export --help
}

TEST(CliOutcome, LinesNameTheAccountAndTheSafeReason) {
  EXPECT_EQ(check_line(source("rtc", quotas::SourceState::kOk), 0.842),
            "ok   rtc (alibaba-ice) 512 records in 0.84 s");
  EXPECT_EQ(check_line(source("rtc", quotas::SourceState::kError), std::nullopt),
            "FAIL rtc (alibaba-ice): auth: SignatureDoesNotMatch: the signature does not match");
  EXPECT_EQ(failure_line(source("rtc", quotas::SourceState::kOk)), "");
  EXPECT_EQ(failure_line(source("rtc", quotas::SourceState::kError)),
            "rtc (alibaba-ice) failed: auth: SignatureDoesNotMatch: the signature does not match");
  EXPECT_NE(failure_line(source("rtc", quotas::SourceState::kStale)).find("stale"), std::string::npos);
  // A cloud's multi-line message (Alibaba quotes its string to sign) stays on the account's line.
  auto multi = source("rtc", quotas::SourceState::kError);
  multi.error->upstream.message = "string to sign is:ACS3\nabc\x1b[31m\xc2\x9b" "2J";
  EXPECT_EQ(check_line(multi, std::nullopt),
            "FAIL rtc (alibaba-ice): auth: SignatureDoesNotMatch: string to sign is:ACS3 abc [31m  2J");
}

}  // namespace
