#pragma once
// Requests signed with the project's own signers (qg::signing::tc3_sign / acs3_sign, and the
// adapters' request builders that wrap them), as the emulator would receive them.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "adapters/common/http_types.hpp"
#include "adapters/common/signing/acs3.hpp"
#include "adapters/common/signing/tc3.hpp"
#include "adapters/common/time.hpp"
#include "adapters/emulator/options.hpp"
#include "adapters/emulator/wire.hpp"

namespace qg::emulator::testing {

inline constexpr std::int64_t kNow = 1735689600;  // 2025-01-01T00:00:00Z
inline const Credential kTencent{"AKIDtest", "tencent-secret"};
inline const Credential kAlibaba{"LTAItest", "alibaba-secret"};

inline WireRequest from_http(const adapters::HttpRequest& r) {
  WireRequest w;
  w.method = r.method;
  w.target = r.target;
  split_target(w);
  w.headers = r.headers;
  w.body = r.body;
  return w;
}

inline void set_header(WireRequest& w, std::string_view name, std::string value) {
  for (auto& [k, v] : w.headers) {
    if (adapters::iequals(k, name)) {
      v = std::move(value);
      return;
    }
  }
  w.headers.emplace_back(std::string(name), std::move(value));
}

struct Tc3Options {
  std::string method = "POST";
  std::string body = R"({"PackageType":0})";
  std::string query;  // GET
  std::string content_type = "application/json";
  std::string host = "127.0.0.1:9000";
  std::string action = "DescribeLivePackageInfo";
  std::string version = "2018-08-01";
  std::string service = "live";
  std::int64_t timestamp = kNow;
  Credential credential = kTencent;
  std::vector<std::pair<std::string, std::string>> extra_signed;  // sent and signed
};

inline WireRequest tc3_request(const Tc3Options& o) {
  signing::Tc3Request s;
  s.method = o.method;
  s.host = o.host;
  s.canonical_query = o.query;
  s.content_type = o.content_type;
  s.payload = o.body;
  s.timestamp = o.timestamp;
  s.service = o.service;
  s.extra_signed_headers = o.extra_signed;
  const auto sig = signing::tc3_sign(s, o.credential.id, o.credential.secret);
  WireRequest w;
  w.method = o.method;
  w.target = o.query.empty() ? "/" : "/?" + o.query;
  split_target(w);
  w.headers = {{"Host", o.host},
               {"Content-Type", o.content_type},
               {"X-TC-Action", o.action},
               {"X-TC-Version", o.version},
               {"X-TC-Timestamp", std::to_string(o.timestamp)},
               {"Authorization", sig.authorization}};
  for (const auto& h : o.extra_signed) w.headers.push_back(h);
  w.body = o.body;
  return w;
}

inline WireRequest tencent_body(std::string body, std::int64_t ts = kNow) {
  Tc3Options o;
  o.body = std::move(body);
  o.timestamp = ts;
  return tc3_request(o);
}

struct Acs3Options {
  std::string method = "POST";
  std::string path = "/";
  std::string action = "GetAiRtcLicenseInfoList";
  std::string version = "2020-11-09";
  signing::NameValues query;
  std::string body;
  std::string content_type;  // sent and signed when set
  std::string host = "127.0.0.1:9000";
  std::int64_t timestamp = kNow;
  std::string nonce = "nonce-1";
  Credential credential = kAlibaba;
  signing::NameValues extra_headers;  // x-acs-* ones are signed
};

inline WireRequest acs3_request(const Acs3Options& o) {
  signing::Acs3Request s;
  s.method = o.method;
  s.path = o.path;
  s.query = o.query;
  s.headers = {{"host", o.host},
               {"x-acs-action", o.action},
               {"x-acs-version", o.version},
               {"x-acs-date", adapters::format_rfc3339_utc(o.timestamp)},
               {"x-acs-signature-nonce", o.nonce}};
  if (!o.content_type.empty()) s.headers.emplace_back("content-type", o.content_type);
  for (const auto& h : o.extra_headers) s.headers.push_back(h);
  s.body = o.body;
  const auto sig = signing::acs3_sign(s, o.credential.id, o.credential.secret);
  WireRequest w;
  w.method = o.method;
  const std::string query = signing::acs3_canonical_query(o.query);
  w.target = signing::acs3_canonical_uri(o.path) + (query.empty() ? "" : "?" + query);
  split_target(w);
  w.headers = s.headers;
  w.headers.emplace_back("x-acs-content-sha256", sig.content_sha256);
  w.headers.emplace_back("accept", "application/json");
  w.headers.emplace_back("Authorization", sig.authorization);
  w.body = o.body;
  return w;
}

inline WireRequest ice_request(signing::NameValues query, std::string nonce = "nonce-1", std::int64_t ts = kNow) {
  Acs3Options o;
  o.query = std::move(query);
  o.nonce = std::move(nonce);
  o.timestamp = ts;
  return acs3_request(o);
}

inline WireRequest aicontent_request(signing::NameValues query, std::string nonce = "nonce-1", std::int64_t ts = kNow) {
  Acs3Options o;
  o.method = "GET";
  o.path = "/api/v1/aliyunConsole/queryPaidResource";
  o.action = "AliyunConsoleOpenApiQueryPaidResource";
  o.version = "20240611";
  o.query = std::move(query);
  o.nonce = std::move(nonce);
  o.timestamp = ts;
  return acs3_request(o);
}

}  // namespace qg::emulator::testing
