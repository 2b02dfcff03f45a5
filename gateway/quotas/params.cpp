#include "gateway/quotas/params.hpp"

#include <algorithm>
#include <charconv>
#include <set>

#include "adapters/common/numbers.hpp"
#include "adapters/common/provider_catalog.hpp"

namespace qg::quotas {
namespace {

constexpr std::size_t kMaxValueLength = 1024;

std::vector<std::string_view> split(std::string_view text, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = text.find(sep, start);
    out.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

bool contains(std::span<const std::string_view> items, std::string_view v) {
  return std::find(items.begin(), items.end(), v) != items.end();
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      unsigned v = 0;
      auto [ptr, ec] = std::from_chars(text.data() + i + 1, text.data() + i + 3, v, 16);
      if (ec != std::errc() || ptr != text.data() + i + 3) return std::nullopt;
      out.push_back(static_cast<char>(v));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;
    for (std::size_t k = 1; k <= n; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

std::string join(std::span<const std::string_view> items) {
  std::string out;
  for (auto i : items) {
    if (!out.empty()) out += ", ";
    out += i;
  }
  return out;
}

Params::Params(std::string_view raw, const ParamSpec& spec) {
  if (!raw.empty()) {
    for (auto pair : split(raw, '&')) {
      if (pair.empty()) continue;  // "a=1&&b=2": tolerated, as browsers and curl produce it
      const auto eq = pair.find('=');
      auto name = percent_decode(pair.substr(0, eq));
      auto value = percent_decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
      const std::string shown = name && valid_utf8(*name) ? *name : std::string(pair.substr(0, std::min<std::size_t>(eq, 64)));
      if (!name || !value) {
        fail(shown, "contains a malformed percent-encoding");
        continue;
      }
      if (!valid_utf8(*name) || !valid_utf8(*value)) {
        fail(valid_utf8(*name) ? *name : "(invalid name)", "is not valid UTF-8");
        continue;
      }
      if (!contains(spec.known, *name)) {
        fail(*name, "is not a parameter of " + std::string(spec.endpoint) + "; known: " + join(spec.known));
        continue;
      }
      if (value->size() > kMaxValueLength) {
        fail(*name, "is longer than " + std::to_string(kMaxValueLength) + " bytes");
        continue;
      }
      values_[*name].push_back(std::move(*value));
    }
  }
  for (const auto& [name, list] : values_) {
    if (list.size() > 1 && !contains(spec.repeatable, name)) fail(name, "may be given only once");
  }
}

std::optional<std::string> Params::single(std::string_view name) const {
  const auto it = values_.find(name);
  if (it == values_.end() || it->second.size() != 1) return std::nullopt;
  return it->second.front();
}

std::vector<std::string> Params::list(std::string_view name) {
  std::vector<std::string> out;
  const auto it = values_.find(name);
  if (it == values_.end()) return out;
  for (const auto& r : it->second) {
    for (auto part : split(r, ',')) {
      while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
      while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
      if (part.empty()) {
        fail(std::string(name), "must not contain an empty value");
        continue;
      }
      if (std::find(out.begin(), out.end(), part) == out.end()) out.emplace_back(part);
    }
  }
  return out;
}

const std::vector<std::string_view>& known_providers() {
  static const std::vector<std::string_view> providers = [] {
    std::vector<std::string_view> names;
    for (const auto& p : adapters::provider_catalog()) names.push_back(p.name);
    return names;
  }();
  return providers;
}

std::vector<std::string> provider_param(Params& params) {
  const auto& known = known_providers();
  auto providers = params.list("provider");
  for (const auto& p : providers) {
    if (!contains(known, p)) params.fail("provider", "unknown provider '" + p + "'; one of " + join(known));
  }
  return providers;
}

std::vector<std::string> account_param(Params& params, std::span<const std::string> accounts) {
  auto names = params.list("account");
  for (const auto& a : names) {
    if (std::find(accounts.begin(), accounts.end(), a) == accounts.end())
      params.fail("account", "no configured account is named '" + a + "'");
  }
  return names;
}

std::optional<std::vector<SortKey>> sort_param(Params& params, std::span<const std::string_view> sortable) {
  const auto v = params.single("sort");
  if (!v) return std::nullopt;
  std::vector<SortKey> sort;
  std::set<std::string> seen;
  for (auto part : split(*v, ',')) {
    SortKey key;
    if (!part.empty() && (part.front() == '-' || part.front() == '+')) {
      key.descending = part.front() == '-';
      part.remove_prefix(1);
    }
    key.field = std::string(part);
    if (!contains(sortable, key.field)) {
      params.fail("sort", "cannot sort by '" + key.field + "'; sortable: " + join(sortable));
    } else if (!seen.insert(key.field).second) {
      params.fail("sort", "names '" + key.field + "' twice");
    } else {
      sort.push_back(key);
    }
  }
  return sort;
}

std::optional<std::size_t> page_size_param(Params& params) {
  const auto v = params.single("page_size");
  if (!v) return std::nullopt;
  const auto n = adapters::parse_integer(*v);
  if (n && *n >= 1 && *n <= 1000) return static_cast<std::size_t>(*n);
  params.fail("page_size", "'" + *v + "' is not an integer between 1 and 1000");
  return std::nullopt;
}

std::string page_token_param(Params& params) {
  auto v = params.single("page_token");
  if (!v) return {};
  if (v->empty()) params.fail("page_token", "must not be empty");
  return *v;
}

std::string list_fingerprint(std::vector<std::string> values) {
  std::sort(values.begin(), values.end());
  std::string out;
  for (const auto& v : values) out += v + ",";
  return out;
}

std::string sort_fingerprint(const std::vector<SortKey>& sort) {
  std::string out;
  for (const auto& k : sort) out += (k.descending ? "-" : "+") + k.field + ",";
  return out;
}

}  // namespace qg::quotas
