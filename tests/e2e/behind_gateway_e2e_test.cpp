// Behind an API gateway: every route under base_path (and nothing outside it), links and the
// spec's servers carrying the prefix, forwarded headers believed from trusted proxies only,
// per-client limits with the IETF headers, a refresh flood kept to the refresh budget, and a
// metrics listener Prometheus reaches without a key.

#include <regex>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "tests/e2e/e2e_support.hpp"

namespace {

using namespace qg::test;
namespace json = boost::json;

constexpr const char* kKeyA = "behind-gateway-key-a-0123456789";
constexpr const char* kKeyB = "behind-gateway-key-b-0123456789";

Headers key(const char* k) { return {{"Authorization", std::string("Bearer ") + k}}; }

TEST(BehindGatewayE2E, EveryRouteLivesUnderTheBasePathAndGeneratedLinksCarryIt) {
  Emulator emulator;
  GatewayOptions o;
  o.extra_yaml = "base_path: /qg\n";
  Gateway gateway(emulator, o);
  gateway.wait_ready();  // /readyz is under the base path too: wait_ready knows
  EXPECT_EQ(gateway.get("/quotas").status, 404u);
  EXPECT_EQ(gateway.get("/qgx/quotas").status, 404u);
  auto page = gateway.get("/qg/quotas?page_size=5");
  ASSERT_EQ(page.status, 200u) << page.body;
  EXPECT_TRUE(page.header("Link").starts_with("</qg/quotas?page_size=5&page_token=")) << page.header("Link");
  auto next = gateway.get(page.header("Link").substr(1, page.header("Link").find('>') - 1));
  EXPECT_EQ(next.status, 200u);
  for (const char* path : {"/qg/healthz", "/qg/readyz", "/qg/metrics", "/qg/openapi.json", "/qg/openapi.yaml", "/qg/docs",
                           "/qg/docs/swagger-ui.css", "/qg/ui", "/qg/ui/app.js"}) {
    EXPECT_EQ(gateway.get(path).status, 200u) << path;
  }
  for (const char* path : {"/healthz", "/metrics", "/openapi.json", "/docs", "/ui"}) {
    EXPECT_EQ(gateway.get(path).status, 404u) << path;
  }
  const auto spec = gateway.get("/qg/openapi.json").json();
  EXPECT_EQ(spec.at("servers").as_array()[0].at("url").as_string(), "/qg");
  EXPECT_NE(gateway.get("/qg/openapi.yaml").body.find("url: /qg\n"), std::string::npos);
  // The docs page loads its assets and the spec relative to itself: they resolve under /qg.
  const auto docs = gateway.get("/qg/docs").body;
  EXPECT_NE(docs.find("src=\"docs/swagger-ui-bundle.js\""), std::string::npos);
  EXPECT_EQ(docs.find("\"/docs/"), std::string::npos);
  EXPECT_NE(gateway.get("/qg/docs/init.js").body.find("url: 'openapi.json'"), std::string::npos);
  auto redirect = gateway.get("/qg/ui/");
  EXPECT_EQ(redirect.status, 301u);
  EXPECT_EQ(redirect.header("Location"), "/qg/ui");
}

TEST(BehindGatewayE2E, ForwardedHeadersCountFromTrustedProxiesOnly) {
  Emulator emulator;
  GatewayOptions trusting;
  trusting.extra_yaml = "trusted_proxies: [127.0.0.1/32]\nclient_limits: { rate: 1/m, burst: 2 }\n";
  Gateway behind_proxy(emulator, trusting);
  behind_proxy.wait_ready();
  // Through the trusted proxy each forwarded client has its own budget and prefix.
  const Headers alice{{"X-Forwarded-For", "198.51.100.7"}, {"X-Forwarded-Prefix", "/quota-gateway"}};
  const Headers bob{{"X-Forwarded-For", "6.6.6.6, 198.51.100.8"}};
  EXPECT_EQ(behind_proxy.get("/quotas?page_size=1", alice).status, 200u);
  auto linked = behind_proxy.get("/quotas?page_size=1", alice);
  EXPECT_TRUE(linked.header("Link").starts_with("</quota-gateway/quotas?")) << linked.header("Link");
  EXPECT_EQ(behind_proxy.get("/quotas?page_size=1", alice).status, 429u);
  EXPECT_EQ(behind_proxy.get("/quotas?page_size=1", bob).status, 200u);
  EXPECT_EQ(behind_proxy.get("/openapi.json", alice).json().at("servers").as_array()[0].at("url").as_string(),
            "/quota-gateway");
  behind_proxy.process().wait_for_line(std::regex(R"("remote":"198\.51\.100\.8")"));

  // The same headers from a peer that is not trusted: ignored, one budget for the connection's address.
  GatewayOptions plain;
  plain.extra_yaml = "client_limits: { rate: 1/m, burst: 2 }\n";
  Gateway direct(emulator, plain);
  direct.wait_ready();
  EXPECT_EQ(direct.get("/quotas?page_size=1", alice).status, 200u);
  auto unprefixed = direct.get("/quotas?page_size=1", bob);
  EXPECT_EQ(unprefixed.status, 200u);
  EXPECT_TRUE(unprefixed.header("Link").starts_with("</quotas?")) << unprefixed.header("Link");
  EXPECT_EQ(direct.get("/quotas?page_size=1", {{"X-Forwarded-For", "203.0.113.99"}}).status, 429u);
  EXPECT_EQ(direct.get("/openapi.json", alice).json().at("servers").as_array()[0].at("url").as_string(), "/");
}

// Issue 24.1: behind nginx, which appends the peer to X-Forwarded-For and passes a client's
// Forwarded through, the client used to be whoever Forwarded named (8 of 8 requests served where
// the honest client is limited). One family is believed: X-Forwarded-For unless configured.
TEST(BehindGatewayE2E, OnlyTheConfiguredHeaderFamilyNamesTheClient) {
  Emulator emulator;
  GatewayOptions o;
  o.ice = o.aicontent = false;
  o.extra_yaml = "trusted_proxies: [127.0.0.1/32]\nclient_limits: { rate: 1/m, burst: 2 }\n";
  Gateway gateway(emulator, o);
  gateway.wait_ready();
  const std::string honest = "198.51.100.20";  // what the proxy appended
  for (int i = 0; i < 4; ++i) {
    const Headers forged{{"Forwarded", "for=203.0.113." + std::to_string(i + 1)}, {"X-Forwarded-For", honest}};
    EXPECT_EQ(gateway.get("/quotas?page_size=1", forged).status, i < 2 ? 200u : 429u) << i;
  }
  // A stray quote plus padding in front of what the proxy appended hides nothing.
  const Headers padded{{"X-Forwarded-For", "\"" + std::string(80, 'a') + ", " + honest}};
  EXPECT_EQ(gateway.get("/quotas?page_size=1", padded).status, 429u);
  gateway.process().wait_for_line(std::regex(R"("status":429.*"remote":"198\.51\.100\.20")"));
  const auto log = gateway.process().output();
  EXPECT_EQ(log.find("\"remote\":\"203.0.113."), std::string::npos);
  EXPECT_EQ(log.find("\"remote\":\"aaaa"), std::string::npos);

  // Proxies that write Forwarded: that family, and X-Forwarded-For is what the client forged.
  GatewayOptions rfc = o;
  rfc.extra_yaml =
      "trusted_proxies: [127.0.0.1/32]\nforwarded_header: forwarded\nclient_limits: { rate: 1/m, burst: 1 }\n";
  Gateway behind_rfc(emulator, rfc);
  behind_rfc.wait_ready();
  const Headers rfc_proxy{{"Forwarded", "for=198.51.100.30"}, {"X-Forwarded-For", "6.6.6.1"}};
  const Headers rfc_proxy_again{{"Forwarded", "for=198.51.100.30"}, {"X-Forwarded-For", "6.6.6.2"}};
  EXPECT_EQ(behind_rfc.get("/quotas?page_size=1", rfc_proxy).status, 200u);
  EXPECT_EQ(behind_rfc.get("/quotas?page_size=1", rfc_proxy_again).status, 429u);
  behind_rfc.process().wait_for_line(std::regex(R"("status":429.*"remote":"198\.51\.100\.30")"));
}

// Issue 20.3: a proxy that forwards the path unchanged and also says X-Forwarded-Prefix gets the
// prefix once in Link, the spec's servers and the /ui/ redirect.
TEST(BehindGatewayE2E, APrefixThePathAlreadyCarriesIsNotDoubled) {
  Emulator emulator;
  GatewayOptions o;
  o.extra_yaml = "base_path: /quota-gateway\ntrusted_proxies: [127.0.0.1/32]\n";
  Gateway gateway(emulator, o);
  gateway.wait_ready();
  const Headers proxy{{"X-Forwarded-Prefix", "/quota-gateway"}};
  auto page = gateway.get("/quota-gateway/quotas?page_size=5", proxy);
  ASSERT_EQ(page.status, 200u) << page.body;
  const auto link = page.header("Link");
  EXPECT_TRUE(link.starts_with("</quota-gateway/quotas?page_size=5&page_token=")) << link;
  EXPECT_EQ(gateway.get(link.substr(1, link.find('>') - 1), proxy).status, 200u);
  EXPECT_EQ(gateway.get("/quota-gateway/openapi.json", proxy).json().at("servers").as_array()[0].at("url").as_string(),
            "/quota-gateway");
  const auto redirect = gateway.get("/quota-gateway/ui/", proxy);
  EXPECT_EQ(redirect.header("Location"), "/quota-gateway/ui");
  // Where it points depends on the forwarded prefix: never from a shared cache (issue 24.8).
  EXPECT_EQ(redirect.header("Cache-Control"), "private, max-age=3600");
  EXPECT_EQ(redirect.header("Vary"), "X-Forwarded-Prefix");
  // Every answer, API ones included, forbids content sniffing.
  EXPECT_EQ(page.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(gateway.get("/quota-gateway/nowhere", proxy).header("X-Content-Type-Options"), "nosniff");
  // A prefix the proxy did strip is still put in front.
  EXPECT_EQ(gateway.get("/quota-gateway/ui/", {{"X-Forwarded-Prefix", "/edge"}}).header("Location"),
            "/edge/quota-gateway/ui");
}

TEST(BehindGatewayE2E, AClientPastItsLimitGets429WithTheHeadersWhileAnotherKeyIsServed) {
  Emulator emulator;
  GatewayOptions o;
  o.extra_yaml = std::string("auth: { api_keys: [") + kKeyA + ", " + kKeyB + "] }\nclient_limits: { rate: 1/m, burst: 3 }\n";
  Gateway gateway(emulator, o);
  gateway.wait_ready();
  for (int i = 0; i < 3; ++i) {
    auto ok = gateway.get("/quotas?page_size=1", key(kKeyA));
    ASSERT_EQ(ok.status, 200u);
    EXPECT_EQ(ok.header("RateLimit-Policy"), "\"requests\";q=3;w=180");
    EXPECT_EQ(ok.header("RateLimit").substr(0, 15), "\"requests\";r=" + std::to_string(2 - i) + ";");
  }
  auto limited = gateway.get("/quotas?page_size=1", key(kKeyA));
  ASSERT_EQ(limited.status, 429u);
  EXPECT_EQ(limited.header("Content-Type"), "application/problem+json");
  EXPECT_EQ(limited.json().at("type").as_string(), "https://quota-gateway.dev/problems/too-many-requests");
  EXPECT_GE(std::stoi(limited.header("Retry-After")), 1);
  EXPECT_EQ(limited.header("RateLimit-Policy"), "\"requests\";q=3;w=180");
  EXPECT_TRUE(limited.header("RateLimit").starts_with("\"requests\";r=0;t=")) << limited.header("RateLimit");
  // The limit follows the key, not the connection: the other key is served.
  EXPECT_EQ(gateway.get("/quotas?page_size=1", key(kKeyB)).status, 200u);
  // Probes, the spec and the pages are not limited.
  EXPECT_EQ(gateway.get("/healthz").status, 200u);
  EXPECT_EQ(gateway.get("/openapi.json").status, 200u);
  const auto metrics = gateway.get("/metrics", key(kKeyB)).body;
  EXPECT_NE(metrics.find("quotagw_client_limited_total{policy=\"requests\"} 1"), std::string::npos);
}

TEST(BehindGatewayE2E, ARefreshFloodStaysWithinTheRefreshLimit) {
  Emulator emulator;
  GatewayOptions o;
  o.ice = o.aicontent = false;
  o.extra_yaml = "client_limits: { rate: 1000/s, burst: 1000, refresh: 6/m }\nrefresh: { enabled: false }\n";
  Gateway gateway(emulator, o);
  gateway.wait_ready();
  const auto before = emulator.calls("tencent-live");
  const auto per_fetch = before;  // the warm-up was one full fetch
  ASSERT_GT(per_fetch, 0);
  int skipped = 0;
  for (int i = 0; i < 20; ++i) {
    auto r = gateway.get("/quotas?refresh=true&page_size=1");
    ASSERT_EQ(r.status, 200u);
    const bool was_skipped = r.header("X-Quota-Refresh-Skipped") == "rate-limited";
    skipped += was_skipped ? 1 : 0;
    // Past the client's six every refresh is skipped; within them the account's own refresh
    // budget may skip some too (back-to-back refreshes of one account).
    if (i >= 6) {
      EXPECT_TRUE(was_skipped) << i;
      EXPECT_TRUE(r.header("RateLimit").find("\"refresh\";r=0;") != std::string::npos) << r.header("RateLimit");
    }
    EXPECT_NE(r.header("RateLimit-Policy").find("\"refresh\";q=6;w=60"), std::string::npos);
  }
  EXPECT_GE(skipped, 14);
  // Six refreshes at most, each one full fetch: upstream load is the refresh budget, not the client.
  EXPECT_LE(emulator.calls("tencent-live") - before, 6 * per_fetch);
  // max_age that the cache satisfies costs nothing from the budget.
  auto cached = gateway.get("/quotas?max_age=3600&page_size=1");
  EXPECT_EQ(cached.header("X-Quota-Refresh-Skipped"), "");
  EXPECT_EQ(cached.header("RateLimit-Policy").find("refresh"), std::string::npos);
}

// The defaults: without a client_limits section nothing limits plain requests (a frontend's
// page load behind a proxy that shares one address is not throttled), while requests that
// would call a cloud still spend the refresh budget; naming `rate` opts in to request limits.
TEST(BehindGatewayE2E, WithoutClientLimitsOnlyRefreshesAreBudgetedAndRequestLimitsAreOptIn) {
  Emulator emulator;
  GatewayOptions o;
  o.ice = o.aicontent = false;
  o.extra_yaml = "refresh: { enabled: false }\n";
  std::string yaml = gateway_config(emulator, o);
  const std::string off = "client_limits: { enabled: false }\n";  // what the suite adds for its own load
  ASSERT_NE(yaml.find(off), std::string::npos);
  yaml.erase(yaml.find(off), off.size());
  ASSERT_EQ(yaml.find("client_limits"), std::string::npos) << yaml;
  Gateway defaults(yaml);
  defaults.wait_ready();
  const auto burst = concurrent_gets(defaults.port(), 300, "/quotas?page_size=5");
  for (const auto& r : burst) {
    ASSERT_EQ(r.status, 200u) << r.error << r.body.substr(0, 300);
    EXPECT_EQ(r.header("RateLimit-Policy"), "");  // no request budget to report
  }
  int skipped = 0;
  for (int i = 0; i < 20; ++i) {
    auto r = defaults.get("/quotas?refresh=true&page_size=1");
    ASSERT_EQ(r.status, 200u);
    EXPECT_NE(r.header("RateLimit-Policy").find("\"refresh\";q=6;w=60"), std::string::npos) << r.header("RateLimit-Policy");
    EXPECT_EQ(r.header("RateLimit-Policy").find("requests"), std::string::npos);
    if (r.header("X-Quota-Refresh-Skipped") == "rate-limited") ++skipped;
  }
  // The client's default refresh budget (6 at once, then 6 a minute) skips the last 14; the
  // account's own refresh budget may skip some of the first six too (counted apart).
  EXPECT_GE(skipped, 14);
  EXPECT_NE(defaults.get("/metrics").body.find("quotagw_client_limited_total{policy=\"refresh\"} 14"), std::string::npos);

  o.extra_yaml += "client_limits: { rate: 10/s, burst: 20 }\n";
  Gateway opted_in(emulator, o);
  opted_in.wait_ready();
  int refused = 0;
  for (const auto& r : concurrent_gets(opted_in.port(), 300, "/quotas?page_size=5")) {
    ASSERT_TRUE(r.status == 200u || r.status == 429u) << r.status << " " << r.error;
    EXPECT_TRUE(r.header("RateLimit-Policy").starts_with("\"requests\";q=20;w=2")) << r.header("RateLimit-Policy");
    EXPECT_TRUE(r.header("RateLimit").starts_with("\"requests\";r=")) << r.header("RateLimit");
    if (r.status == 429u) {
      ++refused;
      EXPECT_GE(std::stoi(r.header("Retry-After")), 1);
      EXPECT_EQ(r.header("Content-Type"), "application/problem+json");
    }
  }
  EXPECT_GT(refused, 0);
}

TEST(BehindGatewayE2E, PrometheusScrapesTheMetricsListenerWithoutAKey) {
  Emulator emulator;
  GatewayOptions o;
  o.extra_yaml = std::string("auth: { api_keys: [") + kKeyA + "] }\nmetrics_listen: 127.0.0.1:0\n";
  Gateway gateway(emulator, o);
  const auto line = gateway.process().wait_for_line(std::regex(R"(metrics on http://[^ ]*:([0-9]+))"));
  const auto port = static_cast<std::uint16_t>(std::stoi(line.substr(line.rfind(':') + 1)));
  gateway.wait_ready();
  EXPECT_EQ(gateway.get("/metrics").status, 401u);  // the main listener still wants a key
  auto scrape = http_get(port, "/metrics");
  ASSERT_EQ(scrape.status, 200u);
  EXPECT_NE(scrape.body.find("quotagw_source_up"), std::string::npos);
  EXPECT_EQ(http_get(port, "/readyz").status, 200u);
  EXPECT_EQ(http_get(port, "/quotas").status, 404u);  // nothing else is served there
}

}  // namespace
