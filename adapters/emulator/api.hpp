#pragma once
// The shape every emulated API has: a stateless admission step (route, version, signature), after
// which the core applies the stateful checks (nonce, rate), then a stateless serve step that
// pages through the immutable dataset. Both steps run outside the core's lock.

#include <cstdint>
#include <optional>
#include <string>

#include "adapters/emulator/wire.hpp"

namespace qg::emulator {

struct Admission {
  std::optional<WireResponse> refusal;  // set: answer with it and stop
  std::string credential;               // the verified credential id
  std::string nonce;                    // Alibaba: to remember until nonce_expires (Unix s)
  std::int64_t nonce_expires = 0;
};

}  // namespace qg::emulator
