#include "tests/support/process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

extern char** environ;

namespace qg::test {

ChildProcess::ChildProcess(std::string binary, std::vector<std::string> args, std::map<std::string, std::string> env,
                           StderrMode stderr_mode) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  int broken[2] = {-1, -1};
  if (stderr_mode == StderrMode::kBrokenPipe && ::pipe2(broken, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, stderr_mode == StderrMode::kBrokenPipe ? broken[1] : pipe_fds[1], 2);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);

  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry(*e);
    const auto name = entry.substr(0, entry.find('='));
    if (!env.count(name)) env_strings.push_back(entry);
  }
  for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);

  std::vector<std::string> argv_strings{binary};
  for (auto& a : args) argv_strings.push_back(a);
  std::vector<char*> argv;
  for (auto& s : argv_strings) argv.push_back(s.data());
  argv.push_back(nullptr);

  const int rc = ::posix_spawn(&pid_, binary.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  // Both ends gone on our side: the child's stderr is a pipe nobody reads (a log shipper that left).
  if (broken[0] >= 0) ::close(broken[0]);
  if (broken[1] >= 0) ::close(broken[1]);
  if (rc != 0) {
    ::close(pipe_fds[0]);
    throw std::runtime_error("cannot start " + binary);
  }
  reader_ = std::thread([this, fd = pipe_fds[0]] { read_loop(fd); });
}

ChildProcess::~ChildProcess() {
  if (running()) stop(SIGKILL, std::chrono::seconds(10));
  if (reader_.joinable()) reader_.join();
}

void ChildProcess::read_loop(int fd) {
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    std::lock_guard lock(mutex_);
    output_.append(buf, static_cast<std::size_t>(n));
    changed_.notify_all();
  }
  ::close(fd);
  std::lock_guard lock(mutex_);
  eof_ = true;
  changed_.notify_all();
}

std::string ChildProcess::wait_for_line(const std::regex& pattern, std::chrono::milliseconds limit) {
  std::unique_lock lock(mutex_);
  std::size_t scanned = 0;
  const auto until = std::chrono::steady_clock::now() + limit;
  for (;;) {
    std::size_t eol;
    while ((eol = output_.find('\n', scanned)) != std::string::npos) {
      const std::string line = output_.substr(scanned, eol - scanned);
      scanned = eol + 1;
      std::smatch m;
      if (std::regex_search(line, m, pattern)) return m.size() > 1 ? m[1].str() : m[0].str();
    }
    if (eof_) break;
    if (changed_.wait_until(lock, until) == std::cv_status::timeout) break;
  }
  ADD_FAILURE() << "no output line matched within " << limit.count() << " ms; output so far:\n" << output_;
  return "";
}

bool ChildProcess::running() {
  if (exited_ || pid_ <= 0) return false;
  int status = 0;
  const pid_t r = ::waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    exited_ = true;
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return false;
  }
  return true;
}

int ChildProcess::stop(int signal, std::chrono::milliseconds limit) {
  if (!running()) return exit_code_;
  ::kill(pid_, signal);
  return wait_exit(limit);
}

int ChildProcess::wait_exit(std::chrono::milliseconds limit) {
  // waitpid has no timeout: its WNOHANG form is polled with back-off.
  if (poll_with_backoff([this] { return !running(); }, limit)) {
    // Everything the child wrote before it exited is in output() when this returns.
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, limit, [this] { return eof_; });
    return exit_code_;
  }
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  exited_ = true;
  exit_code_ = -1;
  return -1;
}

std::string ChildProcess::output() const {
  std::lock_guard lock(mutex_);
  return output_;
}

std::uint16_t wait_for_port(ChildProcess& process) {
  const std::string port = process.wait_for_line(std::regex(R"(listening on http://[^ ]*:([0-9]+))"));
  return port.empty() ? 0 : static_cast<std::uint16_t>(std::stoi(port));
}

std::string binary_path(const char* name) {
  const std::string n(name);
  if (n == "quota-gateway") return QG_GATEWAY_BINARY;
  if (n == "provider-emulator") return QG_EMULATOR_BINARY;
  return n;
}

bool poll_with_backoff(const std::function<bool()>& condition, std::chrono::milliseconds limit) {
  const auto until = std::chrono::steady_clock::now() + limit;
  auto pause = kFirstPollPause;
  for (;;) {
    if (condition()) return true;
    const auto now = std::chrono::steady_clock::now();
    if (now >= until) return false;
    // Sleeping between polls is the point: each poll costs the processes under test a request.
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(pause, until - now));
    pause = std::min(pause * 2, kLongestPollPause);
  }
}

bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds limit) {
  if (poll_with_backoff(condition, limit)) return true;
  ADD_FAILURE() << "condition not met within " << limit.count() << " ms";
  return false;
}

std::string write_temp_file(const std::string& content, const std::string& suffix) {
  std::string path = "/tmp/qg-test-XXXXXX" + suffix;
  const int fd = ::mkstemps(path.data(), static_cast<int>(suffix.size()));
  if (fd < 0) throw std::runtime_error("mkstemps failed");
  ::close(fd);
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

}  // namespace qg::test
