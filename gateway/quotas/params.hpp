#pragma once
// A listing's query string (GET /quotas, GET /pools) as named values, checked the same way for
// every listing: percent-encoding, UTF-8, known names, value length, single values given once,
// and the parameters listings share (provider, account, sort, page_size). Every problem becomes
// an InvalidParam naming the parameter. Pure.

#include <cstddef>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/problem/problem.hpp"

namespace qg::quotas {

using problem::InvalidParam;

struct SortKey {
  std::string field;
  bool descending = false;
  bool operator==(const SortKey&) const = default;
};

struct ParamSpec {
  std::string_view endpoint;                   // "GET /quotas": named in the unknown-parameter error
  std::span<const std::string_view> known;     // every parameter, in the order the error lists them
  std::span<const std::string_view> repeatable;
};

class Params {
 public:
  Params(std::string_view raw, const ParamSpec& spec);

  // The value of a parameter given once; nullopt when absent (or repeated, already an error).
  std::optional<std::string> single(std::string_view name) const;
  // A repeatable parameter's values: repeated and comma-separated, trimmed, deduplicated; an
  // empty value is an error.
  std::vector<std::string> list(std::string_view name);

  void fail(std::string name, std::string reason) { errors_.push_back({std::move(name), std::move(reason)}); }
  std::vector<InvalidParam>& errors() { return errors_; }

 private:
  std::map<std::string, std::vector<std::string>, std::less<>> values_;
  std::vector<InvalidParam> errors_;
};

// "%41b+c" → "Ab c"; nullopt on a malformed escape.
std::optional<std::string> percent_decode(std::string_view text);
bool valid_utf8(std::string_view text);

// "a, b, c"
std::string join(std::span<const std::string_view> items);

// The provider names of adapters::provider_catalog().
const std::vector<std::string_view>& known_providers();
// `provider`: each a known provider.
std::vector<std::string> provider_param(Params& params);
// `account`: each a configured account.
std::vector<std::string> account_param(Params& params, std::span<const std::string> accounts);
// `sort`: comma-separated fields among `sortable`, `-` for descending; nullopt when absent.
std::optional<std::vector<SortKey>> sort_param(Params& params, std::span<const std::string_view> sortable);
// `page_size`: 1..1000; nullopt when absent.
std::optional<std::size_t> page_size_param(Params& params);
// `page_token`: any non-empty text (its meaning is checked against the query later).
std::string page_token_param(Params& params);

// Order-independent text of a value list, for fingerprints: "b,a" and "a&b" agree.
std::string list_fingerprint(std::vector<std::string> values);
std::string sort_fingerprint(const std::vector<SortKey>& sort);

}  // namespace qg::quotas
