#include "adapters/emulator/envelopes.hpp"

#include <boost/json/serialize.hpp>

namespace qg::emulator {
namespace {

WireResponse alibaba_json(unsigned status, const boost::json::object& body, const std::string& request_id) {
  auto r = json_response(status, boost::json::serialize(body));
  r.headers.emplace_back("x-acs-request-id", request_id);
  return r;
}

}  // namespace

WireResponse tencent_data(boost::json::object response) {
  response["RequestId"] = new_request_id(false);
  return json_response(200, boost::json::serialize(boost::json::object{{"Response", std::move(response)}}));
}

WireResponse tencent_error(std::string_view code, std::string_view message) {
  boost::json::object response{{"Error", boost::json::object{{"Code", code}, {"Message", message}}}};
  auto r = tencent_data(std::move(response));
  r.error_code = std::string(code);
  return r;
}

WireResponse pop_error(unsigned status, std::string_view code, std::string_view message, std::string_view host,
                       std::string_view product) {
  const std::string id = new_request_id(true);
  const boost::json::object o{{"RequestId", id},
                              {"HostId", host},
                              {"Code", code},
                              {"Message", message},
                              {"Recommend", "https://api.aliyun.com/troubleshoot?q=" + std::string(code) +
                                                "&product=" + std::string(product) + "&requestId=" + id}};
  auto r = alibaba_json(status, o, id);
  r.error_code = std::string(code);
  return r;
}

WireResponse pop_throttled(unsigned status, std::size_t capacity, std::chrono::milliseconds retry_after,
                           std::int64_t now_unix, std::string_view host, std::string_view product) {
  auto r = pop_error(status, "Throttling.User", "Request was denied due to user flow control.", host, product);
  const auto reset = now_unix + (retry_after.count() + 999) / 1000;
  r.headers.emplace_back("x-ratelimit-user-api", "Limit:" + std::to_string(capacity) +
                                                     ",Remain:0,TimeLeft:" + std::to_string(retry_after.count()) +
                                                     ",Reset:" + std::to_string(reset));
  return r;
}

WireResponse alibaba_data(boost::json::object body, std::string_view request_id_key) {
  const std::string id = new_request_id(true);
  body[request_id_key] = id;
  return alibaba_json(200, body, id);
}

WireResponse aicontent_error(unsigned status, std::string_view code, std::string_view message) {
  const std::string id = new_request_id(true);
  const boost::json::object o{{"success", false},
                              {"errCode", code},
                              {"errMessage", message},
                              {"httpStatusCode", status},
                              {"requestId", id}};
  auto r = alibaba_json(status, o, id);
  r.error_code = std::string(code);
  return r;
}

}  // namespace qg::emulator
