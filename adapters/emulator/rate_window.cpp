#include "adapters/emulator/rate_window.hpp"

#include <algorithm>
#include <cmath>

namespace qg::emulator {

void ArrivalWindow::arrive(SteadyTime now) {
  arrivals_.push_back(now);
  while (arrivals_.front() <= now - std::chrono::seconds(1)) arrivals_.pop_front();
  max_ = std::max(max_, arrivals_.size());
}

RateLimiter::Decision RateLimiter::admit(SteadyTime now, double rate) {
  if (!(rate > 0)) {
    admitted_.clear();
    return {};
  }
  const auto capacity = static_cast<std::size_t>(std::max(1.0, std::floor(rate)));
  const auto window = std::chrono::duration_cast<SteadyTime::duration>(
      std::chrono::duration<double>(static_cast<double>(capacity) / rate));
  while (!admitted_.empty() && admitted_.front() <= now - window) admitted_.pop_front();
  if (admitted_.size() < capacity) {
    admitted_.push_back(now);
    return {true, std::chrono::milliseconds(0), capacity};
  }
  // The rate may have been lowered since: only the newest `capacity` admissions matter.
  while (admitted_.size() > capacity) admitted_.pop_front();
  const auto free_at = admitted_.front() + window;
  auto wait = std::chrono::ceil<std::chrono::milliseconds>(free_at - now);
  return {false, std::max(wait, std::chrono::milliseconds(1)), capacity};
}

}  // namespace qg::emulator
