// Page tokens arrive from clients: the decoder must refuse anything it did not issue for this
// query, and whatever it accepts must survive a re-encode unchanged.
#include "gateway/quotas/page_token.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = qg::fuzz::as_text(data, size);
  if (auto bytes = qg::quotas::base64url_decode(text)) {
    qg::fuzz::check(qg::quotas::base64url_decode(qg::quotas::base64url_encode(*bytes)) == bytes,
                    "base64url round trip");
  }
  for (std::size_t expected : {1u, 2u, 3u}) {  // one value per sort key, plus the id
    auto cursor = qg::quotas::decode_page_token(text, "fingerprint", "key", expected);
    if (!cursor) continue;
    qg::fuzz::check(cursor->values.size() == expected, "a token carries one value per sort key");
    const std::string again = qg::quotas::encode_page_token(*cursor, "fingerprint", "key");
    qg::fuzz::check(qg::quotas::decode_page_token(again, "fingerprint", "key", expected).has_value(),
                    "a re-encoded token decodes");
    qg::fuzz::check(!qg::quotas::decode_page_token(again, "other query", "key", expected),
                    "tokens are bound to their query");
  }
  return 0;
}
