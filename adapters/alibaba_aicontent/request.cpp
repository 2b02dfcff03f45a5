#include "adapters/alibaba_aicontent/request.hpp"

namespace qg::alibaba_aicontent {
namespace {

adapters::HttpRequest signed_get(const AicontentOptions& o, signing::NameValues query,
                                 const adapters::AttemptContext& attempt) {
  adapters::alibaba::PopCall call{"GET", kPath, kAction, kVersion, std::move(query)};
  return adapters::alibaba::build_request(o.endpoint, {o.access_key_id, o.access_key_secret, o.security_token}, call,
                                          attempt);
}

}  // namespace

adapters::Endpoint default_endpoint() {
  adapters::Endpoint ep;
  ep.host = "aicontent.aliyuncs.com";
  return ep;
}

adapters::HttpRequest build_cursor_request(const AicontentOptions& o, const std::optional<std::string>& token,
                                           const adapters::AttemptContext& attempt) {
  signing::NameValues query{{"maxResults", std::to_string(o.max_results)}, {"needTotalCount", "true"}};
  if (token && !token->empty()) query.emplace_back("nextToken", *token);
  return signed_get(o, std::move(query), attempt);
}

adapters::HttpRequest build_index_request(const AicontentOptions& o, std::int64_t page_index,
                                          const adapters::AttemptContext& attempt) {
  return signed_get(o,
                    {{"needTotalCount", "true"},
                     {"pageIndex", std::to_string(page_index)},
                     {"pageSize", std::to_string(o.max_results)}},
                    attempt);
}

}  // namespace qg::alibaba_aicontent
