#pragma once
// Rendered answers, reused while what they show does not change. An entry is keyed by a variant
// (query, format, encoding) and remembers the state it was rendered for (the records' content,
// or the sources' ages); a lookup with another state is a miss and the next insert replaces the
// entry. So a variant holds one answer at a time, memory is bounded by the number of distinct
// variants, and a byte cap bounds that: when it would be passed the cache starts over (a miss
// costs one render, never correctness).
//
// Large bodies that are served again are sealed (gateway/body/sealed.hpp).

#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace qg::quotas {

using Bytes = std::shared_ptr<const std::string>;
using HeaderList = std::vector<std::pair<std::string, std::string>>;

// A rendered piece: a whole body, or the parts of one (see answer.hpp).
struct Rendered {
  Bytes head;                      // the body, or the part before the sources
  Bytes tail;                      // the part after the sources; null when there is none
  std::size_t total_items = 0;
  std::optional<std::string> next_page_token;
  std::size_t bytes() const { return (head ? head->size() : 0) + (tail ? tail->size() : 0); }
};

// A whole answer as the handler returns it, kept for the requests that would produce it again.
struct RenderedAnswer {
  HeaderList headers;       // the 200's and the 304's
  HeaderList body_headers;  // only with the body (Content-Encoding)
  std::string etag;         // also among the headers; compared with If-None-Match
  std::vector<Bytes> body;  // sent in order
  std::size_t total_items = 0;
  std::string log_summary;
  std::size_t bytes() const {
    std::size_t n = etag.size();
    for (const auto& [k, v] : headers) n += k.size() + v.size() + 32;
    for (const auto& b : body) n += b ? b->size() : 0;
    return n;
  }
};

/// @par Thread Safety
/// All members may be called concurrently.
template <class Value>
class VariantCache {
 public:
  explicit VariantCache(std::size_t max_bytes) : max_bytes_(max_bytes) {}

  std::shared_ptr<const Value> find(const std::string& variant, std::string_view state) const {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(variant);
    if (it == entries_.end() || it->second.state != state) return nullptr;
    return it->second.value;
  }

  void insert(std::string variant, std::string state, std::shared_ptr<const Value> value) {
    const std::size_t cost = 256 + variant.size() + state.size() + value->bytes();
    std::lock_guard lock(mutex_);
    if (auto it = entries_.find(variant); it != entries_.end()) {
      bytes_ -= it->second.cost;
      entries_.erase(it);
    }
    if (cost > max_bytes_) return;  // larger than the whole cache: served, not kept
    if (bytes_ + cost > max_bytes_) {
      entries_.clear();
      bytes_ = 0;
    }
    bytes_ += cost;
    entries_.emplace(std::move(variant), Entry{std::move(state), std::move(value), cost});
  }

  // Whether the variant has an entry, whatever its state: it was asked for before.
  bool contains(const std::string& variant) const {
    std::lock_guard lock(mutex_);
    return entries_.contains(variant);
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
    std::shared_ptr<const Value> value;
    std::size_t cost;
  };

  std::size_t max_bytes_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::size_t bytes_ = 0;
};

using AnswerCache = VariantCache<Rendered>;

}  // namespace qg::quotas
