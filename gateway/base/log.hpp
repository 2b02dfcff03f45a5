#pragma once
// Structured logging on spdlog: human-readable text ("message key=value ...") or one JSON object
// per line ({"time":..,"level":..,"msg":..,"key":"value"}). Callers pass fields, never
// pre-formatted secrets: credentials are not loggable types (see adapters/common/secret.hpp).

#include <array>
#include <charconv>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include <spdlog/spdlog.h>

namespace qg::base {

enum class LogFormat { kText, kJson };

struct LogOptions {
  std::string level = "info";  // trace, debug, info, warn, error, critical, off
  LogFormat format = LogFormat::kText;
};

// Installs the process-wide logger (stderr). Call once at startup, before threads start.
void setup_logging(const LogOptions& options);
LogFormat log_format();
// Lines lost because stderr failed (quotagw_log_lines_dropped_total).
std::uint64_t log_lines_dropped();
// Writes out every buffered line; called on every exit path.
void flush_logs();
// A configuration reload's new level ("debug", "info", ...), at once for every thread.
void set_log_level(std::string_view level);

// One key=value of a log line. Holds a view of text values (the caller's strings outlive the
// call) and formats numbers into its own buffer, so building a line allocates nothing per field.
class LogField {
 public:
  LogField(std::string_view k, std::string_view v) : key(k), text_(v) {}
  LogField(std::string_view k, const std::string& v) : key(k), text_(v) {}
  LogField(std::string_view k, const char* v) : key(k), text_(v) {}
  LogField(std::string_view k, bool v) : key(k), text_(v ? "true" : "false"), quoted(false) {}
  template <class Number, class = std::enable_if_t<std::is_arithmetic_v<Number> && !std::is_same_v<Number, bool>>>
  LogField(std::string_view k, Number v) : key(k), quoted(false) {
    std::to_chars_result r;
    if constexpr (std::is_floating_point_v<Number>) {
      r = std::to_chars(digits_.data(), digits_.data() + digits_.size(), static_cast<double>(v),
                        std::chars_format::fixed, 3);
    } else {
      r = std::to_chars(digits_.data(), digits_.data() + digits_.size(), v);
    }
    digits_size_ = static_cast<std::uint8_t>(r.ptr - digits_.data());
  }

  std::string_view value() const {
    return digits_size_ != 0 ? std::string_view(digits_.data(), digits_size_) : text_;
  }

  std::string_view key;

 private:
  std::string_view text_;
  std::array<char, 40> digits_{};
  std::uint8_t digits_size_ = 0;

 public:
  bool quoted = true;
};

void log(spdlog::level::level_enum level, std::string_view message, std::initializer_list<LogField> fields = {});

inline void log_info(std::string_view m, std::initializer_list<LogField> f = {}) { log(spdlog::level::info, m, f); }
inline void log_warn(std::string_view m, std::initializer_list<LogField> f = {}) { log(spdlog::level::warn, m, f); }
inline void log_error(std::string_view m, std::initializer_list<LogField> f = {}) { log(spdlog::level::err, m, f); }
inline void log_debug(std::string_view m, std::initializer_list<LogField> f = {}) { log(spdlog::level::debug, m, f); }

// The body of a JSON string literal (without the quotes).
std::string json_escape(std::string_view text);
void append_json_escaped(std::string& out, std::string_view text);

}  // namespace qg::base
