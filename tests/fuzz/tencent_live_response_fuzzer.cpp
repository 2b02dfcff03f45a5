#include "adapters/tencent_live/errors.hpp"
#include "adapters/tencent_live/mapping.hpp"
#include "tests/fuzz/response_fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  qg::fuzz::run_response(data, size, qg::tencent_live::decode_response, qg::tencent_live::map_page);
  return 0;
}
