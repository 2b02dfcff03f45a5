#pragma once
// The files a configuration was read from, watched by content: Kubernetes updates a mounted
// secret by swapping a symlink (`..data`), not by writing the file, and editors replace files
// too, so neither inode nor mtime says what changed; the bytes do. Pure: reads are injected.

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace qg::reload {

class FileWatch {
 public:
  using Read = std::function<std::optional<std::string>(const std::string& path)>;  // nullopt: unreadable

  // Remembers what each file holds now.
  void reset(std::vector<std::string> paths, const Read& read);
  // Whether any file holds something else (or became readable or unreadable) since reset().
  bool changed(const Read& read) const;
  const std::vector<std::string>& paths() const { return paths_; }

 private:
  static std::string digest(const std::optional<std::string>& content);
  std::vector<std::string> paths_;
  std::vector<std::string> digests_;
};

}  // namespace qg::reload
