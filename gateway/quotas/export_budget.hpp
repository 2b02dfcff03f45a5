#pragma once
// What streamed exports may hold (config `exports`). An export keeps the record sets it started
// with until its last row is written, however slowly its client reads, and the cache replaces
// those sets meanwhile: without a bound, slow readers and refreshes together pin memory without
// end. So exports are counted, and so is every set they hold (once, however many exports share
// it) plus each export's own rows; past either cap a new export is refused (503 with
// Retry-After), and each export has a total deadline. Pure.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "gateway/cache/record_set.hpp"

namespace qg::quotas {

struct ExportPolicy {
  std::size_t max_concurrent = 16;               // exports streaming at once
  std::size_t max_pinned_bytes = 256u << 20;     // sets and rows they hold together (the first export always runs)
  std::chrono::milliseconds deadline{10 * 60 * 1000};  // from the first byte to the last
  bool operator==(const ExportPolicy&) const = default;
};

struct ExportStats {
  std::size_t active = 0;
  std::size_t pinned_bytes = 0;
  std::uint64_t refused = 0;    // answered 503
  std::uint64_t completed = 0;  // every row given out
  std::uint64_t cut = 0;        // ended before their last row: the deadline, a stalled or vanished reader
};

/// @par Thread Safety
/// All members, and the tickets, may be used concurrently.
class ExportBudget {
 public:
  explicit ExportBudget(ExportPolicy policy = {});

  // Held by a running export; gives its share back when destroyed.
  class Ticket {
   public:
    ~Ticket();
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;
    void finished() { finished_ = true; }  // the last row was given out

   private:
    friend class ExportBudget;
    struct State;
    Ticket(std::shared_ptr<State> state, std::vector<cache::RecordSetPtr> sets, std::size_t own_bytes);
    std::shared_ptr<State> state_;
    std::vector<cache::RecordSetPtr> sets_;  // held, so their addresses stay theirs while counted
    std::size_t own_bytes_;
    bool finished_ = false;
  };

  // A slot for an export that reads `sets` and holds `own_bytes` besides (its rows, its piece);
  // null when it would pass max_concurrent, or max_pinned_bytes while another export runs.
  std::unique_ptr<Ticket> admit(std::vector<cache::RecordSetPtr> sets, std::size_t own_bytes);

  const ExportPolicy& policy() const { return policy_; }
  ExportStats stats() const;

 private:
  ExportPolicy policy_;
  std::shared_ptr<Ticket::State> state_;
};

}  // namespace qg::quotas
