#pragma once
// The identity endpoints driven the way the gateway drives them: its own request builders
// (adapters/credentials/requests.hpp) on the way in, its own readers (responses.hpp) on the way
// out, and data-API requests signed with what came back (requests.hpp's signers). In injected
// time: `at(unix)` moves the wall clock and the steady clock together.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "adapters/credentials/requests.hpp"
#include "adapters/credentials/responses.hpp"
#include "adapters/emulator/core.hpp"
#include "tests/unit/adapters/emulator/requests.hpp"

namespace qg::emulator::testing {

inline constexpr std::int64_t kTtl = 900;  // --temp-credential-ttl in these tests
inline constexpr std::string_view kRole = "EmulatorInstanceRole";

inline EmulatorOptions identity_options() {
  EmulatorOptions o;
  o.tencent_credentials = {kTencent};
  o.alibaba_credentials = {kAlibaba};
  o.control_plane = true;
  o.data_epoch = kNow;
  o.temp_credential_ttl_seconds = kTtl;
  return o;
}

inline Instant at(std::int64_t unix_seconds) {
  return {unix_seconds, SteadyTime{} + std::chrono::hours(1) + std::chrono::seconds(unix_seconds - kNow)};
}

// What the gateway's HTTPS client would put on the wire (it adds Host).
inline WireRequest wire(const adapters::HttpRequest& r) {
  auto w = from_http(r);
  set_header(w, "Host", "127.0.0.1:9000");
  return w;
}

inline adapters::HttpResponse http(const WireResponse& r) {
  return {r.status, r.headers, r.body};
}

inline adapters::HttpResponse send(EmulatorCore& core, const adapters::HttpRequest& r, std::int64_t now) {
  return http(core.handle(wire(r), at(now)));
}

// The gateway's ECS RAM-role fetch: session token, role listing, the role's credentials.
inline credentials::CredentialsResult fetch_ecs(EmulatorCore& core, std::int64_t now) {
  const auto token = credentials::read_metadata_token(send(core, credentials::ecs_token_request(21600), now));
  if (!token) return token.error();
  const auto role = credentials::read_role_name(send(core, credentials::ecs_role_list_request(*token), now),
                                                "ECS metadata");
  if (!role) return role.error();
  return credentials::read_ecs_role_credentials(
      send(core, credentials::ecs_role_credentials_request(*role, *token), now), *role);
}

inline credentials::CredentialsResult fetch_cvm(EmulatorCore& core, std::int64_t now) {
  const auto role =
      credentials::read_role_name(send(core, credentials::cvm_role_list_request(), now), "CVM metadata");
  if (!role) return role.error();
  return credentials::read_cvm_role_credentials(
      send(core, credentials::cvm_role_credentials_request(*role), now), *role);
}

inline credentials::RrsaSpec rrsa_spec() {
  credentials::RrsaSpec s;
  s.role_arn = "acs:ram::1234567890123456:role/quota-gateway";
  s.oidc_provider_arn = "acs:ram::1234567890123456:oidc-provider/ack-rrsa";
  s.session_name = "qg-test";
  return s;
}

inline credentials::TkeSpec tke_spec() {
  credentials::TkeSpec s;
  s.region = "ap-guangzhou";
  s.provider_id = "tke-oidc-provider";
  s.role_arn = "qcs::cam::uin/100000000001:roleName/quota-gateway";
  s.session_name = "qg-test";
  return s;
}

inline credentials::CredentialsResult fetch_rrsa(EmulatorCore& core, std::int64_t now) {
  return credentials::read_assume_role_with_oidc(
      send(core, credentials::assume_role_with_oidc_request(rrsa_spec(), "eyJhbGciOiJSUzI1NiJ9.e30.sig", now),
           now));
}

inline credentials::CredentialsResult fetch_tke(EmulatorCore& core, std::int64_t now) {
  return credentials::read_assume_role_with_web_identity(send(
      core,
      credentials::assume_role_with_web_identity_request(tke_spec(), "eyJhbGciOiJSUzI1NiJ9.e30.sig", now),
      now));
}

inline Credential pair(const credentials::Credentials& c) {
  return {c.id.reveal(), c.secret.reveal()};
}

// DescribeLivePackageInfo signed with `c` at `ts`; the token (default: c's own; "" for none)
// goes unsigned in X-TC-Token.
inline WireRequest live_with(const credentials::Credentials& c, std::int64_t ts,
                             std::optional<std::string> token = std::nullopt) {
  Tc3Options o;
  o.credential = pair(c);
  o.timestamp = ts;
  auto w = tc3_request(o);
  const std::string t = token.value_or(c.token.reveal());
  if (!t.empty()) w.headers.emplace_back("X-TC-Token", t);
  return w;
}

// ICE (RPC) or AIContent (ROA) signed with `c` at `ts`; the token is signed as x-acs-security-token.
inline WireRequest alibaba_with(bool ice, const credentials::Credentials& c, std::int64_t ts,
                                std::string nonce, std::optional<std::string> token = std::nullopt) {
  Acs3Options o;
  if (!ice) {
    o.method = "GET";
    o.path = "/api/v1/aliyunConsole/queryPaidResource";
    o.action = "AliyunConsoleOpenApiQueryPaidResource";
    o.version = "20240611";
  }
  o.credential = pair(c);
  o.timestamp = ts;
  o.nonce = std::move(nonce);
  const std::string t = token.value_or(c.token.reveal());
  if (!t.empty()) o.extra_headers = {{"x-acs-security-token", t}};
  return acs3_request(o);
}

inline std::string code(const WireResponse& r) {
  return r.error_code.empty() ? "ok" : r.error_code;
}

inline WireRequest control(std::string method, std::string path, std::string body = {}) {
  WireRequest w;
  w.method = std::move(method);
  w.target = std::move(path);
  split_target(w);
  w.body = std::move(body);
  w.headers.emplace_back("Host", "127.0.0.1:9000");
  return w;
}

}  // namespace qg::emulator::testing
