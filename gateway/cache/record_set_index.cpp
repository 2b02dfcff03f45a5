#include "gateway/cache/record_set_index.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <unordered_map>

namespace qg::cache {
namespace {

// The numeric columns: position in the per-row block and bit in the presence byte.
constexpr std::size_t kIntegers = 6, kReals = 2;

int integer_slot(Field f) {
  switch (f) {
    case Field::kTotal: return 0;
    case Field::kUsed: return 1;
    case Field::kRemaining: return 2;
    case Field::kStartsAt: return 3;
    case Field::kExpiresAt: return 4;
    case Field::kProjectedExhaustion: return 5;
    default: return -1;
  }
}

int real_slot(Field f) {
  switch (f) {
    case Field::kUtilization: return 0;
    case Field::kBurnRate: return 1;
    default: return -1;
  }
}

void add(RecordIndex::Dictionary& d, std::unordered_map<std::string_view, std::uint32_t>& seen, const std::string& v) {
  auto [it, fresh] = seen.try_emplace(v, static_cast<std::uint32_t>(d.values.size()));
  if (fresh) d.values.push_back(v);
  d.codes.push_back(it->second);
}

}  // namespace

std::optional<Field> field_named(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, Field>, 15> kNames{{
      {"id", Field::kId}, {"provider", Field::kProvider}, {"account", Field::kAccount}, {"kind", Field::kKind},
      {"name", Field::kName}, {"status", Field::kStatus}, {"unit", Field::kUnit}, {"total", Field::kTotal},
      {"used", Field::kUsed}, {"remaining", Field::kRemaining}, {"utilization", Field::kUtilization},
      {"starts_at", Field::kStartsAt}, {"expires_at", Field::kExpiresAt}, {"burn_rate_per_day", Field::kBurnRate},
      {"projected_exhaustion_at", Field::kProjectedExhaustion},
  }};
  for (const auto& [n, f] : kNames) {
    if (n == name) return f;
  }
  return std::nullopt;
}

FieldType type_of(Field f) {
  if (integer_slot(f) >= 0) return FieldType::kInteger;
  if (real_slot(f) >= 0) return FieldType::kReal;
  return FieldType::kText;
}

std::vector<bool> RecordIndex::Dictionary::mask(const std::vector<std::string>& allowed) const {
  std::vector<bool> out(values.size(), allowed.empty());
  if (allowed.empty()) return out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    out[i] = std::find(allowed.begin(), allowed.end(), values[i]) != allowed.end();
  }
  return out;
}

RecordIndex::RecordIndex(const adapters::RecordList& records) : rows_(records.size()) {
  std::unordered_map<std::string_view, std::uint32_t> providers, accounts, kinds, units;
  for (auto* d : {&provider_, &account_, &kind_, &unit_}) d->codes.reserve(rows_);
  status_.reserve(rows_);
  integers_.reserve(rows_ * kIntegers);
  reals_.reserve(rows_ * kReals);
  present_.reserve(rows_);
  starts_.reserve(rows_ + 1);
  id_sizes_.reserve(rows_);
  std::size_t text = 0;
  for (const auto& r : records) text += r.id.size() + r.name.size() + 2;
  lowered_.reserve(text);
  for (const auto& r : records) {
    add(provider_, providers, r.provider);
    add(account_, accounts, r.account);
    add(kind_, kinds, r.kind);
    add(unit_, units, r.unit);
    status_.push_back(static_cast<std::uint8_t>(r.status));
    const std::array<const std::optional<std::int64_t>*, kIntegers> ints{
        &r.total, &r.used, &r.remaining, &r.starts_at, &r.expires_at, &r.projected_exhaustion_at};
    const std::array<const std::optional<double>*, kReals> reals{&r.utilization, &r.burn_rate_per_day};
    std::uint8_t bits = 0;
    for (std::size_t i = 0; i < kIntegers; ++i) {
      integers_.push_back(ints[i]->value_or(0));
      if (*ints[i]) bits |= static_cast<std::uint8_t>(1u << i);
    }
    for (std::size_t i = 0; i < kReals; ++i) {
      reals_.push_back(reals[i]->value_or(0));
      if (*reals[i]) bits |= static_cast<std::uint8_t>(1u << (kIntegers + i));
    }
    present_.push_back(bits);
    // The same lowering as the query's `q` (std::tolower, byte by byte), so a match here is a
    // match there.
    starts_.push_back(static_cast<std::uint32_t>(lowered_.size()));
    id_sizes_.push_back(static_cast<std::uint32_t>(r.id.size()));
    for (const std::string* part : {&r.id, &r.name}) {
      for (const char c : *part) lowered_.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
      lowered_.push_back('\0');
    }
  }
  starts_.push_back(static_cast<std::uint32_t>(lowered_.size()));
}

std::optional<std::int64_t> RecordIndex::integer(std::size_t row, Field f) const {
  const int slot = integer_slot(f);
  if (slot < 0 || !(present_[row] & (1u << slot))) return std::nullopt;
  return integers_[row * kIntegers + static_cast<std::size_t>(slot)];
}

std::optional<double> RecordIndex::real(std::size_t row, Field f) const {
  const int slot = real_slot(f);
  if (slot < 0 || !(present_[row] & (1u << (kIntegers + static_cast<std::size_t>(slot))))) return std::nullopt;
  return reals_[row * kReals + static_cast<std::size_t>(slot)];
}

FieldValue RecordIndex::value_at(const adapters::RecordList& records, std::size_t row, Field f) const {
  FieldValue v;
  switch (f) {
    case Field::kId: v.text = records[row].id; break;
    case Field::kName: v.text = records[row].name; break;
    case Field::kProvider: v.text = provider_.values[provider_.codes[row]]; break;
    case Field::kAccount: v.text = account_.values[account_.codes[row]]; break;
    case Field::kKind: v.text = kind_.values[kind_.codes[row]]; break;
    case Field::kUnit: v.text = unit_.values[unit_.codes[row]]; break;
    case Field::kStatus: v.text = adapters::to_string(status(row)); break;
    default:
      if (const int slot = integer_slot(f); slot >= 0) {
        v.present = (present_[row] & (1u << slot)) != 0;
        v.integer = integers_[row * kIntegers + static_cast<std::size_t>(slot)];
      } else {
        const auto bit = kIntegers + static_cast<std::size_t>(real_slot(f));
        v.present = (present_[row] & (1u << bit)) != 0;
        v.real = reals_[row * kReals + static_cast<std::size_t>(real_slot(f))];
      }
      return v;
  }
  v.present = true;
  return v;
}

std::vector<std::uint32_t> RecordIndex::rows_containing(std::string_view lowered) const {
  std::vector<std::uint32_t> out;
  const std::string_view text(lowered_);
  std::size_t from = 0;
  while (!lowered.empty()) {
    const std::size_t at = text.find(lowered, from);
    if (at == std::string_view::npos) break;
    const auto row = static_cast<std::size_t>(std::upper_bound(starts_.begin(), starts_.end(), at) - starts_.begin()) - 1;
    const std::size_t id_end = starts_[row] + id_sizes_[row];
    const std::size_t name_end = starts_[row + 1] - 1;
    const std::size_t end = at + lowered.size();
    // Within the id, or within the name: never across the separator between them.
    if ((at < id_end && end <= id_end) || (at > id_end && end <= name_end)) {
      out.push_back(static_cast<std::uint32_t>(row));
      from = starts_[row + 1];  // one match per row is enough
    } else {
      from = at + 1;
    }
  }
  return out;
}

std::size_t RecordIndex::bytes() const {
  std::size_t n = lowered_.capacity() + starts_.capacity() * 4 + id_sizes_.capacity() * 4 + status_.capacity() +
                  integers_.capacity() * 8 + reals_.capacity() * 8 + present_.capacity();
  for (const auto* d : {&provider_, &account_, &kind_, &unit_}) {
    n += d->codes.capacity() * 4;
    for (const auto& v : d->values) n += v.capacity() + 32;
  }
  return n;
}

}  // namespace qg::cache
