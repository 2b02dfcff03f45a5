#pragma once
// The metadata services' and STS endpoints' answers, read into Credentials or into a classified
// error. Pure. Errors follow one rule (credentials.hpp's caller decides about retries):
//  - kAuth: no usable credential will come from asking again: no role attached, the role was
//    detached (404), the service refused the token or the role (STS 4xx, Tencent AuthFailure.*,
//    InvalidParameter*), or the metadata says Code != "Success";
//  - kThrottled / kTransient / kBadResponse: the service is busy, broken or answered garbage;
//    asking again later can help.
// Transport failures (kNetwork, kTimeout) come from the HTTPS client and are passed on as they are.

#include <string>
#include <string_view>

#include <boost/system/result.hpp>

#include "adapters/common/http_types.hpp"
#include "adapters/common/upstream_error.hpp"
#include "adapters/credentials/credentials.hpp"

namespace qg::credentials {

using TextResult = boost::system::result<std::string, adapters::UpstreamError>;

// The IMDSv2 session token: the whole body of a 200 answer to PUT /latest/api/token.
TextResult read_metadata_token(const adapters::HttpResponse& response);

// The role attached to the instance: the first line of .../security-credentials/.
// `service` names the metadata service in messages ("ECS metadata").
TextResult read_role_name(const adapters::HttpResponse& response, std::string_view service);

// GET .../ram/security-credentials/<role>:
// {"AccessKeyId","AccessKeySecret","SecurityToken","Expiration":"2017-11-01T05:20:01Z","Code":"Success",...}
CredentialsResult read_ecs_role_credentials(const adapters::HttpResponse& response, std::string_view role);

// GET .../cam/security-credentials/<role>:
// {"TmpSecretId","TmpSecretKey","Token","ExpiredTime":1506433269,"Expiration":"...","Code":"Success"}
CredentialsResult read_cvm_role_credentials(const adapters::HttpResponse& response, std::string_view role);

// STS AssumeRoleWithOIDC: {"RequestId",...,"Credentials":{"AccessKeyId","AccessKeySecret",
// "SecurityToken","Expiration"}}; errors as the POP envelope {"Code","Message","RequestId"} + HTTP status.
CredentialsResult read_assume_role_with_oidc(const adapters::HttpResponse& response);

// STS AssumeRoleWithWebIdentity: {"Response":{"Credentials":{"Token","TmpSecretId","TmpSecretKey"},
// "ExpiredTime","Expiration","RequestId"}}; errors as HTTP 200 {"Response":{"Error":{"Code","Message"}}}.
CredentialsResult read_assume_role_with_web_identity(const adapters::HttpResponse& response);

// The taxonomy for a Tencent STS error code.
adapters::ErrorKind classify_tencent_sts_code(std::string_view code);

}  // namespace qg::credentials
