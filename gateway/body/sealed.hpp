#pragma once
// Zero-copy bodies: a large answer that is served again is kept, besides the string every layer
// reads, in a sealed memfd, and the HTTP session sends it with sendfile(2) from the file's pages
// instead of copying it from user space on every request, as nginx does for files. Plain POSIX,
// no Asio: the renderer seals (quotas/answer.cpp), the server sends (http/server.cpp).

#include <cstddef>
#include <memory>
#include <string>

namespace qg::body {

using Bytes = std::shared_ptr<const std::string>;

// Below this, one copy into the socket costs less than the file (a memfd, a sendfile call).
inline constexpr std::size_t kSealMinBytes = 16 * 1024;
// At most this many sealed files at once (each is a file descriptor); beyond, bodies stay plain.
inline constexpr std::size_t kMaxSealedFiles = 256;

// The body as a shared string whose bytes also sit in a sealed memfd (no write, grow or shrink
// can change them while the kernel sends them). The file travels as the shared_ptr's deleter,
// so every layer that passes the body along carries it without knowing; sealed_fd() finds it.
// Falls back to a plain body (sealed_fd -1) when the body is small, memfd is unavailable, or
// kMaxSealedFiles are open.
Bytes seal(std::string text);

// The sealed memfd holding exactly *body's bytes, or -1. Valid while `body` is held.
int sealed_fd(const Bytes& body);

// Sealed files open now (tests, metrics).
std::size_t sealed_files();

}  // namespace qg::body
