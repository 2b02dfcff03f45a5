// GET /quotas end to end: provider-emulator + quota-gateway as processes, real sockets, real
// signatures. Values are checked against the emulator's own dataset (GET /__emulator/dataset).

#include <charconv>
#include <cmath>
#include <csignal>
#include <regex>
#include <set>
#include <sstream>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "adapters/common/time.hpp"
#include "tests/e2e/e2e_support.hpp"

namespace {

using namespace qg::test;
namespace json = boost::json;

std::string str(const json::value& v) { return std::string(v.as_string()); }

class QuotasE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    emulator_ = new Emulator();
    gateway_ = new Gateway(*emulator_);
    gateway_->wait_ready();
  }
  static void TearDownTestSuite() {
    delete gateway_;
    delete emulator_;
  }
  static Emulator* emulator_;
  static Gateway* gateway_;
};
Emulator* QuotasE2E::emulator_ = nullptr;
Gateway* QuotasE2E::gateway_ = nullptr;

TEST_F(QuotasE2E, EveryRecordOfEveryApiArrivesExactlyOnceWithUtcTimes) {
  const auto data = emulator_->dataset();
  std::size_t tencent = 0;
  for (const auto& list : data.at("tencent_live").as_array()) tencent += list.as_array().size();
  const std::size_t ice = data.at("alibaba_ice").as_array().size();
  const std::size_t aicontent = data.at("alibaba_aicontent").as_array().size();
  ASSERT_GT(tencent, 300u);  // several pages per package type

  // Walk every page: each record once, no gaps.
  std::set<std::string> ids;
  std::map<std::string, json::object> by_id;
  std::string target = "/quotas?page_size=97";
  std::size_t pages = 0;
  for (; pages < 100; ++pages) {
    auto r = gateway_->get(target);
    ASSERT_EQ(r.status, 200u) << r.body;
    const auto body = r.json().as_object();
    EXPECT_EQ(body.at("total_items").as_int64(), static_cast<std::int64_t>(tencent + ice + aicontent));
    for (const auto& item : body.at("items").as_array()) {
      const auto id = str(item.at("id"));
      EXPECT_TRUE(ids.insert(id).second) << "duplicate " << id;
      by_id[id] = item.as_object();
    }
    if (body.at("next_page_token").is_null()) break;
    target = "/quotas?page_size=97&page_token=" + str(body.at("next_page_token"));
  }
  EXPECT_EQ(ids.size(), tencent + ice + aicontent);

  // Tencent: Beijing "YYYY-MM-DD hh:mm:ss" → UTC; Type decides kind and unit; int64 amounts.
  const auto& traffic = data.at("tencent_live").as_array()[0].as_array()[0].as_object();
  const auto& t = by_id.at("tencent-live:live-test:" + str(traffic.at("Id")));
  EXPECT_EQ(str(t.at("kind")), "live-traffic");
  EXPECT_EQ(str(t.at("unit")), "bytes");
  EXPECT_EQ(t.at("total").as_int64(), traffic.at("Total").as_int64());
  EXPECT_EQ(t.at("remaining").as_int64(), traffic.at("Left").as_int64());
  const auto expire = qg::adapters::parse_local_datetime(str(traffic.at("ExpireTime")), 8 * 3600);
  EXPECT_EQ(str(t.at("expires_at")), qg::adapters::format_rfc3339_utc(*expire));
  EXPECT_EQ(str(t.at("expires_at")).back(), 'Z');

  // ICE: already UTC; LicenseCount in licenses; AvailableCapacity kept aside.
  const auto& lic = data.at("alibaba_ice").as_array()[0].as_object();
  const auto& l = by_id.at("alibaba-ice:rtc-test:" + str(lic.at("LicenseItemId")));
  EXPECT_EQ(str(l.at("expires_at")), str(lic.at("ExpiredOn")));
  EXPECT_EQ(l.at("total").as_int64(), lic.at("LicenseCount").as_int64());
  EXPECT_TRUE(l.at("remaining").is_null());
  EXPECT_EQ(l.at("details").as_object().at("available_capacity").as_int64(), lic.at("AvailableCapacity").as_int64());

  // AIContent: Chinese names intact, Beijing → UTC, open status enum.
  const auto& res = data.at("alibaba_aicontent").as_array()[0].as_object();
  const auto& a = by_id.at("alibaba-aicontent:aicontent-test:" + str(res.at("instanceId")) + ":" +
                           str(res.at("resourceCatalogCode")));
  EXPECT_NE(str(a.at("name")).find(str(res.at("resourceCatalogName"))), std::string::npos);
  EXPECT_EQ(a.at("remaining").as_int64(), res.at("remainQuantity").as_int64());
  std::set<std::string> statuses;
  for (const auto& [id, item] : by_id) statuses.insert(str(item.at("status")));
  for (const char* s : {"active", "expired", "exhausted", "frozen", "pending", "refunded", "unknown"}) {
    EXPECT_TRUE(statuses.count(s)) << "no record with status " << s;
  }
}

TEST_F(QuotasE2E, FiltersSortAndCsvForRunbooks) {
  auto r = gateway_->get("/quotas?status=active&expires_before=2026-12-31T00:00:00Z&sort=-remaining&format=csv");
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.header("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_NE(r.header("Content-Disposition").find("attachment; filename=\"quotas-"), std::string::npos);
  EXPECT_TRUE(r.body.starts_with("id,provider,account,kind,name,status,"));
  EXPECT_NE(r.body.find("\r\n"), std::string::npos);
  EXPECT_EQ(r.body.find(",expired,"), std::string::npos);

  auto j = gateway_->get("/quotas?provider=alibaba-aicontent&fields=name,status&page_size=5");
  ASSERT_EQ(j.status, 200u);
  const auto body = j.json().as_object();
  EXPECT_EQ(body.at("sources").as_array().size(), 1u);  // the other accounts were not even asked
  ASSERT_EQ(body.at("items").as_array().size(), 5u);
  for (const auto& item : body.at("items").as_array()) {
    EXPECT_EQ(item.as_object().size(), 3u);
    EXPECT_TRUE(item.as_object().contains("id"));
  }
}

// The first field of every CSV data row (the id; ids hold no comma).
std::vector<std::string> csv_ids(const std::string& csv) {
  std::vector<std::string> ids;
  std::size_t pos = csv.find("\r\n");
  while (pos != std::string::npos && pos + 2 < csv.size()) {
    pos += 2;
    ids.push_back(csv.substr(pos, csv.find(',', pos) - pos));
    pos = csv.find("\r\n", pos);
  }
  return ids;
}

TEST_F(QuotasE2E, ACsvExportIsEveryRecordAndEqualsTheJsonPagesWalkedThroughLink) {
  const std::string filter = "sort=-remaining,expires_at&status=active,expired";
  auto csv = gateway_->get("/quotas?format=csv&" + filter);
  ASSERT_EQ(csv.status, 200u) << csv.body;
  EXPECT_EQ(csv.header("Transfer-Encoding"), "chunked");
  EXPECT_FALSE(csv.has_header("Link"));
  const auto exported = csv_ids(csv.body);
  EXPECT_GT(exported.size(), 300u);  // more than the 100 a page would hold
  EXPECT_EQ(csv.header("X-Total-Count"), std::to_string(exported.size()));

  std::vector<std::string> walked;
  std::string target = "/quotas?" + filter + "&page_size=61";
  for (int pages = 0; pages < 100 && !target.empty(); ++pages) {
    auto r = gateway_->get(target);
    ASSERT_EQ(r.status, 200u) << r.body;
    const auto body = r.json().as_object();
    for (const auto& item : body.at("items").as_array()) walked.push_back(str(item.at("id")));
    const auto link = r.header("Link");
    EXPECT_EQ(link.empty(), body.at("next_page_token").is_null());
    target = link.empty() ? "" : link.substr(1, link.find('>') - 1);
  }
  EXPECT_EQ(walked, exported);

  // NDJSON for pipelines: the same records, one JSON object per line.
  auto nd = gateway_->get("/quotas?format=ndjson&" + filter);
  ASSERT_EQ(nd.status, 200u);
  EXPECT_EQ(nd.header("Content-Type"), "application/x-ndjson");
  std::size_t lines = 0;
  for (std::size_t pos = 0; pos < nd.body.size(); pos = nd.body.find('\n', pos) + 1) {
    EXPECT_EQ(str(json::parse(nd.body.substr(pos, nd.body.find('\n', pos) - pos)).at("id")), exported[lines]);
    ++lines;
  }
  EXPECT_EQ(lines, exported.size());

  // A CSV page says there is more: Link and the total.
  auto page = gateway_->get("/quotas?format=csv&page_size=10");
  EXPECT_EQ(csv_ids(page.body).size(), 10u);
  EXPECT_NE(page.header("Link").find("rel=\"next\""), std::string::npos);
  EXPECT_GT(std::stoul(page.header("X-Total-Count")), 300u);
}

TEST_F(QuotasE2E, BadRequestsAreProblemsNamingTheParameter) {
  for (const char* target : {"/quotas?colour=red", "/quotas?page_size=0", "/quotas?status=bogus",
                             "/quotas?expires_before=someday", "/quotas?q=%ZZ", "/quotas?page_token=forged"}) {
    auto r = gateway_->get(target);
    EXPECT_EQ(r.status, 400u) << target;
    EXPECT_EQ(r.header("Content-Type"), "application/problem+json") << target;
    const auto body = r.json().as_object();
    EXPECT_EQ(body.at("status").as_int64(), 400);
    EXPECT_FALSE(body.at("invalid_params").as_array().empty()) << target;
  }
  auto unknown = gateway_->get("/nope");
  EXPECT_EQ(unknown.status, 404u);
  EXPECT_EQ(unknown.header("Content-Type"), "application/problem+json");
  TestClient c(gateway_->port());
  auto post = c.request("POST", "/quotas");
  EXPECT_EQ(post.status, 405u);
  EXPECT_EQ(post.header("Allow"), "GET, HEAD, OPTIONS");
  auto xml = gateway_->get("/quotas", {{"Accept", "application/xml"}});
  EXPECT_EQ(xml.status, 406u);
  auto timeout = gateway_->get("/quotas", {{"Request-Timeout", "soon"}});
  EXPECT_EQ(timeout.status, 400u);
}

TEST_F(QuotasE2E, EtagRevalidationHeadAndCachingHeaders) {
  TestClient c(gateway_->port());
  auto first = c.get("/quotas?page_size=10");
  ASSERT_EQ(first.status, 200u);
  const auto etag = first.header("ETag");
  ASSERT_FALSE(etag.empty());
  EXPECT_NE(first.header("Cache-Control").find("max-age="), std::string::npos);
  EXPECT_FALSE(first.header("Age").empty());
  EXPECT_EQ(first.header("X-Quota-Complete"), "true");
  EXPECT_FALSE(first.header("X-Request-Id").empty());
  // The weak ETag names the records and each source's status, not the ages that move every
  // second, and this emulator's data stand still (no usage burns): revalidating is a 304, whenever
  // it comes and however often the gateway refreshed in between.
  auto again = c.get("/quotas?page_size=10", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304u);
  EXPECT_EQ(again.header("ETag"), etag);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(c.get("/quotas?page_size=10", {{"If-None-Match", "W/\"another\""}}).status, 200u);
  auto head = c.request("HEAD", "/quotas?page_size=10");
  EXPECT_EQ(head.status, 200u);
  EXPECT_TRUE(head.body.empty());
  EXPECT_FALSE(head.header("Content-Length").empty());
  auto id = c.get("/healthz", {{"X-Request-Id", "runbook-42"}});
  EXPECT_EQ(id.header("X-Request-Id"), "runbook-42");
  EXPECT_EQ(c.connections_opened(), 1u);  // keep-alive throughout
}

TEST_F(QuotasE2E, LargeAnswersAreGzippedForClientsThatAcceptIt) {
  auto plain = gateway_->get("/quotas?page_size=50");
  auto zipped = gateway_->get("/quotas?page_size=50", {{"Accept-Encoding", "gzip"}});
  ASSERT_EQ(zipped.status, 200u);
  EXPECT_EQ(zipped.header("Content-Encoding"), "gzip");
  EXPECT_LT(zipped.body.size(), plain.body.size() / 3);
  EXPECT_NE(zipped.header("ETag"), plain.header("ETag"));
  EXPECT_NE(zipped.header("Vary").find("Accept-Encoding"), std::string::npos);
  EXPECT_FALSE(plain.has_header("Content-Encoding"));
  auto small = gateway_->get("/quotas?page_size=1&fields=name", {{"Accept-Encoding", "gzip"}});
  EXPECT_FALSE(small.has_header("Content-Encoding"));  // not worth compressing
}

// AIContent pages hold 100 resources: a tenant with more crosses the paging path over the wire,
// page 1 bringing the total and the other pages going out after it.
TEST(QuotasE2ELargeTenant, AnAiContentAccountOfSeveralPagesArrivesWhole) {
  Emulator emulator({"--aicontent-resources", "250"});
  GatewayOptions options;
  options.tencent = options.ice = false;
  Gateway gateway(emulator, options);
  gateway.wait_ready();
  const auto native = emulator.dataset().at("alibaba_aicontent").as_array();
  ASSERT_EQ(native.size(), 250u);  // three pages of at most 100
  std::set<std::string> expected;
  for (const auto& res : native) {
    expected.insert("alibaba-aicontent:aicontent-test:" + str(res.at("instanceId")) + ":" + str(res.at("resourceCatalogCode")));
  }
  ASSERT_EQ(expected.size(), native.size());

  // Count the page calls from here. The first refresh may join a fetch begun before the reset;
  // the second is single-flight after it, so one whole fetch lies after the reset.
  emulator.reset();
  ASSERT_EQ(gateway.get("/quotas?refresh=true&page_size=1").status, 200u);
  // A refresh the account's refresh budget lets through (one it skips is answered from the cache).
  TestResponse r;
  ASSERT_TRUE(wait_until([&] {
    r = gateway.get("/quotas?refresh=true&page_size=1000");
    return r.status != 200 || r.header("X-Quota-Refresh-Skipped").empty();
  }, std::chrono::seconds(30)));
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.header("X-Quota-Complete"), "true");
  const auto body = r.json().as_object();
  EXPECT_EQ(body.at("total_items").as_int64(), 250);
  EXPECT_TRUE(body.at("next_page_token").is_null());
  std::set<std::string> arrived;
  for (const auto& item : body.at("items").as_array()) {
    EXPECT_TRUE(arrived.insert(str(item.at("id"))).second) << "duplicate " << item.at("id");
  }
  EXPECT_EQ(arrived, expected);
  const auto source = source_of(body, "aicontent-test");
  EXPECT_EQ(source.at("items").as_int64(), 250);
  // Three pages a fetch (more calls when the refresher fetched too).
  EXPECT_GE(emulator.calls("alibaba-aicontent"), 3);
  EXPECT_GE(source.at("upstream_calls").as_int64(), 3) << boost::json::serialize(source);
}

TEST(QuotasE2EFailures, ApiKeysCorsPreflightAndOpenProbes) {
  Emulator emulator;
  GatewayOptions options;
  options.extra_yaml = "auth: { api_keys: [\"k-123\"] }\ncors: { allowed_origins: [\"https://dash.example\"] }\n";
  Gateway gateway(emulator, options);
  auto anonymous = gateway.get("/quotas");
  EXPECT_EQ(anonymous.status, 401u);
  EXPECT_EQ(anonymous.header("WWW-Authenticate"), "Bearer realm=\"quota-gateway\"");
  EXPECT_EQ(anonymous.header("Content-Type"), "application/problem+json");
  EXPECT_EQ(gateway.get("/quotas?page_size=1", {{"Authorization", "Bearer wrong"}}).status, 401u);
  EXPECT_EQ(gateway.get("/quotas?page_size=1", {{"Authorization", "Bearer k-123"}}).status, 200u);
  EXPECT_EQ(gateway.get("/quotas?page_size=1", {{"X-API-Key", "k-123"}}).status, 200u);
  EXPECT_EQ(gateway.get("/healthz").status, 200u);  // probes stay open
  EXPECT_NE(gateway.get("/readyz").status, 401u);
  TestClient c(gateway.port());
  auto preflight = c.request("OPTIONS", "/quotas", {{"Origin", "https://dash.example"},
                                                      {"Access-Control-Request-Method", "GET"},
                                                      {"Access-Control-Request-Headers", "authorization"}});
  EXPECT_EQ(preflight.status, 204u);
  EXPECT_EQ(preflight.header("Access-Control-Allow-Origin"), "https://dash.example");
  EXPECT_NE(preflight.header("Access-Control-Allow-Headers").find("Authorization"), std::string::npos);
  auto actual = c.get("/quotas?page_size=1", {{"Origin", "https://dash.example"}, {"X-API-Key", "k-123"}});
  EXPECT_EQ(actual.header("Access-Control-Allow-Origin"), "https://dash.example");
  EXPECT_NE(actual.header("Access-Control-Expose-Headers").find("ETag"), std::string::npos);
  EXPECT_NE(actual.header("Access-Control-Expose-Headers").find("X-Quota-Complete"), std::string::npos);
  auto stranger = c.get("/quotas?page_size=1", {{"Origin", "https://evil.example"}, {"X-API-Key", "k-123"}});
  EXPECT_FALSE(stranger.has_header("Access-Control-Allow-Origin"));
}

TEST(QuotasE2EFailures, WrongTencentSecretFailsOnlyThatSourceWithTheProviderCodeAndNoRetry) {
  Emulator emulator;
  GatewayOptions options;
  options.tencent_key = "not-the-secret";
  Gateway gateway(emulator, options);
  gateway.wait_ready();
  emulator.reset();
  auto r = gateway.get("/quotas?refresh=true&page_size=1");
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.header("X-Quota-Complete"), "false");
  const auto body = r.json();
  const auto tencent = source_of(body, "live-test");
  EXPECT_EQ(str(tencent.at("status")), "error");
  const auto& problem = tencent.at("error").as_object();
  EXPECT_EQ(str(problem.at("provider_code")), "AuthFailure.SignatureFailure");
  EXPECT_FALSE(problem.at("provider_request_id").is_null());
  EXPECT_FALSE(problem.at("retryable").as_bool());
  EXPECT_EQ(str(source_of(body, "rtc-test").at("status")), "ok");
  EXPECT_EQ(str(source_of(body, "aicontent-test").at("status")), "ok");
  // An authentication failure is not retried: one upstream call per package type's first page.
  EXPECT_LE(emulator.calls("tencent-live"), 3);
  EXPECT_EQ(gateway.process().output().find("not-the-secret"), std::string::npos);
}

TEST(QuotasE2EFailures, WhenEverySourceFailsTheAnswerIs502ProblemWithSources) {
  Emulator emulator;
  GatewayOptions options;
  options.ice = options.aicontent = false;
  options.tencent_key = "wrong";
  Gateway gateway(emulator, options);
  auto r = gateway.get("/quotas");
  EXPECT_EQ(r.status, 502u);
  EXPECT_EQ(r.header("Content-Type"), "application/problem+json");
  const auto body = r.json().as_object();
  EXPECT_EQ(body.at("status").as_int64(), 502);
  EXPECT_EQ(str(source_of(body, "live-test").at("status")), "error");
}

TEST(QuotasE2EFailures, WrongAlibabaSecretFailsBothAlibabaSourcesWithSignatureDoesNotMatch) {
  Emulator emulator;
  GatewayOptions options;
  options.alibaba_key = "wrong-alibaba-secret";
  Gateway gateway(emulator, options);
  auto r = gateway.get("/quotas?page_size=1");
  ASSERT_EQ(r.status, 200u);
  const auto body = r.json();
  for (const char* account : {"rtc-test", "aicontent-test"}) {
    const auto s = source_of(body, account);
    EXPECT_EQ(str(s.at("status")), "error");
    EXPECT_EQ(str(s.at("error").as_object().at("provider_code")), "SignatureDoesNotMatch");
    EXPECT_EQ(s.at("error").as_object().at("upstream_status").as_int64(), 400);
  }
  EXPECT_EQ(str(source_of(body, "live-test").at("status")), "ok");
}

// Every number token of a JSON text, in order (strings skipped).
std::vector<std::string> json_numbers(const std::string& text) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == '"') {
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\') ++i;
      }
      ++i;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      const std::size_t end = text.find_first_not_of("-+.eE0123456789", i);
      out.push_back(text.substr(i, end - i));
      i = end;
    } else {
      ++i;
    }
  }
  return out;
}

// A number as people write it (`-?digits[.digits]`, no exponent), and exactly the text the value
// it reads as is printed with: integers as themselves, fractions in their shortest round-trip form.
void expect_plain_number(const std::string& token, const std::string& where) {
  static const std::regex kPlain(R"(-?\d+(\.\d+)?)");
  ASSERT_TRUE(std::regex_match(token, kPlain)) << where << ": " << token;
  if (token.find('.') == std::string::npos) {
    std::int64_t i = 0;
    ASSERT_EQ(std::from_chars(token.data(), token.data() + token.size(), i).ec, std::errc()) << where << ": " << token;
    EXPECT_EQ(std::to_string(i), token) << where;
    return;
  }
  double d = 0;
  ASSERT_EQ(std::from_chars(token.data(), token.data() + token.size(), d).ec, std::errc()) << where << ": " << token;
  char back[400];
  const auto end = std::to_chars(back, back + sizeof back, d, std::chars_format::fixed).ptr;
  EXPECT_EQ(std::string(back, end), token) << where;
}

// The numbers of a demo answer, in every representation: 0.99, 1 and 0, never 9.9E-1, 1E0, 0E0.
TEST(QuotasE2ENumbers, EveryNumberOfADemoAnswerIsAPlainDecimalThatReadsBackTheSame) {
  ChildProcess demo(binary_path("quota-gateway"), {"--listen", "127.0.0.1:0"});
  const auto port = wait_for_port(demo);
  demo.wait_for_line(std::regex(R"("msg":"ready")"));
  const auto page = http_get(port, "/quotas?page_size=1000&sort=-utilization");
  ASSERT_EQ(page.status, 200u) << page.body.substr(0, 300);
  std::size_t fractions = 0, whole = 0;
  const auto items = page.json().at("items").as_array();
  for (const auto& item : items) {
    const auto& u = item.at("utilization");
    if (!u.is_number()) continue;
    const double v = u.to_number<double>();  // "1" reads as an integer, "0.99" as a double
    if (v != std::floor(v)) ++fractions;
    if (v == 0 || v == 1) ++whole;
  }
  EXPECT_GT(fractions, 10u);  // the demo has partly used packages...
  EXPECT_GT(whole, 10u);      // ...and unused or used-up ones
  EXPECT_NE(page.body.find("\"utilization\":1,"), std::string::npos);
  EXPECT_NE(page.body.find("\"utilization\":0,"), std::string::npos);
  const auto ndjson = http_get(port, "/quotas?format=ndjson");
  const auto id = std::string(items.at(0).at("id").as_string());
  const auto history = http_get(port, "/quotas/" + id + "/history");
  ASSERT_EQ(history.status, 200u);
  for (const auto* answer : {&page, &ndjson, &history}) {
    ASSERT_EQ(answer->status, 200u);
    const auto numbers = json_numbers(answer->body);
    if (answer != &history) EXPECT_GT(numbers.size(), items.size());
    for (const auto& n : numbers) expect_plain_number(n, answer->body.substr(0, 80));
  }
  // CSV prints them the same way (an empty cell where the value is null).
  const auto csv = http_get(port, "/quotas?format=csv&fields=utilization,remaining");
  ASSERT_EQ(csv.status, 200u);
  std::istringstream lines(csv.body);
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, "id,utilization,remaining\r");
  std::size_t rows = 0;
  while (std::getline(lines, line)) {
    const auto first = line.find(','), second = line.find(',', first + 1);
    for (const auto& cell : {line.substr(first + 1, second - first - 1), line.substr(second + 1, line.size() - second - 2)}) {
      if (!cell.empty()) expect_plain_number(cell, line);
    }
    ++rows;
  }
  EXPECT_EQ(rows, items.size());
  EXPECT_EQ(demo.stop(SIGINT), 0);
}

}  // namespace
