#pragma once
// Usage the way a cloud deducts it: each pool (Tencent: packages of one Type; AIContent: resources
// of one catalog code) is used at a steady share of its total, drawn from one package at a time,
// soonest expiry first, and only from packages the cloud can draw on at that moment. A package
// first drawn on is marked in use; one used up is marked exhausted. Pure.

#include <cstdint>
#include <optional>

#include "adapters/emulator/dataset.hpp"
#include "adapters/emulator/faults.hpp"

namespace qg::emulator {

// `data` after `fraction` of every pool's total was used (a share of the total of the packages
// that could be drawn on at `since_unix`, so the rate stays steady while packages run out),
// drawn from the packages that can be drawn on at `now_unix`: Tencent status unused (0) or in
// use (1), AIContent ACTIVE, started, not expired, something left. `api` nullopt: every API.
Dataset burn_in_order(const Dataset& data, std::optional<Api> api, double fraction, std::int64_t since_unix,
                      std::int64_t now_unix);

}  // namespace qg::emulator
