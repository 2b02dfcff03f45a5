#pragma once
// The requests sent to the instance metadata services and the STS endpoints, as plain
// HttpRequest values (PROTOCOLS.md has the wire details and where they come from). Pure.
// Host and User-Agent are left to the HTTPS client, which derives Host from the endpoint.

#include <cstdint>
#include <string_view>

#include "adapters/common/http_types.hpp"
#include "adapters/credentials/specs.hpp"

namespace qg::credentials {

// The production endpoints; config overrides them (tests use loopback).
adapters::Endpoint ecs_metadata_endpoint();  // http://100.100.100.200
adapters::Endpoint cvm_metadata_endpoint();  // http://metadata.tencentyun.com
// https://sts.aliyuncs.com, or sts[-vpc].<region>.aliyuncs.com when a region is given.
adapters::Endpoint alibaba_sts_endpoint(std::string_view region = "", bool vpc = false);
adapters::Endpoint tencent_sts_endpoint();  // https://sts.tencentcloudapi.com

// ECS IMDSv2: PUT /latest/api/token with X-aliyun-ecs-metadata-token-ttl-seconds.
adapters::HttpRequest ecs_token_request(int ttl_seconds);
// GET /latest/meta-data/ram/security-credentials/[<role>]; the session token is sent as
// X-aliyun-ecs-metadata-token unless empty (IMDSv1).
adapters::HttpRequest ecs_role_list_request(std::string_view session_token);
adapters::HttpRequest ecs_role_credentials_request(std::string_view role, std::string_view session_token);

// CVM: GET /latest/meta-data/cam/security-credentials/[<role>] (no session token).
adapters::HttpRequest cvm_role_list_request();
adapters::HttpRequest cvm_role_credentials_request(std::string_view role);

// The RoleSessionName used when the spec names none: "quota-gateway-<unix>".
std::string default_session_name(std::int64_t unix_now);

// Alibaba STS AssumeRoleWithOIDC (RPC, 2015-04-01), anonymous: Action, Version, Format and
// Timestamp in the query; the role, provider, token and session as a form body.
adapters::HttpRequest assume_role_with_oidc_request(const RrsaSpec& spec, std::string_view oidc_token,
                                                    std::int64_t unix_now);

// Tencent STS AssumeRoleWithWebIdentity (2018-08-13): API 3.0 POST with a JSON body,
// X-TC-* headers and "Authorization: SKIP" instead of a signature.
adapters::HttpRequest assume_role_with_web_identity_request(const TkeSpec& spec,
                                                            std::string_view web_identity_token,
                                                            std::int64_t unix_now);

}  // namespace qg::credentials
