#pragma once
// The credential files the official CLIs and SDKs share, read into what each profile asks for.
// Pure: the caller reads the file (specs.hpp's ReadFile) and passes the text. Error messages
// name files, profiles and fields, never values.

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <variant>

#include <boost/system/result.hpp>

#include "adapters/credentials/credentials.hpp"
#include "adapters/credentials/specs.hpp"

namespace qg::credentials {

using IniSection = std::map<std::string, std::string, std::less<>>;
using IniFile = std::map<std::string, IniSection, std::less<>>;

// "[section]" headers, "key = value" lines, whole-line ';' and '#' comments. Keys and values are
// trimmed and one pair of surrounding quotes is dropped; there are no inline comments, so a
// value may contain ';' or '#'. Keys before the first header belong to section "".
boost::system::result<IniFile, std::string> parse_ini(std::string_view text);

// What an Alibaba Cloud profile asks for: fixed keys (AK, StsToken), the instance RAM role, or RRSA.
using AlibabaProfile = std::variant<Credentials, EcsRoleSpec, RrsaSpec>;

// ~/.aliyun/config.json, the aliyun CLI's file: {"current": "<name>", "profiles": [{"name",
// "mode", ...}]}. `name` empty: the "current" profile. Modes AK, StsToken, EcsRamRole and OIDC
// are supported; the others (RamRoleArn, ChainableRamRoleArn, CloudSSO, OAuth, External) are an
// error that says so.
boost::system::result<AlibabaProfile, std::string> read_aliyun_cli_profile(std::string_view json_text,
                                                                           std::string_view name);

// ~/.alibabacloud/credentials, the credentials libraries' INI file: [<name>] type = access_key
// (access_key_id, access_key_secret) or ecs_ram_role (role_name).
boost::system::result<AlibabaProfile, std::string> read_alibaba_credentials_file(std::string_view ini_text,
                                                                                 std::string_view name);

// ~/.tencentcloud/credentials: [<name>] secret_id, secret_key and an optional token.
boost::system::result<Credentials, std::string> read_tencent_credentials_file(
    std::string_view ini_text, std::string_view name = "default");

}  // namespace qg::credentials
