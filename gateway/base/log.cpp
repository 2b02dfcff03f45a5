#include "gateway/base/log.hpp"

#include <atomic>
#include <cstdio>

#include <mutex>

#include <spdlog/sinks/base_sink.h>

namespace qg::base {
namespace {

std::atomic<LogFormat> g_format{LogFormat::kText};
std::atomic<std::uint64_t> g_dropped{0};

bool needs_quotes(std::string_view v) {
  if (v.empty()) return true;
  for (const char c : v) {
    if (c == ' ' || c == '"' || c == '=' || static_cast<unsigned char>(c) < 0x20) return true;
  }
  return false;
}

// spdlog's stderr sink flushes after every line: one write(2) per access-log line. This one
// leaves the lines in stdio's buffer, flushed every second, on warnings and at exit. When stderr
// fails (a pipe whose reader went away), lines are dropped and counted, never fatal: SIGPIPE is
// ignored process-wide, so the failed write comes back as an error.
class BufferedStderrSink final : public spdlog::sinks::base_sink<std::mutex> {
 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t formatted;
    formatter_->format(msg, formatted);
    if (std::fwrite(formatted.data(), 1, formatted.size(), stderr) != formatted.size()) fail();
    else ++buffered_;
  }
  void flush_() override {
    if (std::fflush(stderr) != 0) fail();
    buffered_ = 0;
  }

 private:
  // The lines still in the buffer are lost with it; the stream is reset so a reader that comes
  // back (a restarted log shipper on a named pipe) gets the next lines.
  void fail() {
    g_dropped += buffered_ + 1;
    buffered_ = 0;
    std::clearerr(stderr);
  }
  std::uint64_t buffered_ = 0;
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

void set_log_level(std::string_view level) {
  if (auto logger = spdlog::get("quota-gateway")) logger->set_level(spdlog::level::from_str(std::string(level)));
}

LogFormat log_format() { return g_format.load(); }

std::uint64_t log_lines_dropped() { return g_dropped.load(); }

void flush_logs() {
  if (auto* logger = spdlog::default_logger_raw()) logger->flush();
  std::fflush(stderr);
}

void log(spdlog::level::level_enum level, std::string_view message, std::initializer_list<LogField> fields) {
  auto* logger = spdlog::default_logger_raw();
  if (!logger->should_log(level)) return;
  std::string line;
  line.reserve(256);
  if (g_format.load() == LogFormat::kJson) {
    line.append("\"msg\":\"");
    append_json_escaped(line, message);
    line.push_back('"');
    for (const auto& f : fields) {
      line.append(",\"");
      append_json_escaped(line, f.key);
      line.append("\":");
      if (f.quoted) {
        line.push_back('"');
        append_json_escaped(line, f.value());
        line.push_back('"');
      } else {
        line.append(f.value());
      }
    }
  } else {
    line.append(message);
    for (const auto& f : fields) {
      line.append(" ").append(f.key).append("=");
      if (f.quoted && needs_quotes(f.value())) {
        line.push_back('"');
        append_json_escaped(line, f.value());
        line.push_back('"');
      } else {
        line.append(f.value());
      }
    }
  }
  logger->log(level, spdlog::string_view_t(line.data(), line.size()));
}

std::string json_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  append_json_escaped(out, text);
  return out;
}

void append_json_escaped(std::string& out, std::string_view text) {
  std::size_t plain = 0;  // runs that need no escaping are appended in one piece
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.substr(plain, i - plain));
    plain = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        static constexpr char kHex[] = "0123456789abcdef";
        out += "\\u00";
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0xf]);
      }
    }
  }
  out.append(text.substr(plain));
}

}  // namespace qg::base
