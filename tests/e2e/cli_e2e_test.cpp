// `quota-gateway export` and `quota-gateway check` as a runbook or a cron job runs them: the
// binary against provider-emulator, stdout and stderr apart, exit statuses checked. What export
// prints is compared with what GET /quotas answers for the same query on a gateway over the same
// emulator.

#include <fstream>
#include <sstream>
#include <thread>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "tests/e2e/e2e_support.hpp"

namespace {

using namespace qg::test;
namespace json = boost::json;

// Auth errors are not retried anyway; one attempt keeps any other failure from waiting on backoff.
constexpr const char* kQuick = "retry: { max_attempts: 1 }\nhistory: { enabled: false }\n";
// Absolute times, so that the CLI and the gateway, parsing a second apart, select the same records.
constexpr const char* kQuery = "status=active&expires_before=2027-06-01T00:00:00Z&sort=-utilization";

struct CliRun {
  int status = -1;
  std::string out;
  std::string err;
};

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string quoted(const std::string& arg) {
  std::string out = "'";
  for (const char c : arg) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// ChildProcess joins stderr to stdout; through sh each goes to a file of its own.
CliRun run_cli(const std::vector<std::string>& args) {
  const std::string out = write_temp_file("", ".out");
  const std::string err = write_temp_file("", ".err");
  std::string command = "exec " + quoted(binary_path("quota-gateway"));
  for (const auto& a : args) command += " " + quoted(a);
  command += " >" + out + " 2>" + err;
  ChildProcess process("/bin/sh", {"-c", command});
  CliRun run;
  run.status = process.wait_exit(std::chrono::seconds(60));
  run.out = read_all(out);
  run.err = read_all(err);
  return run;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

class CliE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // Runs follow each other within a second, each pacing only itself (as separate cron jobs
    // would): the clouds' per-key limits are off here, so no run is throttled by the previous one.
    emulator_ = new Emulator({"--tencent-rate-limit", "0", "--alibaba-rate-limit", "0"});
    GatewayOptions options;
    options.extra_yaml = kQuick;
    gateway_ = new Gateway(*emulator_, options);
    gateway_->wait_ready();
  }
  static void TearDownTestSuite() {
    delete gateway_;
    delete emulator_;
  }

  static std::string config(GatewayOptions options = {}) {
    options.extra_yaml += kQuick;
    return write_temp_file(gateway_config(*emulator_, options));
  }
  static CliRun export_with(const std::string& format, const std::string& query = kQuery) {
    return run_cli({"export", "--config", config(), "--format", format, "--query", query});
  }

  static Emulator* emulator_;
  static Gateway* gateway_;
};
Emulator* CliE2E::emulator_ = nullptr;
Gateway* CliE2E::gateway_ = nullptr;

TEST_F(CliE2E, ExportJsonIsTheGetQuotasDocumentWithEveryMatchingRecord) {
  const auto run = export_with("json");
  ASSERT_EQ(run.status, 0) << run.err;
  const auto printed = json::parse(run.out).as_object();
  const auto served = gateway_->get(std::string("/quotas?page_size=1000&") + kQuery).json().as_object();
  const auto& items = printed.at("items").as_array();
  EXPECT_GT(items.size(), 100u);  // more than one default page: an export is not paged
  EXPECT_EQ(items, served.at("items").as_array());
  EXPECT_EQ(printed.at("total_items"), served.at("total_items"));
  EXPECT_TRUE(printed.at("next_page_token").is_null());
  ASSERT_EQ(printed.at("sources").as_array().size(), 3u);
  for (const auto& s : printed.at("sources").as_array()) {
    const auto account = std::string(s.at("account").as_string());
    const auto other = source_of(served, account);
    EXPECT_EQ(s.at("status"), other.at("status")) << account;
    EXPECT_EQ(s.at("status").as_string(), "ok") << account;
    EXPECT_EQ(s.at("items"), other.at("items")) << account;
  }
}

TEST_F(CliE2E, ExportCsvAndNdjsonAreTheBytesGetQuotasStreams) {
  for (const std::string format : {"csv", "ndjson"}) {
    const auto run = export_with(format);
    ASSERT_EQ(run.status, 0) << format << ": " << run.err;
    const auto served = gateway_->get("/quotas?format=" + format + "&" + kQuery);
    ASSERT_EQ(served.status, 200u);
    EXPECT_GT(lines_of(run.out).size(), 100u) << format;
    EXPECT_EQ(run.out, served.body) << format;
  }
  // fields and csv_bom are the query's, as on the server.
  const std::string narrow = std::string(kQuery) + "&fields=id,remaining&csv_bom=true";
  const auto run = export_with("csv", narrow);
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_TRUE(run.out.starts_with("\xEF\xBB\xBFid,remaining\r\n")) << run.out.substr(0, 40);
  EXPECT_EQ(run.out, gateway_->get("/quotas?format=csv&" + narrow).body);
}

TEST_F(CliE2E, ExportTableShowsEveryMatchingRecordInTheQueryOrder) {
  const auto run = export_with("table");
  ASSERT_EQ(run.status, 0) << run.err;
  const auto items = json::parse(export_with("json").out).at("items").as_array();
  const auto lines = lines_of(run.out);
  ASSERT_EQ(lines.size(), items.size() + 2);  // header, rows, count
  EXPECT_TRUE(lines.front().starts_with("ID ")) << lines.front();
  EXPECT_NE(lines.front().find("REMAINING / TOTAL"), std::string::npos);
  EXPECT_EQ(lines.back(), std::to_string(items.size()) + " records");
  for (std::size_t i = 0; i < items.size(); i += 37) {
    const std::string id(items[i].at("id").as_string());
    EXPECT_TRUE(lines[i + 1].starts_with(id + " ")) << i << ": " << lines[i + 1];
  }
  EXPECT_EQ(run.out.find('\x1b'), std::string::npos);  // stdout is a file: no colours
}

TEST_F(CliE2E, ExportWithOneAccountsSecretWrongPrintsTheRestAndExits3) {
  GatewayOptions options;
  options.tencent_key = "a-wrong-tencent-secret-0000000000";
  const auto run = run_cli({"export", "--config", config(options), "--format", "json"});
  EXPECT_EQ(run.status, 3) << run.err;
  EXPECT_NE(run.err.find("live-test (tencent-live) failed: auth"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find("rtc-test"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find(options.tencent_key), std::string::npos);  // never the secret
  const auto printed = json::parse(run.out);
  EXPECT_EQ(source_of(printed, "live-test").at("status").as_string(), "error");
  EXPECT_EQ(source_of(printed, "rtc-test").at("status").as_string(), "ok");
  for (const auto& item : printed.at("items").as_array())
    EXPECT_NE(item.at("account").as_string(), "live-test");
  EXPECT_GT(printed.at("items").as_array().size(), 0u);
}

TEST_F(CliE2E, ExportWithEverySecretWrongExits1) {
  GatewayOptions options;
  options.tencent_key = "a-wrong-tencent-secret-0000000000";
  options.alibaba_key = "a-wrong-alibaba-secret-000000";
  const auto run = run_cli({"export", "--config", config(options), "--format", "csv"});
  EXPECT_EQ(run.status, 1) << run.err;
  for (const char* account : {"live-test", "rtc-test", "aicontent-test"}) {
    EXPECT_NE(run.err.find(std::string(account) + " ("), std::string::npos) << account << ": " << run.err;
  }
  EXPECT_EQ(lines_of(run.out).size(), 1u) << run.out;  // the header row only
}

TEST_F(CliE2E, ExportWithABadQueryNamesEachParameterAndCallsNoCloud) {
  Emulator quiet;  // its own: the suite's gateway keeps calling the shared one
  const std::string path = write_temp_file(gateway_config(quiet, GatewayOptions{.extra_yaml = kQuick}));
  const auto run = run_cli({"export", "--config", path, "--query", "status=bogus&sort=nope&page_size=5"});
  EXPECT_EQ(run.status, 2);
  EXPECT_NE(run.err.find("--query: status:"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("--query: sort:"), std::string::npos) << run.err;
  EXPECT_TRUE(run.out.empty());
  for (const char* api : {"tencent-live", "alibaba-ice", "alibaba-aicontent"})
    EXPECT_EQ(quiet.calls(api), 0) << api;
  const auto paged = run_cli({"export", "--config", path, "--query", "page_size=5"});
  EXPECT_EQ(paged.status, 2);
  EXPECT_NE(paged.err.find("--query: page_size:"), std::string::npos) << paged.err;
}

TEST_F(CliE2E, BadConfigurationExits2WithTheKeyAndLine) {
  const std::string path = write_temp_file("accounts: []\nretry:\n  max_attempts: 99\n");
  for (const char* command : {"export", "check"}) {
    const auto run = run_cli({command, "--config", path});
    EXPECT_EQ(run.status, 2) << command;
    EXPECT_NE(run.err.find(path + ":3: retry.max_attempts"), std::string::npos) << command << ": " << run.err;
    EXPECT_TRUE(run.out.empty());
  }
  EXPECT_EQ(run_cli({"export", "--format", "json"}).status, 2);  // --config is required
  EXPECT_EQ(run_cli({"check", "--config", path, "--bogus"}).status, 2);
}

TEST_F(CliE2E, CheckPrintsOneOkLinePerAccountAndExits0) {
  Emulator counted;  // its own, so its counters are this check's calls only
  const auto run =
      run_cli({"check", "--config", write_temp_file(gateway_config(counted, {.extra_yaml = kQuick}))});
  EXPECT_EQ(run.status, 0) << run.err;
  const auto lines = lines_of(run.out);
  ASSERT_EQ(lines.size(), 3u) << run.out;
  EXPECT_TRUE(lines[0].starts_with("ok   live-test (tencent-live) ")) << lines[0];
  EXPECT_TRUE(lines[1].starts_with("ok   rtc-test (alibaba-ice) ")) << lines[1];
  EXPECT_TRUE(lines[2].starts_with("ok   aicontent-test (alibaba-aicontent) ")) << lines[2];
  for (const auto& line : lines) {
    EXPECT_NE(line.find(" records in "), std::string::npos) << line;
    EXPECT_TRUE(line.ends_with(" s")) << line;
  }
  // Every account really called, once (one fetch: its pages), and nothing else.
  for (const char* api : {"tencent-live", "alibaba-ice", "alibaba-aicontent"})
    EXPECT_GT(counted.calls(api), 0) << api;
  const auto records = counted.dataset().at("alibaba_ice").as_array().size();
  EXPECT_TRUE(lines[1].starts_with("ok   rtc-test (alibaba-ice) " + std::to_string(records) + " records"))
      << lines[1];
  // The gateway's logs stay on stderr, at warn unless --verbose (the file says level: info).
  EXPECT_EQ(run.err.find(R"("msg":"fetched")"), std::string::npos) << run.err;
  const auto verbose = run_cli({"check", "--verbose", "--config", write_temp_file(gateway_config(counted))});
  EXPECT_EQ(verbose.status, 0);
  EXPECT_NE(verbose.err.find(R"("msg":"fetched")"), std::string::npos) << verbose.err;
  EXPECT_EQ(lines_of(verbose.out).size(), 3u);
}

TEST_F(CliE2E, CheckWithAFailingAccountSaysWhyAndExits1) {
  GatewayOptions options;
  options.alibaba_key = "a-wrong-alibaba-secret-000000";
  const auto run = run_cli({"check", "--config", config(options)});
  EXPECT_EQ(run.status, 1) << run.err;
  const auto lines = lines_of(run.out);
  ASSERT_EQ(lines.size(), 3u) << run.out;
  EXPECT_TRUE(lines[0].starts_with("ok   live-test (tencent-live) ")) << lines[0];
  EXPECT_TRUE(lines[1].starts_with("FAIL rtc-test (alibaba-ice): auth: ")) << lines[1];
  EXPECT_TRUE(lines[2].starts_with("FAIL aicontent-test (alibaba-aicontent): auth: ")) << lines[2];
  EXPECT_EQ(run.out.find(options.alibaba_key), std::string::npos);
}

TEST_F(CliE2E, ExportGivesUpAtTheTimeoutAndSaysWhy) {
  Emulator hanging;
  for (const char* api : {"tencent-live", "alibaba-ice", "alibaba-aicontent"}) {
    hanging.faults(std::string(R"({"api":")") + api + R"(","hang":true})");
  }
  // Every other deadline is 10 minutes: a run that ends before run_cli's limit (60 s) ended at
  // --timeout.
  const std::string path = write_temp_file(gateway_config(
      hanging, {.extra_yaml = "retry: { max_attempts: 1, attempt_timeout: 10m }\nhistory: { enabled: false }\n"
                              "request_deadline: 10m\n"}));
  const auto run = run_cli({"export", "--config", path, "--timeout", "0.5", "--format", "table"});
  EXPECT_EQ(run.status, 1) << run.err;
  EXPECT_NE(run.err.find("live-test (tencent-live) failed: timeout"), std::string::npos) << run.err;
  EXPECT_EQ(lines_of(run.out).back(), "0 records");
  EXPECT_GT(hanging.api_stats("tencent-live").at("hung").to_number<int>(), 0);  // the cloud was asked
}

// Runbooks started together share the cloud's per-key limit: the cloud throttles some of their
// calls, and each run waits that out (past the provider's one-second window) within --timeout
// instead of failing. The emulator admits 10/s, half the 20/s each run paces itself to.
TEST_F(CliE2E, FiveConcurrentExportsOnOneAccountRideOutTheCloudsThrottling) {
  Emulator strict({"--tencent-rate-limit", "10"});
  GatewayOptions options;
  options.ice = options.aicontent = false;
  options.extra_yaml = "history: { enabled: false }\n";  // the default retry policy
  const std::string path = write_temp_file(gateway_config(strict, options));
  std::vector<CliRun> runs(5);
  std::vector<std::thread> threads;
  for (auto& run : runs) {
    threads.emplace_back([&run, &path] { run = run_cli({"export", "--config", path, "--timeout", "50", "--format", "csv"}); });
  }
  for (auto& t : threads) t.join();
  for (const auto& run : runs) {
    EXPECT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(lines_of(run.out).size(), 501u) << run.err;  // the header and the account's 500 records
  }
  const auto stats = strict.api_stats("tencent-live");
  ASSERT_TRUE(stats.at("errors").as_object().contains("RequestLimitExceeded")) << json::serialize(stats);
  EXPECT_GT(stats.at("errors").at("RequestLimitExceeded").to_number<std::int64_t>(), 0);
}

TEST_F(CliE2E, ExportPoolsForecastsFromTheHistoryFileAGatewayWrote) {
  Emulator burning;  // its own: the suite's emulator stays still for the comparisons above
  burning.usage(R"({"api":"tencent-live","pool_burn_per_hour":0.00025})");
  GatewayOptions o;
  o.ice = o.aicontent = false;
  o.extra_yaml = "cache: { ttl: 1s, stale_while_revalidate: 1s }\nhistory: { path: " + write_temp_file("", ".db") +
                 "-cli-pools.db, min_span: 3s }\n";
  const std::string yaml = gateway_config(burning, o);
  const std::string pool = "tencent-live:live-test:live-traffic:bytes";
  {
    Gateway server(yaml);
    server.wait_ready();
    wait_until(
        [&] {
          const auto r = server.get("/pools/" + pool);
          return r.status == 200 && !r.json().at("burn_rate_per_day").is_null();
        },
        std::chrono::seconds(60));
    EXPECT_EQ(server.process().stop(SIGTERM), 0);
  }
  const std::string file = write_temp_file(yaml);
  const auto run = run_cli({"export", "--pools", "--config", file, "--query", "kind=live-traffic"});
  ASSERT_EQ(run.status, 0) << run.err;
  const auto printed = json::parse(run.out).as_object();
  ASSERT_EQ(printed.at("items").as_array().size(), 1u) << run.out;
  const auto& item = printed.at("items").as_array()[0].as_object();
  EXPECT_EQ(item.at("id").as_string(), pool);
  EXPECT_GT(item.at("burn_rate_per_day").to_number<double>(), 0) << run.out;
  EXPECT_TRUE(item.at("projected_exhaustion_at").is_string()) << run.out;

  const auto csv = run_cli({"export", "--pools", "--config", file, "--format", "csv", "--query", "sort=-waste"});
  ASSERT_EQ(csv.status, 0) << csv.err;
  const auto rows = lines_of(csv.out);
  ASSERT_GE(rows.size(), 2u);
  EXPECT_TRUE(rows[0].starts_with("id,provider,account,kind,unit,")) << rows[0];
  EXPECT_NE(csv.out.find(pool), std::string::npos);

  const auto table = run_cli({"export", "--pools", "--config", file, "--format", "table"});
  EXPECT_EQ(table.status, 2);
  EXPECT_NE(table.err.find("json or csv"), std::string::npos) << table.err;
  const auto paged = run_cli({"export", "--pools", "--config", file, "--query", "page_size=5"});
  EXPECT_EQ(paged.status, 2);
  EXPECT_NE(paged.err.find("page_size"), std::string::npos) << paged.err;
}

TEST_F(CliE2E, HelpDocumentsBothSubcommands) {
  const auto help = run_cli({"help"});
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.out.find("quota-gateway export --config FILE"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("quota-gateway check --config FILE"), std::string::npos);
  const auto export_help = run_cli({"export", "--help"});
  EXPECT_EQ(export_help.status, 0);
  EXPECT_NE(export_help.out.find("--format"), std::string::npos);
  EXPECT_NE(export_help.out.find("--pools"), std::string::npos);
  EXPECT_NE(export_help.out.find("Exit status"), std::string::npos);
  EXPECT_EQ(run_cli({"check", "--help"}).status, 0);
}

}  // namespace

namespace {

// Issue 24.8: `export | head` was killed by SIGPIPE (status 141). Its output's reader gone, the
// run now stops writing, says so and exits 4 (documented). The reader is closed before the
// process starts, so the write fails every time, not only when a pipe buffer happens to fill.
TEST_F(CliE2E, ExportIntoAPipeWhoseReaderLeftExits4) {
  const std::string err = write_temp_file("", ".err");
  const std::string script =
      "import os, subprocess, sys\n"
      "r, w = os.pipe()\n"
      "os.close(r)\n"
      "p = subprocess.run(sys.argv[1:], stdout=w, stderr=open('" + err + "', 'w'))\n"
      "print('status', p.returncode)\n";
  ChildProcess process("/usr/bin/python3", {"-c", script, binary_path("quota-gateway"), "export", "--config", config(),
                                            "--format", "csv"});
  const auto status = process.wait_for_line(std::regex(R"(status (-?[0-9]+))"), std::chrono::seconds(60));
  EXPECT_EQ(status, "4") << read_all(err);
  EXPECT_NE(read_all(err).find("broken pipe"), std::string::npos) << read_all(err);
}

}  // namespace
