#pragma once
// The per-attempt inputs of a signed request and the result of decoding one response: the
// pure part of the adapter contract (provider.hpp adds the coroutine interfaces).

#include <cstdint>
#include <string>

#include <boost/json/value.hpp>
#include <boost/system/result.hpp>

#include "adapters/common/secret.hpp"
#include "adapters/common/upstream_error.hpp"

namespace qg::adapters {

// The key an attempt is signed with, when it is not the adapter's configured one: a temporary
// credential (STS token, instance role) the gateway refreshes before it expires.
struct SigningKey {
  Secret id;      // SecretId / AccessKeyId
  Secret secret;  // SecretKey / AccessKeySecret
  Secret token;   // X-TC-Token / x-acs-security-token; empty for long-term keys
};

// What changes from one attempt to the next: signatures must be fresh on every attempt
// (a new timestamp for TC3; a new x-acs-date and nonce for ACS3, whose nonces may not repeat),
// and so may the key, when credentials rotate.
struct AttemptContext {
  std::int64_t unix_now = 0;  // wall-clock seconds, from the gateway's injected clock
  std::string nonce;          // 32 random hex characters, from the gateway's injected RNG
  const SigningKey* key = nullptr;  // null: the adapter's configured static key
};

using CallResult = boost::system::result<boost::json::value, UpstreamError>;

}  // namespace qg::adapters
