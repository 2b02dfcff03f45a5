#include "adapters/credentials/profiles.hpp"
#include "adapters/common/text.hpp"

#include <cctype>

#include <boost/json/object.hpp>

#include "adapters/common/json_util.hpp"

namespace qg::credentials {
namespace {

namespace json = adapters::json;
using ProfileResult = boost::system::result<AlibabaProfile, std::string>;

// Spelled out: the variant's aggregate alternatives could also be built from a string.
ProfileResult profile_error(std::string message) {
  return ProfileResult(boost::system::in_place_error, std::move(message));
}

std::string_view unquote(std::string_view s) {
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front()) {
    return s.substr(1, s.size() - 2);
  }
  return s;
}

std::string value_of(const IniSection& section, std::string_view key) {
  const auto it = section.find(key);
  return it == section.end() ? std::string() : it->second;
}

std::string string_field(const boost::json::object& o, std::string_view key) {
  return json::get_string(o, key).value_or("");
}

// The keys a profile needs, all present and non-empty; the error names the first missing one.
template <class Get>
boost::system::result<void, std::string> require(std::string_view where, Get get,
                                                 std::initializer_list<std::string_view> keys) {
  for (const auto key : keys) {
    if (get(key).empty()) return std::string(where) + ": " + std::string(key) + " is missing or empty";
  }
  return {};
}

Credentials fixed_keys(std::string id, std::string secret, std::string token, std::string_view profile) {
  Credentials c;
  c.id = adapters::Secret(std::move(id));
  c.secret = adapters::Secret(std::move(secret));
  c.token = adapters::Secret(std::move(token));
  c.source = "profile:" + std::string(profile);
  return c;
}

EcsRoleSpec ecs_role(std::string role_name) {
  EcsRoleSpec spec;
  spec.role_name = std::move(role_name);
  return spec;
}

RrsaSpec oidc_profile(const boost::json::object& p) {
  RrsaSpec spec;
  spec.role_arn = string_field(p, "ram_role_arn");
  spec.oidc_provider_arn = string_field(p, "oidc_provider_arn");
  spec.token_file = string_field(p, "oidc_token_file");
  spec.session_name = string_field(p, "ram_session_name");
  spec.policy = string_field(p, "policy");
  spec.sts_region = string_field(p, "sts_region");
  spec.vpc = json::get_bool(p, "enable_vpc").value_or(false);
  if (auto d = json::get_int(p, "expired_seconds"); d && *d > 0) spec.duration_seconds = static_cast<int>(*d);
  return spec;
}

ProfileResult cli_profile(const boost::json::object& p, const std::string& name) {
  const std::string mode = string_field(p, "mode");
  const std::string where = "aliyun CLI profile " + name + " (mode " + mode + ")";
  auto get = [&p](std::string_view key) { return string_field(p, key); };
  if (mode == "AK" || mode == "StsToken") {
    const bool sts = mode == "StsToken";
    auto ok = sts ? require(where, get, {"access_key_id", "access_key_secret", "sts_token"})
                  : require(where, get, {"access_key_id", "access_key_secret"});
    if (!ok) return profile_error(ok.error());
    auto c = fixed_keys(get("access_key_id"), get("access_key_secret"), sts ? get("sts_token") : "", name);
    // Newer CLIs record when a StsToken profile's token runs out; 0 means unknown.
    if (auto exp = json::get_int(p, "sts_expiration"); sts && exp && *exp > 0) c.expires_at = *exp;
    return AlibabaProfile(std::move(c));
  }
  if (mode == "EcsRamRole") return AlibabaProfile(ecs_role(get("ram_role_name")));
  if (mode == "OIDC") {
    if (auto ok = require(where, get, {"ram_role_arn", "oidc_provider_arn", "oidc_token_file"}); !ok) {
      return profile_error(ok.error());
    }
    return AlibabaProfile(oidc_profile(p));
  }
  return profile_error(where + ": not supported here (AK, StsToken, EcsRamRole and OIDC are)");
}

}  // namespace

boost::system::result<IniFile, std::string> parse_ini(std::string_view text) {
  IniFile file;
  std::string section;
  for (int line_no = 1; !text.empty(); ++line_no) {
    const auto eol = text.find('\n');
    const auto line = adapters::trim_space(text.substr(0, eol));
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    if (line.empty() || line.front() == ';' || line.front() == '#') continue;
    if (line.front() == '[') {
      if (line.back() != ']') return "line " + std::to_string(line_no) + ": unterminated section header";
      section = std::string(adapters::trim_space(line.substr(1, line.size() - 2)));
      file[section];
      continue;
    }
    const auto eq = line.find('=');
    if (eq == std::string_view::npos || adapters::trim_space(line.substr(0, eq)).empty()) {
      return "line " + std::to_string(line_no) + ": expected [section] or key = value";
    }
    file[section][std::string(adapters::trim_space(line.substr(0, eq)))] = std::string(unquote(adapters::trim_space(line.substr(eq + 1))));
  }
  return file;
}

boost::system::result<AlibabaProfile, std::string> read_aliyun_cli_profile(std::string_view json_text,
                                                                           std::string_view name) {
  auto doc = json::parse(json_text);
  if (!doc || !doc->is_object()) return profile_error("aliyun CLI config: not a JSON object");
  const auto& root = doc->as_object();
  const std::string wanted = name.empty() ? string_field(root, "current") : std::string(name);
  if (wanted.empty()) return profile_error("aliyun CLI config: no profile named and no \"current\" profile");
  if (const auto* profiles = json::get_array(root, "profiles")) {
    for (const auto& v : *profiles) {
      const auto* p = v.if_object();
      if (p && string_field(*p, "name") == wanted) return cli_profile(*p, wanted);
    }
  }
  return profile_error("aliyun CLI config: no profile named " + wanted);
}

boost::system::result<AlibabaProfile, std::string> read_alibaba_credentials_file(std::string_view ini_text,
                                                                                 std::string_view name) {
  auto ini = parse_ini(ini_text);
  if (!ini) return profile_error("Alibaba Cloud credentials file: " + ini.error());
  const auto it = ini->find(name);
  const std::string where = "Alibaba Cloud credentials file, profile " + std::string(name);
  if (it == ini->end()) return profile_error(where + ": no such section");
  const auto& s = it->second;
  const std::string type = value_of(s, "type");
  auto get = [&s](std::string_view key) { return value_of(s, key); };
  if (type == "access_key") {
    if (auto ok = require(where, get, {"access_key_id", "access_key_secret"}); !ok)
      return profile_error(ok.error());
    return AlibabaProfile(fixed_keys(get("access_key_id"), get("access_key_secret"), "", name));
  }
  if (type == "ecs_ram_role") return AlibabaProfile(ecs_role(get("role_name")));
  return profile_error(where + ": type \"" + type +
                       "\" is not supported here (access_key and ecs_ram_role are)");
}

boost::system::result<Credentials, std::string> read_tencent_credentials_file(std::string_view ini_text,
                                                                              std::string_view name) {
  auto ini = parse_ini(ini_text);
  if (!ini) return "Tencent Cloud credentials file: " + ini.error();
  const auto it = ini->find(name);
  const std::string where = "Tencent Cloud credentials file, section " + std::string(name);
  if (it == ini->end()) return where + ": no such section";
  auto get = [&s = it->second](std::string_view key) { return value_of(s, key); };
  if (auto ok = require(where, get, {"secret_id", "secret_key"}); !ok) return ok.error();
  return fixed_keys(get("secret_id"), get("secret_key"), get("token"), name);
}

}  // namespace qg::credentials
