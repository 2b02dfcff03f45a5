#include "adapters/alibaba_ice/errors.hpp"
#include "adapters/alibaba_ice/mapping.hpp"
#include "tests/fuzz/response_fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  qg::fuzz::run_response(data, size, qg::alibaba_ice::decode_response, qg::alibaba_ice::map_page);
  return 0;
}
