#include "gateway/config/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace qg::config {
namespace {

using Result = boost::system::result<std::string, std::string>;

Result fail(std::string why) { return Result(boost::system::in_place_error, std::move(why)); }

std::string size_text(std::size_t bytes) {
  return bytes % 1024 == 0 ? std::to_string(bytes / 1024) + " KiB" : std::to_string(bytes) + " bytes";
}

// Closes the descriptor on every path out.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

Result read_regular_file(const std::string& path, std::size_t max_bytes) {
  // O_NONBLOCK: opening a FIFO with no writer must not block the start; it is refused below.
  Fd file{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)};
  if (file.fd < 0) return fail("cannot be opened: " + std::string(std::strerror(errno)));
  struct stat st {};
  if (::fstat(file.fd, &st) != 0) return fail("cannot be examined: " + std::string(std::strerror(errno)));
  if (S_ISDIR(st.st_mode)) return fail("is a directory, not a file");
  if (!S_ISREG(st.st_mode)) return fail("is not a regular file (a device, FIFO or socket)");
  if (static_cast<std::size_t>(st.st_size) > max_bytes) return fail("is larger than " + size_text(max_bytes));
  std::string content;
  content.resize(max_bytes + 1);
  std::size_t got = 0;
  while (got < content.size()) {
    const ssize_t n = ::read(file.fd, content.data() + got, content.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail("cannot be read: " + std::string(std::strerror(errno)));
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  // The size can change between fstat and read (a file still being written).
  if (got > max_bytes) return fail("is larger than " + size_text(max_bytes));
  content.resize(got);
  return Result(boost::system::in_place_value, std::move(content));
}

}  // namespace qg::config
