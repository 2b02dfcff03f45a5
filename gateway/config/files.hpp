#pragma once
// Reading the files a configuration names (the configuration itself, *_file secrets, API key
// files, CA files): regular files only, never more than a bound, so a directory, a FIFO or
// /dev/zero is a clear error instead of a hang or an exhausted memory.

#include <cstddef>
#include <string>

#include <boost/system/result.hpp>

namespace qg::config {

inline constexpr std::size_t kMaxConfigFileBytes = 1024 * 1024;
inline constexpr std::size_t kMaxSecretFileBytes = 64 * 1024;

// The whole file, or why not ("is a directory", "is not a regular file", "is larger than
// 64 KiB", "cannot be opened: Permission denied").
boost::system::result<std::string, std::string> read_regular_file(const std::string& path, std::size_t max_bytes);

}  // namespace qg::config
