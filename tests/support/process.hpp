#pragma once
// A real child process for end-to-end tests (provider-emulator, quota-gateway): stdout and
// stderr captured together, lines waited for with a time limit, stopped by signal.

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <regex>
#include <string>
#include <thread>
#include <vector>

namespace qg::test {

// kCaptured: stderr joins stdout in output(). kBrokenPipe: stderr is a pipe whose reader is gone.
enum class StderrMode { kCaptured, kBrokenPipe };

class ChildProcess {
 public:
  ChildProcess(std::string binary, std::vector<std::string> args, std::map<std::string, std::string> env = {},
               StderrMode stderr_mode = StderrMode::kCaptured);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // The first capture group of the first output line matching `pattern`; fails the test and
  // returns "" when none appears within `limit` or the process exits first.
  std::string wait_for_line(const std::regex& pattern, std::chrono::milliseconds limit = std::chrono::seconds(20));
  // Sends `signal` and waits for the exit; returns the exit code (128 + signal when killed),
  // or -1 when it did not exit within `limit` (then it is killed).
  int stop(int signal = 15, std::chrono::milliseconds limit = std::chrono::seconds(30));
  // Waits for the process to exit on its own; its exit code, or -1 (then killed) after `limit`.
  int wait_exit(std::chrono::milliseconds limit = std::chrono::seconds(30));
  bool running();
  std::string output() const;
  pid_t pid() const { return pid_; }

 private:
  void read_loop(int fd);

  pid_t pid_ = -1;
  int exit_code_ = -1;
  bool exited_ = false;
  std::thread reader_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::string output_;
  bool eof_ = false;
};

// Starts `binary` with `--listen 127.0.0.1:0`-style args and returns the port it prints in its
// "... listening on http://127.0.0.1:PORT" line.
std::uint16_t wait_for_port(ChildProcess& process);

std::string binary_path(const char* name);

// Polls `condition` (a cheap query, e.g. a counter over HTTP) until it holds; fails the test
// and returns false after `limit`. For conditions with no event to wait on, never as a sleep.
bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds limit = std::chrono::seconds(20));  // build-tree path of quota-gateway / provider-emulator

// wait_until for a condition that takes seconds to come (samples accumulating over refreshes):
// between polls it waits 20 ms, doubling up to 1 s, so a slow condition costs a few requests.
bool wait_with_backoff(const std::function<bool()>& condition, std::chrono::milliseconds limit);

// A scratch file for a test (config files, secrets); removed by the OS temp cleanup.
std::string write_temp_file(const std::string& content, const std::string& suffix = ".yaml");

}  // namespace qg::test
