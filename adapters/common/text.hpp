#pragma once
// ASCII text helpers every parser here needs, in one place. Pure.

#include <cstddef>
#include <string>
#include <string_view>

namespace qg::adapters {

// Without leading and trailing spaces and tabs (HTTP's optional whitespace).
std::string_view trim_ows(std::string_view text);
// Without leading and trailing ASCII whitespace of any kind (files, INI lines, service bodies).
std::string_view trim_space(std::string_view text);
// A-Z to a-z; every other byte as it is (no locale).
std::string ascii_lower(std::string_view text);

// One UTF-8 character at `at`: its code point and length; an invalid byte is a character of its
// own (valid = false, one byte).
struct Utf8Char {
  char32_t code = 0;
  std::size_t bytes = 1;
  bool valid = false;
};
Utf8Char utf8_at(std::string_view text, std::size_t at);

// Characters that must not reach a terminal or a log viewer as they are: C0, DEL and C1
// controls (they move the cursor or start escape sequences), and the invisible marks that
// reorder or hide text (bidi embeddings, overrides, isolates and marks; zero-width characters;
// line and paragraph separators; the byte order mark).
bool unsafe_to_show(char32_t code);

// Text from outside (a cloud's error message) as it may be shown anywhere: every unsafe
// character as \uXXXX, every invalid UTF-8 byte as \xXX, everything else as it is (so Chinese
// text stays readable), and at most `max_bytes` of it (cut on a character boundary, followed by
// " [… N bytes cut]").
std::string displayable_text(std::string_view text, std::size_t max_bytes);

}  // namespace qg::adapters
