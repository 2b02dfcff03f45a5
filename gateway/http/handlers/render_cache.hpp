#pragma once
// Rendered /quotas answers, reused while nothing they depend on changes. An entry is keyed by
// the request variant (query, format, gzip) and remembers the source state it was rendered for
// (data generation, age in seconds, outcome of every source); a lookup with another state is a
// miss and the next insert replaces the entry. So a variant holds one answer at a time, and
// memory is bounded by the number of distinct variants, capped in bytes: when the cap would be
// passed, the cache starts over (a miss costs one render, never correctness).

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "gateway/http/response.hpp"

namespace qg::http {

struct RenderedQuotas {
  BodyPtr body;
  std::string etag;
  std::string content_type;
  std::string content_encoding;  // "gzip" or empty
  std::string disposition;       // CSV only
};

/// @par Thread Safety
/// All members may be called concurrently.
class RenderCache {
 public:
  explicit RenderCache(std::size_t max_bytes) : max_bytes_(max_bytes) {}

  std::shared_ptr<const RenderedQuotas> find(const std::string& variant, std::string_view state) const {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(variant);
    if (it == entries_.end() || it->second.state != state) return nullptr;
    return it->second.rendered;
  }

  void insert(std::string variant, std::string state, std::shared_ptr<const RenderedQuotas> rendered) {
    const std::size_t bytes = cost(variant, state, *rendered);
    std::lock_guard lock(mutex_);
    if (auto it = entries_.find(variant); it != entries_.end()) {
      bytes_ -= it->second.bytes;
      entries_.erase(it);
    }
    if (bytes > max_bytes_) return;  // larger than the whole cache: served, not kept
    if (bytes_ + bytes > max_bytes_) {
      entries_.clear();
      bytes_ = 0;
    }
    bytes_ += bytes;
    entries_.emplace(std::move(variant), Entry{std::move(state), std::move(rendered), bytes});
  }

  std::size_t bytes() const {
    std::lock_guard lock(mutex_);
    return bytes_;
  }

  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
  }

 private:
  struct Entry {
    std::string state;
    std::shared_ptr<const RenderedQuotas> rendered;
    std::size_t bytes;
  };

  // What an entry keeps alive, with a fixed allowance for the node and the small strings.
  static std::size_t cost(const std::string& variant, const std::string& state, const RenderedQuotas& r) {
    return 256 + variant.size() + state.size() + (r.body ? r.body->size() : 0) + r.etag.size() +
           r.disposition.size();
  }

  std::size_t max_bytes_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::size_t bytes_ = 0;
};

}  // namespace qg::http
