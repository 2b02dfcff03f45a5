#include "gateway/quotas/export_budget.hpp"

#include <algorithm>

namespace qg::quotas {

struct ExportBudget::Ticket::State {
  struct Held {
    std::size_t exports = 0;
    std::size_t bytes = 0;
  };
  mutable std::mutex mutex;
  std::map<const cache::RecordSet*, Held> sets;
  ExportStats stats;
};

ExportBudget::ExportBudget(ExportPolicy policy)
    : policy_(policy), state_(std::make_shared<Ticket::State>()) {}

ExportBudget::Ticket::Ticket(std::shared_ptr<State> state, std::vector<cache::RecordSetPtr> sets,
                             std::size_t own_bytes)
    : state_(std::move(state)), sets_(std::move(sets)), own_bytes_(own_bytes) {}

ExportBudget::Ticket::~Ticket() {
  std::lock_guard lock(state_->mutex);
  auto& s = state_->stats;
  for (const auto& set : sets_) {
    auto it = state_->sets.find(set.get());
    if (--it->second.exports == 0) {
      s.pinned_bytes -= it->second.bytes;
      state_->sets.erase(it);
    }
  }
  s.pinned_bytes -= own_bytes_;
  --s.active;
  ++(finished_ ? s.completed : s.cut);
}

std::unique_ptr<ExportBudget::Ticket> ExportBudget::admit(std::vector<cache::RecordSetPtr> sets,
                                                          std::size_t own_bytes) {
  // Each set once, however many sources or exports share it.
  std::sort(sets.begin(), sets.end());
  sets.erase(std::unique(sets.begin(), sets.end()), sets.end());
  std::erase(sets, nullptr);
  std::vector<std::size_t> bytes;  // outside the lock: it walks the set
  for (const auto& set : sets) bytes.push_back(set->bytes());
  std::lock_guard lock(state_->mutex);
  auto& s = state_->stats;
  std::size_t extra = own_bytes;
  for (std::size_t i = 0; i < sets.size(); ++i) {
    if (!state_->sets.contains(sets[i].get())) extra += bytes[i];
  }
  // The first export always runs: the sets it reads are the cache's anyway.
  const bool too_many = s.active >= policy_.max_concurrent;
  const bool too_much = s.active > 0 && s.pinned_bytes + extra > policy_.max_pinned_bytes;
  if (too_many || too_much) {
    ++s.refused;
    return nullptr;
  }
  for (std::size_t i = 0; i < sets.size(); ++i) {
    auto& held = state_->sets[sets[i].get()];
    if (held.exports++ == 0) held.bytes = bytes[i];
  }
  s.pinned_bytes += extra;
  ++s.active;
  return std::unique_ptr<Ticket>(new Ticket(state_, std::move(sets), own_bytes));
}

ExportStats ExportBudget::stats() const {
  std::lock_guard lock(state_->mutex);
  return state_->stats;
}

}  // namespace qg::quotas
