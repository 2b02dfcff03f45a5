#include "gateway/body/sealed.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace {

using qg::body::kMaxSealedFiles;
using qg::body::kSealMinBytes;
using qg::body::seal;
using qg::body::sealed_fd;
using qg::body::sealed_files;

std::string file_bytes(int fd) {
  std::string out(static_cast<std::size_t>(::lseek(fd, 0, SEEK_END)), '\0');
  EXPECT_EQ(::pread(fd, out.data(), out.size(), 0), static_cast<ssize_t>(out.size()));
  return out;
}

TEST(SealedBody, ALargeBodyIsAlsoASealedFileHoldingExactlyItsBytes) {
  std::string text(kSealMinBytes + 12345, '\0');
  for (std::size_t i = 0; i < text.size(); ++i) text[i] = static_cast<char>('a' + (i * 7919) % 26);
  const auto before = sealed_files();
  auto body = seal(text);
  EXPECT_EQ(*body, text);
  const int fd = sealed_fd(body);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(sealed_files(), before + 1);
  EXPECT_EQ(file_bytes(fd), text);
  // Sealed: nothing can change the bytes while the kernel sends them.
  const int seals = ::fcntl(fd, F_GET_SEALS);
  EXPECT_EQ(seals & (F_SEAL_WRITE | F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_SEAL),
            F_SEAL_WRITE | F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_SEAL);
  EXPECT_LT(::pwrite(fd, "x", 1, 0), 0);
  EXPECT_NE(::ftruncate(fd, 1), 0);
  // The file goes with the last reference to the body.
  auto copy = body;
  body.reset();
  EXPECT_EQ(sealed_fd(copy), fd);
  copy.reset();
  EXPECT_EQ(sealed_files(), before);
}

TEST(SealedBody, SmallAndPlainBodiesHaveNoFile) {
  EXPECT_LT(sealed_fd(seal(std::string(kSealMinBytes - 1, 'x'))), 0);
  EXPECT_LT(sealed_fd(std::make_shared<const std::string>(std::string(kSealMinBytes * 2, 'x'))), 0);
  EXPECT_LT(sealed_fd(nullptr), 0);
}

TEST(SealedBody, PastTheCapBodiesStayPlainAndStillServe) {
  std::vector<qg::body::Bytes> held;
  const std::string text(kSealMinBytes, 'y');
  while (sealed_files() < kMaxSealedFiles) held.push_back(seal(text));
  auto extra = seal(text);
  EXPECT_EQ(*extra, text);
  EXPECT_LT(sealed_fd(extra), 0);
  EXPECT_EQ(sealed_files(), kMaxSealedFiles);
  held.clear();
  EXPECT_GE(sealed_fd(seal(text)), 0);  // room again
}

}  // namespace
