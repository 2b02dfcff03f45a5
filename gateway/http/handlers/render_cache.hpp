#pragma once
// Rendered /quotas answers, reused while nothing they depend on changes: the query, the
// representation (format, gzip) and the state of every source (data generation, age in
// seconds, outcome). The warm path then costs a map lookup instead of filter, sort, render,
// compress and hash. Bounded: when full, it starts over (entries expire with the second anyway).

#include <memory>
#include <mutex>
#include <string>
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
  explicit RenderCache(std::size_t capacity) : capacity_(capacity) {}

  std::shared_ptr<const RenderedQuotas> find(const std::string& key) const {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    return it == entries_.end() ? nullptr : it->second;
  }

  void insert(std::string key, std::shared_ptr<const RenderedQuotas> value) {
    std::lock_guard lock(mutex_);
    if (entries_.size() >= capacity_) entries_.clear();
    entries_.insert_or_assign(std::move(key), std::move(value));
  }

 private:
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const RenderedQuotas>> entries_;
};

}  // namespace qg::http
