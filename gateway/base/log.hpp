#pragma once
// Structured logging on spdlog: human-readable text ("message key=value ...") or one JSON object
// per line ({"time":..,"level":..,"msg":..,"key":"value"}). Callers pass fields, never
// pre-formatted secrets: credentials are not loggable types (see adapters/common/secret.hpp).

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

struct LogField {
  LogField(std::string_view k, std::string_view v) : key(k), value(v) {}
  LogField(std::string_view k, const std::string& v) : key(k), value(v) {}
  LogField(std::string_view k, const char* v) : key(k), value(v) {}
  template <class Number, class = std::enable_if_t<std::is_arithmetic_v<Number>>>
  LogField(std::string_view k, Number v) : key(k), value(std::to_string(v)), quoted(false) {}
  LogField(std::string_view k, bool v) : key(k), value(v ? "true" : "false"), quoted(false) {}

  std::string_view key;
  std::string value;
  bool quoted = true;
};

void log(spdlog::level::level_enum level, std::string_view message, std::initializer_list<LogField> fields = {});

inline void log_info(std::string_view m, std::initializer_list<LogField> f = {}) { log(spdlog::level::info, m, f); }
inline void log_warn(std::string_view m, std::initializer_list<LogField> f = {}) { log(spdlog::level::warn, m, f); }
inline void log_error(std::string_view m, std::initializer_list<LogField> f = {}) { log(spdlog::level::err, m, f); }
inline void log_debug(std::string_view m, std::initializer_list<LogField> f = {}) { log(spdlog::level::debug, m, f); }

// The body of a JSON string literal (without the quotes).
std::string json_escape(std::string_view text);

}  // namespace qg::base
