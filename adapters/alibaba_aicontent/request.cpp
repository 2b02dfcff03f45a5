#include "adapters/alibaba_aicontent/request.hpp"

#include <utility>

namespace qg::alibaba_aicontent {
namespace {

adapters::HttpRequest signed_get(const AicontentOptions& o, signing::NameValues query,
                                 const adapters::AttemptContext& attempt) {
  query.emplace_back("needTotalCount", "true");
  query.emplace_back("resourceType", "ALL");
  const adapters::alibaba::PopCall call{"GET", kPath, kAction, kVersion, std::move(query)};
  return adapters::alibaba::build_request(
      o.endpoint, adapters::alibaba::signing_credentials(attempt, {o.access_key_id, o.access_key_secret, o.security_token}),
      call, attempt);
}

}  // namespace

adapters::Endpoint default_endpoint(std::string_view region) {
  adapters::Endpoint ep;
  const bool central = region.empty() || region == "public" || region == "cn-shanghai";
  ep.host =
      central ? std::string("aicontent.aliyuncs.com") : "aicontent." + std::string(region) + ".aliyuncs.com";
  return ep;
}

adapters::HttpRequest build_cursor_request(const AicontentOptions& o, const std::optional<std::string>& token,
                                           const adapters::AttemptContext& attempt) {
  signing::NameValues query{{"maxResults", std::to_string(o.max_results)}};
  if (token && !token->empty()) query.emplace_back("nextToken", *token);
  return signed_get(o, std::move(query), attempt);
}

adapters::HttpRequest build_index_request(const AicontentOptions& o, std::int64_t page_index,
                                          const adapters::AttemptContext& attempt) {
  return signed_get(
      o, {{"pageIndex", std::to_string(page_index)}, {"pageSize", std::to_string(o.max_results)}}, attempt);
}

}  // namespace qg::alibaba_aicontent
