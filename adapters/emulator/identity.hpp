#pragma once
// The clouds' identity services as state: the role attached to the emulated instance, the ECS
// IMDSv2 session tokens, and every temporary credential the metadata and STS endpoints issued
// (identity_api.hpp puts them on the wire). The data APIs accept an issued credential only with
// its own session token, only until it expires, and never after a revoke. Pure (no sockets).
//
// @par Thread Safety
// IdentityState may be called concurrently: it has its own mutex, so the core's data-path lock
// is never held while identity calls run, and the two never nest.

#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <boost/json/object.hpp>

#include "adapters/emulator/faults.hpp"

namespace qg::emulator {

enum class Cloud { kAlibaba, kTencent };
// "alibaba", "tencent": the names in the control plane and stats.
std::string_view cloud_name(Cloud cloud);
std::optional<Cloud> parse_cloud(std::string_view name);
// Which cloud's credentials a data API accepts.
Cloud cloud_of(Api api);

// Where a temporary credential came from; also the identity endpoints themselves.
enum class IdentitySource { kEcsMetadata, kCvmMetadata, kStsAlibaba, kStsTencent };
inline constexpr std::array<IdentitySource, 4> kAllIdentitySources{
    IdentitySource::kEcsMetadata, IdentitySource::kCvmMetadata, IdentitySource::kStsAlibaba,
    IdentitySource::kStsTencent};
// "ecs_metadata", "cvm_metadata", "sts_alibaba", "sts_tencent".
std::string_view source_name(IdentitySource source);
Cloud cloud_of(IdentitySource source);

struct IssuedCredential {
  std::string id, secret, token;
  IdentitySource source = IdentitySource::kEcsMetadata;
  std::int64_t issued_at = 0;   // Unix seconds
  std::int64_t expires_at = 0;  // Unix seconds; refused from this second on
  bool revoked = false;
};

// How a data-API request's session token stands for the issued credential it signs with.
enum class TokenStatus { kValid, kMissing, kMismatch, kRevoked, kExpired };
TokenStatus check_token(const IssuedCredential& credential, std::string_view token, std::int64_t now_unix);

struct IdentityConfig {
  std::string role;                 // attached to both instances at start; "" for none
  std::int64_t ttl_seconds = 3600;  // the lifetime of every issued credential (STS: at most this)
  bool imdsv1 = false;              // ECS normal mode: GETs without a session token are served too
};

struct IdentityStats {
  std::array<std::uint64_t, 4> calls{};             // by IdentitySource: every request, refused or not
  std::array<std::optional<std::string>, 2> roles;  // by Cloud; nullopt: detached
  std::vector<IssuedCredential> issued;             // in issue order
  // {"ecs_metadata":n,"cvm_metadata":n,"sts_alibaba":n,"sts_tencent":n,
  //  "roles":{"alibaba":"name"|null,"tencent":..},
  //  "issued":[{"id","source","issued_at","expires_at","revoked"}]}: never a secret or token.
  boost::json::object to_json() const;
};

// The body of POST /__emulator/identity: exactly one of {"revoke":"<id>"}, {"role":"name"} or
// {"detach":true}; "cloud":"alibaba"|"tencent" limits role/detach to one instance (default both).
struct IdentityUpdate {
  std::optional<std::string> revoke;
  std::optional<std::string> role;
  bool detach = false;
  std::optional<Cloud> cloud;
};
std::variant<IdentityUpdate, std::string> parse_identity_update(std::string_view json_body);

class IdentityState {
 public:
  // Issued credentials kept at most; the oldest go first. A client would have to fetch this
  // many within one lifetime to lose a valid one.
  static constexpr std::size_t kMaxIssued = 4096;

  explicit IdentityState(IdentityConfig config);
  const IdentityConfig& config() const { return config_; }

  // ECS IMDSv2 session tokens, valid for `ttl_seconds` from `now_unix`.
  std::string open_session(std::int64_t now_unix, std::int64_t ttl_seconds);
  bool session_valid(std::string_view token, std::int64_t now_unix) const;

  std::optional<std::string> role(Cloud cloud) const;
  // Attaches `role` (nullopt: detaches) to one instance, or to both when `cloud` is nullopt.
  // Credentials issued before stay valid, as on the real clouds.
  void set_role(std::optional<Cloud> cloud, std::optional<std::string> role);

  // A fresh (id, secret, token) valid for `lifetime_seconds` from `now_unix`.
  IssuedCredential issue(IdentitySource source, std::int64_t now_unix, std::int64_t lifetime_seconds);
  // The credential `id` names if it was issued for `cloud`'s APIs.
  std::optional<IssuedCredential> find(Cloud cloud, std::string_view id) const;
  bool revoke(std::string_view id);  // false: no such credential

  void count(IdentitySource source);
  IdentityStats stats() const;
  // Counters and sessions cleared, the configured role re-attached. Issued credentials stay as
  // they are: a client may still hold them, and a cloud does not forget keys.
  void reset();

 private:
  std::string random_text(std::size_t length);  // under mutex_

  const IdentityConfig config_;
  mutable std::mutex mutex_;
  std::array<std::optional<std::string>, 2> roles_;
  std::map<std::string, std::int64_t, std::less<>> sessions_;  // token → expiry
  std::map<std::string, IssuedCredential, std::less<>> issued_;
  std::deque<std::string> issue_order_;
  std::array<std::uint64_t, 4> calls_{};
  std::uint64_t sequence_ = 0;
  std::mt19937_64 random_;
};

}  // namespace qg::emulator
