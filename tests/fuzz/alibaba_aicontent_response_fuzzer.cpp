#include "adapters/alibaba_aicontent/errors.hpp"
#include "adapters/alibaba_aicontent/mapping.hpp"
#include "tests/fuzz/response_fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  qg::fuzz::run_response(data, size, qg::alibaba_aicontent::decode_response, qg::alibaba_aicontent::map_page);
  return 0;
}
