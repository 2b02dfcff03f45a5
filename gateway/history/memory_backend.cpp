#include "gateway/history/memory_backend.hpp"

#include <algorithm>

namespace qg::history {

namespace net = boost::asio;

void MemoryBackend::store(std::vector<PackageSample>& batch) {
  for (auto& p : batch) {
    auto& package = packages_[p.id];
    package.unit = p.unit;
    auto& list = package.samples;
    const auto at = std::lower_bound(list.begin(), list.end(), p.sample.at,
                                     [](const Sample& s, std::int64_t t) { return s.at < t; });
    if (at != list.end() && at->at == p.sample.at) *at = p.sample;  // the same instant: replaced, as in SQLite
    else list.insert(at, p.sample);
  }
}

net::awaitable<bool> MemoryBackend::append(std::vector<PackageSample> batch) {
  std::lock_guard lock(mutex_);
  store(batch);
  co_return true;
}

void MemoryBackend::preload(std::vector<PackageSample> batch) {
  std::lock_guard lock(mutex_);
  store(batch);
}

net::awaitable<std::optional<std::vector<Sample>>> MemoryBackend::samples(std::string id, std::int64_t since) {
  std::lock_guard lock(mutex_);
  std::vector<Sample> out;
  if (auto it = packages_.find(id); it != packages_.end()) {
    for (const auto& s : it->second.samples) {
      if (s.at >= since) out.push_back(s);
    }
  }
  co_return out;
}

net::awaitable<bool> MemoryBackend::scan(std::int64_t since, Visit visit) {
  std::lock_guard lock(mutex_);
  for (const auto& [id, package] : packages_) {
    for (const auto& s : package.samples) {
      if (s.at >= since) visit(id, package.unit, s);
    }
  }
  co_return true;
}

net::awaitable<std::optional<std::size_t>> MemoryBackend::prune(std::int64_t now, RetentionPolicy policy) {
  std::lock_guard lock(mutex_);
  std::size_t removed = 0;
  for (auto it = packages_.begin(); it != packages_.end();) {
    auto kept = downsample(it->second.samples, now, policy);
    removed += it->second.samples.size() - kept.size();
    it->second.samples = std::move(kept);
    it = it->second.samples.empty() ? packages_.erase(it) : std::next(it);
  }
  co_return removed;
}

}  // namespace qg::history
