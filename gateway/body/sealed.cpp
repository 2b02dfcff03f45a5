#include "gateway/body/sealed.hpp"

#include <atomic>
#include <cerrno>
#include <string_view>

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

namespace qg::body {
namespace {

std::atomic<std::size_t> g_open{0};

// Deletes the string and closes its file: the deleter is the file's owner.
struct SealedFile {
  int fd = -1;
  void operator()(const std::string* text) const noexcept {
    delete text;
    ::close(fd);
    g_open.fetch_sub(1, std::memory_order_relaxed);
  }
};

bool write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// A memfd holding `text`, sealed against any change; -1 when the system refuses.
int sealed_copy(std::string_view text) {
  const int fd = ::memfd_create("quota-gateway-answer", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0) return -1;
  if (!write_all(fd, text) ||
      ::fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

Bytes seal(std::string text) {
  if (text.size() < kSealMinBytes) return std::make_shared<const std::string>(std::move(text));
  if (g_open.fetch_add(1, std::memory_order_relaxed) >= kMaxSealedFiles) {
    g_open.fetch_sub(1, std::memory_order_relaxed);
    return std::make_shared<const std::string>(std::move(text));
  }
  const int fd = sealed_copy(text);
  if (fd < 0) {
    g_open.fetch_sub(1, std::memory_order_relaxed);
    return std::make_shared<const std::string>(std::move(text));
  }
  auto owned = std::make_unique<const std::string>(std::move(text));
  // The shared_ptr takes the string and the deleter at once; if its control block cannot be
  // allocated it calls the deleter itself, so neither leaks.
  return Bytes(owned.release(), SealedFile{fd});
}

int sealed_fd(const Bytes& body) {
  const auto* file = body ? std::get_deleter<SealedFile>(body) : nullptr;
  return file ? file->fd : -1;
}

std::size_t sealed_files() { return g_open.load(std::memory_order_relaxed); }

}  // namespace qg::body
