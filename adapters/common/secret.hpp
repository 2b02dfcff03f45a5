#pragma once
// A credential value that cannot be printed by accident: streaming it yields "***", it has no
// conversion to string, and reading it takes an explicit reveal().

#include <ostream>
#include <string>
#include <utility>

namespace qg::adapters {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}

  const std::string& reveal() const { return value_; }
  bool empty() const { return value_.empty(); }

  friend std::ostream& operator<<(std::ostream& os, const Secret&) { return os << "***"; }
  friend bool operator==(const Secret&, const Secret&) = default;

 private:
  std::string value_;
};

}  // namespace qg::adapters
