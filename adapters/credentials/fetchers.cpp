#include "adapters/credentials/fetchers.hpp"

#include <cctype>
#include <string>
#include <utility>

#include "adapters/credentials/requests.hpp"
#include "adapters/credentials/responses.hpp"

namespace qg::credentials {
namespace {

namespace net = boost::asio;
using adapters::Endpoint;
using adapters::HttpsClient;
using Deadline = std::chrono::steady_clock::time_point;

// The IMDSv2 session token, or "" to go on without one (IMDSv1).
net::awaitable<TextResult> ecs_session_token(HttpsClient& client, Endpoint ep, EcsRoleSpec spec,
                                             Deadline deadline) {
  auto sent = co_await client.send(ep, ecs_token_request(spec.token_ttl_seconds), deadline);
  if (!sent) co_return sent.error();  // no answer: a token-less request would get none either
  auto token = read_metadata_token(*sent);
  if (token || spec.disable_imdsv1) co_return token;
  co_return std::string();  // an HTTP error: an instance (or emulator) without IMDSv2
}

net::awaitable<CredentialsResult> fetch_ecs(HttpsClient& client, Endpoint ep, EcsRoleSpec spec,
                                            Deadline deadline) {
  auto token = co_await ecs_session_token(client, ep, spec, deadline);
  if (!token) co_return token.error();
  std::string role = spec.role_name;
  if (role.empty()) {
    auto listed = co_await client.send(ep, ecs_role_list_request(*token), deadline);
    if (!listed) co_return listed.error();
    auto name = read_role_name(*listed, "ECS metadata");
    if (!name) co_return name.error();
    role = std::move(*name);
  }
  auto answer = co_await client.send(ep, ecs_role_credentials_request(role, *token), deadline);
  if (!answer) co_return answer.error();
  co_return read_ecs_role_credentials(*answer, role);
}

net::awaitable<CredentialsResult> fetch_cvm(HttpsClient& client, Endpoint ep, CvmRoleSpec spec,
                                            Deadline deadline) {
  std::string role = spec.role_name;
  if (role.empty()) {
    auto listed = co_await client.send(ep, cvm_role_list_request(), deadline);
    if (!listed) co_return listed.error();
    auto name = read_role_name(*listed, "CVM metadata");
    if (!name) co_return name.error();
    role = std::move(*name);
  }
  auto answer = co_await client.send(ep, cvm_role_credentials_request(role), deadline);
  if (!answer) co_return answer.error();
  co_return read_cvm_role_credentials(*answer, role);
}

// The projected service-account token, read on every fetch because the kubelet rotates it.
TextResult read_token(const ReadFile& read_file, const std::string& path, std::string_view who) {
  auto text = read_file(path);
  std::string_view token = text ? std::string_view(*text) : std::string_view();
  while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back()))) token.remove_suffix(1);
  if (token.empty()) {
    return adapters::make_error(adapters::ErrorKind::kAuth, std::string(who) + ": the token file " + path +
                                                                (text ? " is empty" : " cannot be read"));
  }
  return std::string(token);
}

net::awaitable<CredentialsResult> fetch_rrsa(HttpsClient& client, Endpoint ep, RrsaSpec spec,
                                             ReadFile read_file, std::int64_t now, Deadline deadline) {
  auto token = read_token(read_file, spec.token_file, "RRSA");
  if (!token) co_return token.error();
  auto answer = co_await client.send(ep, assume_role_with_oidc_request(spec, *token, now), deadline);
  if (!answer) co_return answer.error();
  co_return read_assume_role_with_oidc(*answer);
}

net::awaitable<CredentialsResult> fetch_tke(HttpsClient& client, Endpoint ep, TkeSpec spec,
                                            ReadFile read_file, std::int64_t now, Deadline deadline) {
  auto token = read_token(read_file, spec.token_file, "TKE OIDC");
  if (!token) co_return token.error();
  auto answer = co_await client.send(ep, assume_role_with_web_identity_request(spec, *token, now), deadline);
  if (!answer) co_return answer.error();
  co_return read_assume_role_with_web_identity(*answer);
}

std::string role_or_discovered(const std::string& role) {
  return role.empty() ? "<discovered>" : role;
}

}  // namespace

Fetch ecs_role_fetch(HttpsClient& client, Endpoint metadata, EcsRoleSpec spec) {
  return [&client, metadata = std::move(metadata), spec = std::move(spec)](std::int64_t, Deadline deadline) {
    return fetch_ecs(client, metadata, spec, deadline);
  };
}

Fetch cvm_role_fetch(HttpsClient& client, Endpoint metadata, CvmRoleSpec spec) {
  return [&client, metadata = std::move(metadata), spec = std::move(spec)](std::int64_t, Deadline deadline) {
    return fetch_cvm(client, metadata, spec, deadline);
  };
}

Fetch rrsa_fetch(HttpsClient& client, Endpoint sts, RrsaSpec spec, ReadFile read_file) {
  return [&client, sts = std::move(sts), spec = std::move(spec), read_file = std::move(read_file)](
             std::int64_t now, Deadline deadline) {
    return fetch_rrsa(client, sts, spec, read_file, now, deadline);
  };
}

Fetch tke_fetch(HttpsClient& client, Endpoint sts, TkeSpec spec, ReadFile read_file) {
  return [&client, sts = std::move(sts), spec = std::move(spec), read_file = std::move(read_file)](
             std::int64_t now, Deadline deadline) {
    return fetch_tke(client, sts, spec, read_file, now, deadline);
  };
}

std::unique_ptr<RefreshingProvider> make_ecs_role_provider(HttpsClient& client, EcsRoleSpec spec,
                                                           std::optional<Endpoint> metadata,
                                                           RefreshPolicy policy) {
  auto ep = metadata.value_or(ecs_metadata_endpoint());
  auto description = "ecs-ram-role:" + role_or_discovered(spec.role_name) + " via " + ep.origin();
  return std::make_unique<RefreshingProvider>(std::move(description),
                                              ecs_role_fetch(client, std::move(ep), std::move(spec)), policy);
}

std::unique_ptr<RefreshingProvider> make_cvm_role_provider(HttpsClient& client, CvmRoleSpec spec,
                                                           std::optional<Endpoint> metadata,
                                                           RefreshPolicy policy) {
  auto ep = metadata.value_or(cvm_metadata_endpoint());
  auto description = "cvm-role:" + role_or_discovered(spec.role_name) + " via " + ep.origin();
  return std::make_unique<RefreshingProvider>(std::move(description),
                                              cvm_role_fetch(client, std::move(ep), std::move(spec)), policy);
}

std::unique_ptr<RefreshingProvider> make_rrsa_provider(HttpsClient& client, RrsaSpec spec, ReadFile read_file,
                                                       std::optional<Endpoint> sts, RefreshPolicy policy) {
  auto ep = sts.value_or(alibaba_sts_endpoint(spec.sts_region, spec.vpc));
  auto description = "rrsa (role " + spec.role_arn + ") via " + ep.origin();
  return std::make_unique<RefreshingProvider>(
      std::move(description), rrsa_fetch(client, std::move(ep), std::move(spec), std::move(read_file)),
      policy);
}

std::unique_ptr<RefreshingProvider> make_tke_provider(HttpsClient& client, TkeSpec spec, ReadFile read_file,
                                                      std::optional<Endpoint> sts, RefreshPolicy policy) {
  auto ep = sts.value_or(tencent_sts_endpoint());
  auto description = "tke-oidc (role " + spec.role_arn + ") via " + ep.origin();
  return std::make_unique<RefreshingProvider>(
      std::move(description), tke_fetch(client, std::move(ep), std::move(spec), std::move(read_file)),
      policy);
}

}  // namespace qg::credentials
