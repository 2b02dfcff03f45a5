#include "gateway/reload/file_watch.hpp"

#include <algorithm>

#include "adapters/common/signing/crypto.hpp"

namespace qg::reload {

std::string FileWatch::digest(const std::optional<std::string>& content) {
  return content ? signing::sha256(*content) : std::string("unreadable");
}

void FileWatch::reset(std::vector<std::string> paths, const Read& read) {
  std::sort(paths.begin(), paths.end());
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
  paths_ = std::move(paths);
  digests_.clear();
  for (const auto& p : paths_) digests_.push_back(digest(read(p)));
}

bool FileWatch::changed(const Read& read) const {
  for (std::size_t i = 0; i < paths_.size(); ++i) {
    if (digest(read(paths_[i])) != digests_[i]) return true;
  }
  return false;
}

}  // namespace qg::reload
