#include "adapters/emulator/identity.hpp"

#include <algorithm>
#include <iterator>

#include "adapters/common/json_util.hpp"

namespace qg::emulator {
namespace {

namespace json = adapters::json;

constexpr std::size_t kMaxSessions = 1024;

std::size_t index(Cloud cloud) {
  return static_cast<std::size_t>(cloud);
}
std::size_t index(IdentitySource source) {
  return static_cast<std::size_t>(source);
}

std::optional<std::string> initial_role(const IdentityConfig& config) {
  if (config.role.empty()) return std::nullopt;
  return config.role;
}

// Shaped like the real ones, so a log line shows at a glance which cloud and kind it is: Alibaba
// STS AccessKeyIds start with "STS.", tokens with "CAIS"; Tencent temporary SecretIds are AKIDs.
struct Shape {
  std::string_view id_prefix, token_prefix;
  std::size_t secret_length, token_length;
};

Shape shape(Cloud cloud) {
  if (cloud == Cloud::kAlibaba) return {"STS.NEmu", "CAIS", 44, 120};
  return {"AKIDTmpEmu", "", 32, 160};
}

std::string sequence_text(std::uint64_t n) {
  std::string digits = std::to_string(n);
  return std::string(digits.size() < 6 ? 6 - digits.size() : 0, '0') + digits;
}

}  // namespace

std::string_view cloud_name(Cloud cloud) {
  return cloud == Cloud::kAlibaba ? "alibaba" : "tencent";
}

std::optional<Cloud> parse_cloud(std::string_view name) {
  if (name == "alibaba") return Cloud::kAlibaba;
  if (name == "tencent") return Cloud::kTencent;
  return std::nullopt;
}

Cloud cloud_of(Api api) {
  return api == Api::kTencentLive ? Cloud::kTencent : Cloud::kAlibaba;
}

std::string_view source_name(IdentitySource source) {
  switch (source) {
    case IdentitySource::kEcsMetadata:
      return "ecs_metadata";
    case IdentitySource::kCvmMetadata:
      return "cvm_metadata";
    case IdentitySource::kStsAlibaba:
      return "sts_alibaba";
    case IdentitySource::kStsTencent:
      return "sts_tencent";
  }
  return "";
}

Cloud cloud_of(IdentitySource source) {
  const bool alibaba = source == IdentitySource::kEcsMetadata || source == IdentitySource::kStsAlibaba;
  return alibaba ? Cloud::kAlibaba : Cloud::kTencent;
}

TokenStatus check_token(const IssuedCredential& c, std::string_view token, std::int64_t now_unix) {
  if (token.empty()) return TokenStatus::kMissing;
  if (token != c.token) return TokenStatus::kMismatch;
  if (c.revoked) return TokenStatus::kRevoked;
  if (now_unix >= c.expires_at) return TokenStatus::kExpired;
  return TokenStatus::kValid;
}

boost::json::object IdentityStats::to_json() const {
  boost::json::object o;
  for (IdentitySource s : kAllIdentitySources) o[source_name(s)] = calls[index(s)];
  boost::json::object role_json;
  for (Cloud c : {Cloud::kAlibaba, Cloud::kTencent}) {
    const auto& r = roles[index(c)];
    role_json[cloud_name(c)] = r ? boost::json::value(*r) : boost::json::value(nullptr);
  }
  o["roles"] = std::move(role_json);
  boost::json::array list;
  for (const auto& c : issued) {
    list.push_back(boost::json::object{{"id", c.id},
                                       {"source", source_name(c.source)},
                                       {"issued_at", c.issued_at},
                                       {"expires_at", c.expires_at},
                                       {"revoked", c.revoked}});
  }
  o["issued"] = std::move(list);
  return o;
}

std::variant<IdentityUpdate, std::string> parse_identity_update(std::string_view body) {
  const auto parsed = json::parse(body);
  if (!parsed || !parsed->is_object()) return std::string("the body must be a JSON object");
  const auto& o = parsed->as_object();
  static constexpr std::string_view kKnown[] = {"revoke", "role", "detach", "cloud"};
  for (const auto& field : o) {
    const std::string_view key(field.key().data(), field.key().size());
    if (std::find(std::begin(kKnown), std::end(kKnown), key) == std::end(kKnown)) {
      return "unknown field " + std::string(key);
    }
  }
  IdentityUpdate u;
  u.revoke = json::get_string(o, "revoke");
  u.role = json::get_string(o, "role");
  u.detach = json::get_bool(o, "detach").value_or(false);
  if ((u.revoke && u.revoke->empty()) || (o.contains("revoke") && !u.revoke)) return "revoke must be an id";
  if ((u.role && u.role->empty()) || (o.contains("role") && !u.role)) return "role must be a non-empty name";
  if (o.contains("detach") && !u.detach) return "detach must be true";
  if (int{u.revoke.has_value()} + int{u.role.has_value()} + int{u.detach} != 1) {
    return "give exactly one of revoke, role or detach";
  }
  if (o.contains("cloud")) {
    u.cloud = parse_cloud(json::get_string(o, "cloud").value_or(""));
    if (!u.cloud) return std::string(R"(cloud must be "alibaba" or "tencent")");
    if (u.revoke) return "cloud goes with role or detach, not revoke";
  }
  return u;
}

IdentityState::IdentityState(IdentityConfig config)
    : config_(std::move(config)),
      roles_{initial_role(config_), initial_role(config_)},
      random_(std::random_device{}()) {}

std::string IdentityState::random_text(std::size_t length) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string out(length, ' ');
  for (auto& c : out) c = kAlphabet[random_() % kAlphabet.size()];
  return out;
}

std::string IdentityState::open_session(std::int64_t now_unix, std::int64_t ttl_seconds) {
  std::lock_guard lock(mutex_);
  std::erase_if(sessions_, [&](const auto& s) { return s.second <= now_unix; });
  // Bounded: a client that opens sessions in a loop evicts its own oldest ones.
  while (sessions_.size() >= kMaxSessions) {
    sessions_.erase(std::min_element(sessions_.begin(), sessions_.end(),
                                     [](const auto& a, const auto& b) { return a.second < b.second; }));
  }
  std::string token = "AQAE" + random_text(52);
  sessions_.emplace(token, now_unix + ttl_seconds);
  return token;
}

bool IdentityState::session_valid(std::string_view token, std::int64_t now_unix) const {
  std::lock_guard lock(mutex_);
  const auto it = sessions_.find(token);
  return it != sessions_.end() && now_unix < it->second;
}

std::optional<std::string> IdentityState::role(Cloud cloud) const {
  std::lock_guard lock(mutex_);
  return roles_[index(cloud)];
}

void IdentityState::set_role(std::optional<Cloud> cloud, std::optional<std::string> role) {
  std::lock_guard lock(mutex_);
  for (Cloud c : {Cloud::kAlibaba, Cloud::kTencent}) {
    if (!cloud || *cloud == c) roles_[index(c)] = role;
  }
}

IssuedCredential IdentityState::issue(IdentitySource source, std::int64_t now_unix,
                                      std::int64_t lifetime_seconds) {
  std::lock_guard lock(mutex_);
  const Shape s = shape(cloud_of(source));
  IssuedCredential c;
  // The sequence number makes ids unique whatever the random part does.
  c.id = std::string(s.id_prefix) + sequence_text(++sequence_) + random_text(12);
  c.secret = random_text(s.secret_length);
  c.token = std::string(s.token_prefix) + random_text(s.token_length);
  c.source = source;
  c.issued_at = now_unix;
  c.expires_at = now_unix + lifetime_seconds;
  if (issue_order_.size() >= kMaxIssued) {
    issued_.erase(issue_order_.front());
    issue_order_.pop_front();
  }
  issued_.emplace(c.id, c);
  issue_order_.push_back(c.id);
  return c;
}

std::optional<IssuedCredential> IdentityState::find(Cloud cloud, std::string_view id) const {
  std::lock_guard lock(mutex_);
  const auto it = issued_.find(id);
  if (it == issued_.end() || cloud_of(it->second.source) != cloud) return std::nullopt;
  return it->second;
}

bool IdentityState::revoke(std::string_view id) {
  std::lock_guard lock(mutex_);
  const auto it = issued_.find(id);
  if (it == issued_.end()) return false;
  it->second.revoked = true;
  return true;
}

void IdentityState::count(IdentitySource source) {
  std::lock_guard lock(mutex_);
  ++calls_[index(source)];
}

IdentityStats IdentityState::stats() const {
  std::lock_guard lock(mutex_);
  IdentityStats s;
  s.calls = calls_;
  s.roles = roles_;
  s.issued.reserve(issue_order_.size());
  for (const auto& id : issue_order_) s.issued.push_back(issued_.at(id));
  return s;
}

void IdentityState::reset() {
  std::lock_guard lock(mutex_);
  calls_ = {};
  sessions_.clear();
  roles_ = {initial_role(config_), initial_role(config_)};
}

}  // namespace qg::emulator
