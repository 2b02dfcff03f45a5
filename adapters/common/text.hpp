#pragma once
// ASCII text helpers every parser here needs, in one place. Pure.

#include <string>
#include <string_view>

namespace qg::adapters {

// Without leading and trailing spaces and tabs (HTTP's optional whitespace).
std::string_view trim_ows(std::string_view text);
// Without leading and trailing ASCII whitespace of any kind (files, INI lines, service bodies).
std::string_view trim_space(std::string_view text);
// A-Z to a-z; every other byte as it is (no locale).
std::string ascii_lower(std::string_view text);

}  // namespace qg::adapters
