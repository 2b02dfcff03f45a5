// What an answer is, as plain functions: validators that stay equal while what a client sees
// does (across refreshes that changed nothing, while ages move), 304 on a match, the body in
// parts, gzip with its own validator, and the exporter's lean, bounded exposition.

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "gateway/body/sealed.hpp"
#include "gateway/quotas/answer.hpp"
#include "gateway/quotas/compression.hpp"
#include "gateway/quotas/exporter.hpp"

namespace {

using namespace qg;
using namespace qg::quotas;

constexpr std::int64_t kNow = 1767225600;

QuotaQuery query(std::string_view raw) {
  static const std::vector<std::string> kAccounts{"acct"};
  auto q = parse_quota_query(raw, {kNow, kAccounts});
  EXPECT_TRUE(q) << raw;
  return *q;
}

adapters::QuotaRecord record(std::string native, std::int64_t remaining, std::optional<std::int64_t> expires) {
  adapters::QuotaRecord r;
  r.id = "tencent-live:acct:" + native;
  r.provider = "tencent-live";
  r.account = "acct";
  r.kind = "live-traffic";
  r.name = "Package \"" + native + "\"";
  r.status = adapters::QuotaStatus::kActive;
  r.unit = "bytes";
  r.total = 1000;
  r.remaining = remaining;
  r.used = 1000 - remaining;
  r.expires_at = expires;
  adapters::finalize(r);
  return r;
}

SourceData source(cache::RecordSetPtr set, std::int64_t age) {
  SourceData s;
  s.report = {"tencent-live", "acct", SourceState::kOk, kNow - age, age, set->records.size(), 0, std::nullopt};
  s.records = std::move(set);
  s.fresh_for = std::chrono::seconds(60 - age);
  return s;
}

std::string header(const Answer& a, std::string_view name) {
  for (const auto& [k, v] : a.headers) {
    if (k == name) return v;
  }
  return {};
}

std::string body(const Answer& a) {
  std::string out;
  for (const auto& p : a.body) {
    if (p) out += *p;
  }
  return out;
}

Answer answer(const QuotaQuery& q, const std::vector<SourceData>& sources, AnswerCaches& caches,
              std::string_view if_none_match = {}, bool gzip = false) {
  AnswerRequest req{q, OutputFormat::kJson, gzip, "page_size=2", if_none_match, kNow, "key"};
  auto a = make_answer(req, sources, caches);
  EXPECT_TRUE(a);
  return *a;
}

TEST(Answer, TheValidatorStaysWhileTheContentDoesAcrossRefreshesAndMovingAges) {
  AnswerCaches caches(1 << 20);
  const auto q = query("page_size=2");
  auto first = answer(q, {source(cache::make_record_set({record("1", 900, kNow + 86400)}), 3)}, caches);
  // A refresh that changed nothing: another set (new generation), same content, older age.
  auto refreshed = answer(q, {source(cache::make_record_set({record("1", 900, kNow + 86400)}), 40)}, caches);
  const auto etag = header(first, "ETag");
  EXPECT_TRUE(etag.starts_with("W/\"")) << etag;
  EXPECT_EQ(header(refreshed, "ETag"), etag);
  EXPECT_NE(body(refreshed), body(first));  // age_seconds moved
  EXPECT_EQ(boost::json::parse(body(refreshed)).at("sources").as_array()[0].at("age_seconds").as_int64(), 40);
  // What a client sees changed: another validator.
  auto used_more = answer(q, {source(cache::make_record_set({record("1", 850, kNow + 86400)}), 1)}, caches);
  EXPECT_NE(header(used_more, "ETag"), etag);
  // So did a source's status.
  SourceData failed;
  failed.report = {"alibaba-ice", "rtc", SourceState::kError, std::nullopt, std::nullopt, 0, 1,
                   problem::upstream_failure(adapters::make_error(adapters::ErrorKind::kAuth, "bad key"))};
  auto partial = answer(q, {source(cache::make_record_set({record("1", 900, kNow + 86400)}), 3), failed}, caches);
  EXPECT_NE(header(partial, "ETag"), etag);
  EXPECT_EQ(header(partial, "X-Quota-Complete"), "false");
}

TEST(Answer, AMatchingValidatorIs304WithTheSameHeadersAndNoBody) {
  AnswerCaches caches(1 << 20);
  const auto q = query("page_size=2");
  const std::vector<SourceData> sources{source(cache::make_record_set({record("1", 900, kNow + 86400)}), 3)};
  auto full = answer(q, sources, caches);
  auto revalidated = answer(q, sources, caches, header(full, "ETag"));
  EXPECT_EQ(revalidated.status, 304u);
  EXPECT_EQ(body(revalidated), "");
  EXPECT_EQ(header(revalidated, "ETag"), header(full, "ETag"));
  EXPECT_EQ(header(revalidated, "Cache-Control"), "private, max-age=57");
  EXPECT_EQ(answer(q, sources, caches, "\"something-else\"").status, 200u);
}

TEST(Answer, TheBodyComesInPartsThatMakeTheDocumentedShapeAndGzipHasItsOwnValidator) {
  AnswerCaches caches(1 << 20);
  const auto q = query("page_size=2");
  adapters::RecordList many;
  for (int i = 0; i < 40; ++i) many.push_back(record(std::to_string(100 + i), 500, kNow + 86400 + i));
  const std::vector<SourceData> sources{source(cache::make_record_set(std::move(many)), 3)};
  auto plain = answer(q, sources, caches);
  ASSERT_TRUE(plain.body[0] && plain.body[1] && plain.body[2]);
  const auto doc = boost::json::parse(body(plain)).as_object();
  EXPECT_EQ(doc.at("items").as_array().size(), 2u);
  EXPECT_EQ(doc.at("total_items").as_int64(), 40);
  EXPECT_TRUE(doc.at("next_page_token").is_string());
  // The large part is reused, not rendered again, for the next request of the same content.
  auto again = answer(q, sources, caches);
  EXPECT_EQ(again.body[0], plain.body[0]);

  const auto all = query("page_size=40");
  AnswerRequest req{all, OutputFormat::kJson, true, "page_size=40", {}, kNow, "key"};
  auto zipped = make_answer(req, sources, caches);
  ASSERT_TRUE(zipped);
  EXPECT_EQ(header(*zipped, "Content-Encoding"), "gzip");
  EXPECT_TRUE(header(*zipped, "ETag").ends_with("-gzip\""));
}

// The whole answer (headers and body) is kept per variant and state: the same request while
// nothing it shows changed gets the same bytes without a render; any change a client could see
// is a new state.
TEST(Answer, AWholeAnswerIsReusedWhileNothingItShowsChanges) {
  AnswerCaches caches(1 << 20);
  const auto q = query("page_size=2");
  const auto set = cache::make_record_set({record("1", 900, kNow + 86400), record("2", 800, kNow + 86400)});
  auto first = answer(q, {source(set, 3)}, caches);
  auto second = answer(q, {source(set, 3)}, caches);
  EXPECT_EQ(second.headers, first.headers);
  EXPECT_EQ(second.body, first.body);  // the very same buffers
  EXPECT_EQ(caches.answers.size(), 1u);
  // Another set with the same content is the same state; ages are not.
  auto same_content = answer(q, {source(cache::make_record_set({record("1", 900, kNow + 86400), record("2", 800, kNow + 86400)}), 3)}, caches);
  EXPECT_EQ(same_content.body, first.body);
  auto older = answer(q, {source(set, 4)}, caches);
  EXPECT_NE(body(older), body(first));
  EXPECT_EQ(header(older, "Age"), "4");
  EXPECT_EQ(caches.answers.size(), 1u);  // the variant holds one answer at a time
}

TEST(Answer, TheStateCoversEverythingAnAnswerShows) {
  const auto set = cache::make_record_set({record("1", 900, kNow + 86400)});
  const auto q = query("page_size=2");
  const AnswerRequest req{q, OutputFormat::kJson, false, "page_size=2", {}, kNow, "key"};
  const auto base = source(set, 3);
  const auto state = answer_state(req, {base});
  EXPECT_EQ(answer_state(req, {source(cache::make_record_set({record("1", 900, kNow + 86400)}), 3)}), state);
  auto with = [&](auto change) {
    SourceData s = base;
    change(s);
    return answer_state(req, {s});
  };
  EXPECT_NE(with([](SourceData& s) { s.records = cache::make_record_set({record("1", 899, kNow + 86400)}); }), state);
  EXPECT_NE(with([](SourceData& s) { s.records = nullptr; }), state);
  EXPECT_NE(with([](SourceData& s) { s.report.age_seconds = 4; }), state);
  EXPECT_NE(with([](SourceData& s) { s.report.fetched_at = kNow; }), state);
  EXPECT_NE(with([](SourceData& s) { s.report.upstream_calls = 2; }), state);
  EXPECT_NE(with([](SourceData& s) { s.report.items = 7; }), state);
  EXPECT_NE(with([](SourceData& s) { s.report.state = SourceState::kStale; }), state);
  EXPECT_NE(with([](SourceData& s) { s.fresh_for = std::chrono::seconds(1); }), state);
  EXPECT_NE(with([](SourceData& s) { s.report.account = "other"; }), state);
  const auto failing = [](std::string message) {
    return [message](SourceData& s) {
      s.report.error = problem::upstream_failure(adapters::make_error(adapters::ErrorKind::kTransient, message));
    };
  };
  const auto failed = with(failing("timeout"));
  EXPECT_NE(failed, state);
  EXPECT_NE(with(failing("another message")), failed);
  // Relative times resolve anew each second, and a CSV file name carries the time.
  const auto soon = query("expires_before=30d");
  const AnswerRequest csv{q, OutputFormat::kCsv, false, "", {}, kNow, "key"};
  const AnswerRequest csv_later{q, OutputFormat::kCsv, false, "", {}, kNow + 1, "key"};
  EXPECT_NE(answer_state(csv, {base}), answer_state(csv_later, {base}));
  EXPECT_EQ(answer_state(req, {base}), answer_state(AnswerRequest{q, OutputFormat::kJson, false, "", {}, kNow + 1, "key"}, {base}));
  EXPECT_NE(answer_state(AnswerRequest{soon, OutputFormat::kJson, false, "", {}, kNow, "key"}, {base}), state);
}

// A variant asked for again after its state changed is hot: its body is kept in one sealed
// piece (the session sends it with sendfile), byte for byte the parts it replaces.
TEST(Answer, AHotLargeAnswerIsOneSealedPieceWithTheSameBytes) {
  adapters::RecordList many;
  for (int i = 0; i < 300; ++i) many.push_back(record(std::to_string(1000 + i), 500, kNow + 86400 + i));
  const auto set = cache::make_record_set(std::move(many));
  const auto q = query("page_size=200");
  AnswerCaches caches(16 << 20);
  AnswerRequest req{q, OutputFormat::kJson, false, "page_size=200", {}, kNow, "key"};
  auto first = make_answer(req, {source(set, 3)}, caches);
  ASSERT_TRUE(first);
  EXPECT_TRUE(first->body[1] && first->body[2]);  // asked once: the parts, no copy
  auto hot = make_answer(req, {source(set, 4)}, caches);
  ASSERT_TRUE(hot && hot->body[0]);
  EXPECT_FALSE(hot->body[1] || hot->body[2]);
  EXPECT_GE(body::sealed_fd(hot->body[0]), 0);
  AnswerCaches fresh(16 << 20);
  auto expected = make_answer(req, {source(set, 4)}, fresh);
  ASSERT_TRUE(expected);
  EXPECT_GT(body(*expected).size(), body::kSealMinBytes);
  EXPECT_EQ(*hot->body[0], body(*expected));
  EXPECT_EQ(hot->headers, expected->headers);
  // gzip is another variant, with its own body and validator.
  req.gzip = true;
  auto zipped = make_answer(req, {source(set, 4)}, caches);
  ASSERT_TRUE(zipped);
  EXPECT_EQ(header(*zipped, "Content-Encoding"), "gzip");
  EXPECT_NE(header(*zipped, "ETag"), header(*hot, "ETag"));
}

TEST(Answer, LinksFollowThePathTheClientUsed) {
  adapters::RecordList many;
  for (int i = 0; i < 5; ++i) many.push_back(record(std::to_string(i), 500, kNow + 86400 + i));
  const std::vector<SourceData> sources{source(cache::make_record_set(std::move(many)), 3)};
  AnswerCaches caches(1 << 20);
  const auto q = query("page_size=2");
  AnswerRequest req{q, OutputFormat::kJson, false, "page_size=2", {}, kNow, "key", "/quotas"};
  auto root = make_answer(req, sources, caches);
  req.self_path = "/gw/quotas";
  auto prefixed = make_answer(req, sources, caches);
  ASSERT_TRUE(root && prefixed);
  EXPECT_TRUE(header(*root, "Link").starts_with("</quotas?page_size=2&page_token="));
  EXPECT_TRUE(header(*prefixed, "Link").starts_with("</gw/quotas?page_size=2&page_token="));
}

TEST(Exporter, PackagesLeaveMetricsAGracePeriodAfterTheyExpire) {
  ExporterPolicy policy;  // 30 days
  const auto set = cache::make_record_set({record("live", 900, kNow + 86400), record("recent", 0, kNow - 10 * 86400),
                                           record("old", 0, kNow - 31 * 86400), record("forever", 5, std::nullopt)});
  const auto e = render_packages(*set, kNow, policy);
  EXPECT_EQ(e.exported, 3u);
  const PackageExposition* parts[] = {&e};
  const auto text = render_package_families(parts);
  EXPECT_NE(text.find("package_id=\"tencent-live:acct:recent\""), std::string::npos);
  EXPECT_EQ(text.find("tencent-live:acct:old"), std::string::npos);
  EXPECT_NE(text.find("tencent-live:acct:forever"), std::string::npos);
  // The rendering stays valid until "recent" leaves the window.
  EXPECT_EQ(e.valid_until, kNow - 10 * 86400 + 30 * 86400);
}

TEST(Exporter, StreamedPiecesKeepEachFamilyTogetherAcrossAccounts) {
  const auto a = std::make_shared<const PackageExposition>(
      render_packages(*cache::make_record_set({record("a1", 900, kNow + 86400), record("a2", 5, std::nullopt)}), kNow, {}));
  const auto b = std::make_shared<const PackageExposition>(
      render_packages(*cache::make_record_set({record("b1", 7, kNow + 3600)}), kNow, {}));
  const PackageExposition* both[] = {a.get(), b.get()};
  const std::string whole = render_package_families(both);
  PackageFamilyStream stream({a, b});
  std::string streamed, piece;
  std::size_t pieces = 0;
  for (bool more = true; more; ++pieces) {
    piece.clear();
    more = stream.next(piece, 100);
    streamed += piece;
  }
  EXPECT_EQ(streamed, whole);
  EXPECT_GT(pieces, 3u);
  // One HELP line per family, and both accounts' series of a family right after it.
  const auto help = whole.find("# HELP quotagw_package_remaining_bytes ");
  ASSERT_NE(help, std::string::npos);
  EXPECT_EQ(whole.find("# HELP quotagw_package_remaining_bytes ", help + 1), std::string::npos);
  const auto next_help = whole.find("# HELP", help + 1);
  const auto b1 = whole.find("quotagw_package_remaining_bytes{package_id=\"tencent-live:acct:b1\"}");
  EXPECT_GT(b1, help);
  EXPECT_LT(b1, next_help);
  PackageFamilyStream none({});
  std::string empty;
  EXPECT_FALSE(none.next(empty));
  EXPECT_TRUE(empty.empty());
}

TEST(Exporter, ValueSeriesCarryOnlyThePackageIdAndLabelsAreEscaped) {
  const auto set = cache::make_record_set({record("1", 900, kNow + 86400)});
  const auto e = render_packages(*set, kNow, ExporterPolicy{});
  const PackageExposition* parts[] = {&e};
  const auto text = render_package_families(parts);
  EXPECT_NE(text.find("quotagw_package_remaining_bytes{package_id=\"tencent-live:acct:1\"} 900\n"), std::string::npos);
  EXPECT_NE(text.find("quotagw_package_expiry_timestamp_seconds{package_id=\"tencent-live:acct:1\"} 1767312000\n"),
            std::string::npos);
  EXPECT_NE(text.find("name=\"Package \\\"1\\\"\""), std::string::npos);  // the quote escaped
  EXPECT_NE(text.find("# TYPE quotagw_package_info gauge\n"), std::string::npos);
  EXPECT_EQ(text.find("quotagw_package_remaining_seconds"), std::string::npos);  // no empty families
  // Lean enough for a large tenant: a package's lines stay well under 700 bytes.
  std::size_t bytes = 0;
  for (const auto& f : e.families) bytes += f.size();
  EXPECT_LT(bytes, 700u);
}

}  // namespace
