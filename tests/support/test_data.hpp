#pragma once
// Files under tests/data (signing vectors, recorded provider responses).

#include <string>
#include <string_view>

namespace qg::test {

std::string test_data_path(std::string_view relative);
// The whole file; fails the current test (and returns "") when it cannot be read.
std::string read_test_data(std::string_view relative);

}  // namespace qg::test
