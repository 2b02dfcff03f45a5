// Exports: CSV and NDJSON without page_size are every matching record, in the query's order,
// streamed in bounded pieces; the same listing the pages give when walked to the end through
// their Link headers; gzip on the way inflates to the same bytes; the BOM option for spreadsheets.

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "gateway/quotas/answer.hpp"
#include "gateway/quotas/export.hpp"
#include "gateway/quotas/render.hpp"
#include "tests/support/gunzip.hpp"

namespace {

using qg::test::gunzip;

using namespace qg;
using namespace qg::quotas;

constexpr std::int64_t kNow = 1767225600;

QuotaQuery query(std::string_view raw) {
  static const std::vector<std::string> kAccounts{"acct"};
  auto q = parse_quota_query(raw, {kNow, kAccounts});
  EXPECT_TRUE(q) << raw;
  return *q;
}

adapters::QuotaRecord record(int i) {
  adapters::QuotaRecord r;
  r.id = "tencent-live:acct:" + std::to_string(100000 + i);
  r.provider = "tencent-live";
  r.account = "acct";
  r.kind = i % 3 == 0 ? "live-transcode" : "live-traffic";
  r.name = "Package, \"quoted\" " + std::to_string(i);
  r.status = i % 5 == 0 ? adapters::QuotaStatus::kExpired : adapters::QuotaStatus::kActive;
  r.unit = "bytes";
  r.total = 100000;
  r.remaining = (i * 7919) % 100000;  // many ties in expires_at, spread remaining
  r.used = *r.total - *r.remaining;
  r.expires_at = kNow + 86400 * (i % 17);
  adapters::finalize(r);
  return r;
}

std::vector<SourceData> sources(int n) {
  adapters::RecordList list;
  for (int i = 0; i < n; ++i) list.push_back(record(i));
  SourceData s;
  s.records = cache::make_record_set(std::move(list));
  s.report = {"tencent-live", "acct", SourceState::kOk, kNow, 0, s.records->records.size(), 0, std::nullopt};
  s.fresh_for = std::chrono::seconds(60);
  return {s};
}

std::string header(const Answer& a, std::string_view name) {
  for (const auto& [k, v] : a.headers) {
    if (k == name) return v;
  }
  return {};
}

Answer make(const QuotaQuery& q, OutputFormat format, std::string_view raw, const std::vector<SourceData>& src,
            AnswerCaches& caches, bool gzip = false) {
  AnswerRequest req{q, format, gzip, raw, {}, kNow, "key", "/qg/quotas"};
  auto a = make_answer(req, src, caches);
  EXPECT_TRUE(a) << raw;
  return a ? *a : Answer{};
}

// Drains a streamed answer, checking that no piece is much larger than the writer's budget.
std::string drain(Answer& a, std::size_t* pieces = nullptr) {
  std::string all, piece;
  std::size_t count = 0;
  for (bool more = true; more;) {
    piece.clear();
    more = a.stream(piece);
    EXPECT_LE(piece.size(), kExportPieceBytes + 4096);
    all += piece;
    ++count;
  }
  if (pieces) *pieces = count;
  return all;
}

std::vector<std::string> csv_ids(const std::string& csv) {
  std::vector<std::string> ids;
  std::size_t pos = csv.find("\r\n") + 2;  // after the header row
  while (pos < csv.size()) {
    const auto end = csv.find("\r\n", pos);
    ids.push_back(csv.substr(pos, csv.find(',', pos) - pos));
    pos = end + 2;
  }
  return ids;
}

std::string page_token_of(const std::string& link) {
  const auto at = link.find("page_token=");
  return link.substr(at + 11, link.find('>') - at - 11);
}

TEST(Export, CsvWithoutPageSizeStreamsEveryMatchingRecordInBoundedPiecesEqualToThePagesWalkedByLink) {
  AnswerCaches caches(1 << 24);
  const auto src = sources(3000);
  const std::string filter = "status=active&sort=-expires_at,remaining";
  auto streamed = make(query(filter), OutputFormat::kCsv, filter, src, caches);
  ASSERT_TRUE(streamed.stream);
  EXPECT_FALSE(streamed.body[0]);
  EXPECT_EQ(header(streamed, "X-Total-Count"), "2400");
  std::size_t pieces = 0;
  const std::string csv = drain(streamed, &pieces);
  EXPECT_GT(pieces, 5u);  // several pieces, none of them the whole export
  const auto exported = csv_ids(csv);
  ASSERT_EQ(exported.size(), 2400u);

  // The same listing, page by page, following Link until there is none.
  std::vector<std::string> walked;
  std::string raw = filter + "&page_size=333";
  for (int guard = 0; guard < 20; ++guard) {
    auto page = make(query(raw), OutputFormat::kCsv, raw, src, caches);
    EXPECT_FALSE(page.stream);
    EXPECT_EQ(header(page, "X-Total-Count"), "2400");
    for (auto& id : csv_ids(*page.body[0])) walked.push_back(id);
    const auto link = header(page, "Link");
    if (link.empty()) break;
    EXPECT_TRUE(link.starts_with("</qg/quotas?status=active&sort=-expires_at,remaining&page_size=333&page_token="))
        << link;
    EXPECT_TRUE(link.ends_with(">; rel=\"next\"")) << link;
    raw = filter + "&page_size=333&page_token=" + page_token_of(link);
  }
  EXPECT_EQ(walked, exported);
}

TEST(Export, NdjsonIsOneRecordPerLineAndJsonStaysPaged) {
  AnswerCaches caches(1 << 24);
  const auto src = sources(250);
  auto nd = make(query("kind=live-transcode"), OutputFormat::kNdjson, "kind=live-transcode", src, caches);
  ASSERT_TRUE(nd.stream);
  const std::string text = drain(nd);
  std::size_t lines = 0;
  for (std::size_t pos = 0; pos < text.size(); pos = text.find('\n', pos) + 1) {
    const auto line = text.substr(pos, text.find('\n', pos) - pos);
    EXPECT_EQ(boost::json::parse(line).at("kind").as_string(), "live-transcode");
    ++lines;
  }
  EXPECT_EQ(lines, 84u);
  EXPECT_EQ(header(nd, "Content-Type"), "application/x-ndjson");

  auto json = make(query(""), OutputFormat::kJson, "", src, caches);
  EXPECT_FALSE(json.stream);
  EXPECT_EQ(boost::json::parse(*json.body[0] + *json.body[1] + *json.body[2]).at("items").as_array().size(), 100u);
  EXPECT_FALSE(header(json, "Link").empty());
}

TEST(Export, AGzipStreamInflatesToThePlainExport) {
  AnswerCaches caches(1 << 24);
  const auto src = sources(2000);
  auto plain = make(query(""), OutputFormat::kCsv, "", src, caches);
  auto zipped = make(query(""), OutputFormat::kCsv, "", src, caches, true);
  EXPECT_EQ(header(zipped, "Content-Encoding"), "gzip");
  EXPECT_NE(header(zipped, "ETag"), header(plain, "ETag"));
  const std::string expected = drain(plain);
  const std::string compressed = drain(zipped);
  EXPECT_LT(compressed.size(), expected.size() / 3);
  EXPECT_EQ(gunzip(compressed), expected);
}

TEST(Export, TheBomOptionPrefixesCsvOnly) {
  AnswerCaches caches(1 << 20);
  const auto src = sources(3);
  auto bom = make(query("csv_bom=true"), OutputFormat::kCsv, "csv_bom=true", src, caches);
  EXPECT_TRUE(drain(bom).starts_with("\xEF\xBB\xBFid,provider,"));
  auto paged = make(query("csv_bom=true&page_size=1"), OutputFormat::kCsv, "csv_bom=true&page_size=1", src, caches);
  EXPECT_TRUE(paged.body[0]->starts_with("\xEF\xBB\xBFid,"));
  auto none = make(query(""), OutputFormat::kCsv, "", src, caches);
  EXPECT_TRUE(drain(none).starts_with("id,provider,"));
}

TEST(Export, AMatchingValidatorIs304WithoutAStream) {
  AnswerCaches caches(1 << 20);
  const auto src = sources(10);
  auto first = make(query(""), OutputFormat::kCsv, "", src, caches);
  const auto q = query("");
  const std::string etag = header(first, "ETag");
  AnswerRequest again{q, OutputFormat::kCsv, false, "", etag, kNow, "key"};
  auto revalidated = make_answer(again, src, caches);
  ASSERT_TRUE(revalidated);
  EXPECT_EQ(revalidated->status, 304u);
  EXPECT_FALSE(revalidated->stream);
}

TEST(Export, TheNextLinkReplacesThePageTokenAndEscapesWhatALinkCannotHold) {
  EXPECT_EQ(next_link("/quotas", "page_size=2&page_token=old&q=a", "NEW"),
            "</quotas?page_size=2&q=a&page_token=NEW>; rel=\"next\"");
  EXPECT_EQ(next_link("/quotas", "", "T"), "</quotas?page_token=T>; rel=\"next\"");
  EXPECT_EQ(next_link("/quotas", "q=<x>&&page%5Ftoken=old", "T"), "</quotas?q=%3Cx%3E&page_token=T>; rel=\"next\"");
}

TEST(Export, TheWriterGivesTheHeaderEvenWhenNothingMatches) {
  ExportWriter writer({}, {}, query(""), OutputFormat::kCsv);
  std::string out;
  EXPECT_TRUE(writer.next(out));
  EXPECT_TRUE(out.starts_with("id,provider,account,"));
  std::string rest;
  EXPECT_FALSE(writer.next(rest));
  EXPECT_TRUE(rest.empty());
}


TEST(Export, PastTheExportCapsAnExportIsA503ProblemWithRetryAfterAndAFinishedOneGivesItsSlotBack) {
  AnswerCaches caches(1 << 20);
  const auto src = sources(200);
  ExportPolicy policy;
  policy.max_concurrent = 1;
  policy.deadline = std::chrono::seconds(90);
  ExportBudget budget(policy);
  const auto q = query("");
  AnswerRequest req{q, OutputFormat::kCsv, false, "", {}, kNow, "key", "/quotas", &budget};
  auto first = make_answer(req, src, caches);
  ASSERT_TRUE(first && first->stream);
  EXPECT_EQ(first->stream_deadline, std::chrono::seconds(90));
  EXPECT_EQ(budget.stats().active, 1u);

  auto refused = make_answer(req, src, caches);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503u);
  EXPECT_FALSE(refused->stream);
  EXPECT_EQ(header(*refused, "Content-Type"), "application/problem+json");
  EXPECT_FALSE(header(*refused, "Retry-After").empty());
  const auto problem = boost::json::parse(*refused->body[0]).as_object();
  EXPECT_EQ(problem.at("type").as_string(), "https://quota-gateway.dev/problems/exports-busy");
  EXPECT_EQ(problem.at("status").as_int64(), 503);

  drain(*first);
  first->stream = nullptr;  // the session drops the stream once written
  EXPECT_EQ(budget.stats().active, 0u);
  EXPECT_EQ(budget.stats().completed, 1u);
  auto again = make_answer(req, src, caches);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200u);
}

TEST(Export, AnExportDroppedBeforeItsLastRowCountsAsCut) {
  AnswerCaches caches(1 << 20);
  const auto src = sources(3000);
  ExportBudget budget;
  const auto q = query("");
  AnswerRequest req{q, OutputFormat::kNdjson, false, "", {}, kNow, "key", "/quotas", &budget};
  auto a = make_answer(req, src, caches);
  ASSERT_TRUE(a && a->stream);
  std::string piece;
  EXPECT_TRUE(a->stream(piece));  // one piece, then the reader is gone
  a->stream = nullptr;
  EXPECT_EQ(budget.stats().cut, 1u);
  EXPECT_EQ(budget.stats().pinned_bytes, 0u);
}

}  // namespace
