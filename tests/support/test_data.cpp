#include "tests/support/test_data.hpp"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace qg::test {

std::string test_data_path(std::string_view relative) {
  return std::string(QG_TEST_DATA_DIR) + "/" + std::string(relative);
}

std::string read_test_data(std::string_view relative) {
  const std::string path = test_data_path(relative);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot read test data " << path;
    return {};
  }
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace qg::test
