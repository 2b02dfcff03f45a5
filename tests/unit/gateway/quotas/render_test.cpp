#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "gateway/cache/record_set.hpp"
#include "gateway/quotas/render.hpp"

#include <span>

namespace {

using namespace qg;
using namespace qg::quotas;

QuotaQuery query(std::string_view raw) {
  auto q = parse_quota_query(raw, {1767225600, {}});
  EXPECT_TRUE(q) << raw;
  return *q;
}

cache::RecordSetPtr sample() {
  adapters::QuotaRecord r;
  r.id = "alibaba-aicontent:acct:airec-cn-1:AI_ORAL";
  r.provider = "alibaba-aicontent";
  r.account = "acct";
  r.kind = "ai-oral";
  r.name = "智能批改-资源包 / 口语评测";
  r.status = adapters::QuotaStatus::kActive;
  r.native_status = "ACTIVE";
  r.unit = "count";
  r.total = 1000;
  r.used = 250;
  r.remaining = 750;
  r.expires_at = 1767225600;
  r.details["instance_id"] = "airec-cn-1";
  r.raw["instanceId"] = "airec-cn-1";
  adapters::finalize(r);
  adapters::QuotaRecord evil = r;
  evil.id = "x:y:=cmd|' /C calc'!A0";
  evil.name = "=HYPERLINK(\"http://evil\"), \"quoted\"";
  evil.total.reset();
  evil.utilization.reset();
  return cache::make_record_set({r, evil});
}

Page page_of(const cache::RecordSetPtr& set) {
  Page p;
  p.items = candidates(std::span(&set, 1));
  p.total_items = p.items.size();
  return p;
}

TEST(RenderJson, ShapeMatchesTheDesignAndKeepsUtf8) {
  auto set = sample();
  SourceReport ok{"alibaba-aicontent", "acct", SourceState::kOk, 1767225000, 600, 2, 3, std::nullopt};
  SourceReport failed{"tencent-live", "live", SourceState::kError, std::nullopt, std::nullopt, 0, 1,
                      problem::upstream_failure(adapters::make_error(adapters::ErrorKind::kAuth, "bad key"))};
  failed.error->upstream.code = "AuthFailure.SignatureFailure";
  std::vector<SourceReport> sources{ok, failed};
  auto page = page_of(set);
  page.next_page_token = "tok";
  const auto body = boost::json::parse(render_json(page, sources, query(""))).as_object();
  EXPECT_EQ(body.at("total_items").as_int64(), 2);
  EXPECT_EQ(body.at("next_page_token").as_string(), "tok");
  const auto& item = body.at("items").as_array()[0].as_object();
  for (auto f : record_fields()) EXPECT_TRUE(item.contains(f)) << f;
  EXPECT_FALSE(item.contains("raw"));
  EXPECT_EQ(item.at("name").as_string(), "智能批改-资源包 / 口语评测");
  EXPECT_EQ(item.at("expires_at").as_string(), "2026-01-01T00:00:00Z");
  EXPECT_TRUE(body.at("items").as_array()[1].as_object().at("total").is_null());
  const auto& src = body.at("sources").as_array();
  EXPECT_EQ(src[0].as_object().at("status").as_string(), "ok");
  EXPECT_EQ(src[0].as_object().at("fetched_at").as_string(), "2025-12-31T23:50:00Z");
  EXPECT_EQ(src[1].as_object().at("status").as_string(), "error");
  EXPECT_EQ(src[1].as_object().at("error").as_object().at("provider_code").as_string(), "AuthFailure.SignatureFailure");
}

TEST(RenderJson, ProjectionKeepsIdAndRawIsOptIn) {
  auto set = sample();
  const auto body = boost::json::parse(render_json(page_of(set), {}, query("fields=name&include=raw"))).as_object();
  const auto& item = body.at("items").as_array()[0].as_object();
  EXPECT_EQ(item.size(), 3u);
  EXPECT_TRUE(item.contains("id"));
  EXPECT_TRUE(item.contains("name"));
  EXPECT_EQ(item.at("raw").as_object().at("instanceId").as_string(), "airec-cn-1");
}

TEST(RenderCsv, Rfc4180WithFormulaNeutralisation) {
  auto set = sample();
  const std::string csv = render_csv(page_of(set), query(""));
  EXPECT_EQ(csv.substr(0, csv.find("\r\n")),
            "id,provider,account,kind,name,status,native_status,unit,total,used,remaining,utilization,starts_at,"
            "expires_at,auto_renew,burn_rate_per_day,projected_exhaustion_at");
  EXPECT_NE(csv.find("智能批改-资源包 / 口语评测"), std::string::npos);
  EXPECT_NE(csv.find(",1000,250,750,0.25,"), std::string::npos);
  // The formula cell is prefixed and, holding a quote and a comma, quoted with the quotes doubled.
  EXPECT_NE(csv.find("\"'=HYPERLINK(\"\"http://evil\"\"), \"\"quoted\"\"\""), std::string::npos) << csv;
  EXPECT_EQ(csv.find("\n="), std::string::npos);
  EXPECT_EQ(csv_cell("-5", true), "-5");
  EXPECT_EQ(csv_cell("-5", false), "'-5");
  EXPECT_EQ(csv_cell("@SUM(A1)", false), "'@SUM(A1)");
  EXPECT_EQ(csv_cell("a\nb", false), "\"a\nb\"");
  EXPECT_EQ(csv_cell("plain", false), "plain");
  const std::string projected = render_csv(page_of(set), query("fields=remaining,name"));
  EXPECT_EQ(projected.substr(0, projected.find("\r\n")), "id,remaining,name");
}

TEST(Etag, StableStrongAndMatchedLikeRfc9110) {
  const auto a = strong_etag("body");
  EXPECT_EQ(a, strong_etag("body"));
  EXPECT_NE(a, strong_etag("body2"));
  EXPECT_EQ(a.front(), '"');
  EXPECT_EQ(a.size(), 34u);
  EXPECT_TRUE(etag_matches(a, a));
  EXPECT_TRUE(etag_matches("\"x\", " + a, a));
  EXPECT_TRUE(etag_matches("W/" + a, a));
  EXPECT_TRUE(etag_matches("*", a));
  EXPECT_FALSE(etag_matches("\"other\"", a));
  EXPECT_FALSE(etag_matches("", a));
}

TEST(Negotiate, FormatParameterWinsThenAcceptWithQValues) {
  EXPECT_EQ(*negotiate("", std::nullopt), OutputFormat::kJson);
  EXPECT_EQ(*negotiate("text/csv", std::nullopt), OutputFormat::kCsv);
  EXPECT_EQ(*negotiate("text/csv", OutputFormat::kJson), OutputFormat::kJson);
  EXPECT_EQ(*negotiate("*/*", std::nullopt), OutputFormat::kJson);
  EXPECT_EQ(*negotiate("text/html,application/xhtml+xml,*/*;q=0.8", std::nullopt), OutputFormat::kJson);
  EXPECT_EQ(*negotiate("application/json;q=0.5, text/csv", std::nullopt), OutputFormat::kCsv);
  EXPECT_EQ(*negotiate("text/*", std::nullopt), OutputFormat::kCsv);
  EXPECT_FALSE(negotiate("application/xml", std::nullopt));
  EXPECT_FALSE(negotiate("text/csv;q=0, application/json;q=0", std::nullopt));
  EXPECT_FALSE(negotiate("application/*;q=0, text/html", std::nullopt));
  // NDJSON only when named: no wildcard picks it.
  EXPECT_EQ(*negotiate("application/x-ndjson", std::nullopt), OutputFormat::kNdjson);
  EXPECT_EQ(*negotiate("application/ndjson, application/json;q=0.5", std::nullopt), OutputFormat::kNdjson);
  EXPECT_EQ(*negotiate("application/*", std::nullopt), OutputFormat::kJson);
}

}  // namespace
