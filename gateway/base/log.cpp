#include "gateway/base/log.hpp"

#include <atomic>
#include <cstdio>

#include <mutex>

#include <spdlog/sinks/base_sink.h>

namespace qg::base {
namespace {

std::atomic<LogFormat> g_format{LogFormat::kText};

bool needs_quotes(std::string_view v) {
  if (v.empty()) return true;
  for (const char c : v) {
    if (c == ' ' || c == '"' || c == '=' || static_cast<unsigned char>(c) < 0x20) return true;
  }
  return false;
}

// spdlog's stderr sink flushes after every line: one write(2) per access-log line. This one
// leaves the lines in stdio's buffer, flushed every second, on warnings and at exit.
class BufferedStderrSink final : public spdlog::sinks::base_sink<std::mutex> {
 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t formatted;
    formatter_->format(msg, formatted);
    std::fwrite(formatted.data(), 1, formatted.size(), stderr);
  }
  void flush_() override { std::fflush(stderr); }
};

}  // namespace

void setup_logging(const LogOptions& options) {
  auto logger = spdlog::get("quota-gateway");
  if (!logger) {
    // stderr is unbuffered by default; a buffer makes logging cost a request no system call.
    static char buffer[1 << 16];
    std::setvbuf(stderr, buffer, _IOFBF, sizeof buffer);
    logger = std::make_shared<spdlog::logger>("quota-gateway", std::make_shared<BufferedStderrSink>());
    spdlog::register_logger(logger);
    spdlog::flush_every(std::chrono::seconds(1));
  }
  g_format = options.format;
  if (options.format == LogFormat::kJson) {
    logger->set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l",%v})", spdlog::pattern_time_type::utc);
  } else {
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%-5l%$ %v", spdlog::pattern_time_type::utc);
  }
  logger->set_level(spdlog::level::from_str(options.level));
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
}

LogFormat log_format() { return g_format.load(); }

void log(spdlog::level::level_enum level, std::string_view message, std::initializer_list<LogField> fields) {
  auto* logger = spdlog::default_logger_raw();
  if (!logger->should_log(level)) return;
  std::string line;
  line.reserve(128);
  if (g_format.load() == LogFormat::kJson) {
    line.append("\"msg\":\"").append(json_escape(message)).append("\"");
    for (const auto& f : fields) {
      line.append(",\"").append(json_escape(f.key)).append("\":");
      if (f.quoted) {
        line.append("\"").append(json_escape(f.value)).append("\"");
      } else {
        line.append(f.value);
      }
    }
  } else {
    line.append(message);
    for (const auto& f : fields) {
      line.append(" ").append(f.key).append("=");
      if (f.quoted && needs_quotes(f.value)) {
        line.append("\"").append(json_escape(f.value)).append("\"");
      } else {
        line.append(f.value);
      }
    }
  }
  logger->log(level, "{}", line);
}

std::string json_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          static constexpr char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 0xf]);
        } else {
          out.push_back(ch);
        }
    }
  }
  return out;
}

}  // namespace qg::base
