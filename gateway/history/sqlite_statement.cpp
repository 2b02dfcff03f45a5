#include "gateway/history/sqlite_statement.hpp"

#include "gateway/history/store.hpp"

namespace qg::history::sqlite {
namespace {

std::string quoted(const std::string& text) {
  return "'" + text + "'";
}

}  // namespace

std::string describe(sqlite3* db, int rc, const std::string& path) {
  const std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc & 0xff) {
    case SQLITE_NOTADB:
      return quoted(path) + " is not a SQLite database (" + detail + ")";
    case SQLITE_CORRUPT:
      return quoted(path) + " is corrupt (" + detail + ")";
    case SQLITE_CANTOPEN:
      return "cannot open " + quoted(path) + " (" + detail + ")";
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return quoted(path) + " is not writable (" + detail + ")";
    case SQLITE_FULL:
      return "the disk holding " + quoted(path) + " is full";
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return quoted(path) + " is locked by another process (" + detail + ")";
    default:
      return quoted(path) + ": " + detail;
  }
}

StatementPtr prepare(sqlite3* db, std::string_view sql, const std::string& path, unsigned flags) {
  sqlite3_stmt* statement = nullptr;
  const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), flags, &statement, nullptr);
  if (rc != SQLITE_OK) throw HistoryError(describe(db, rc, path));
  return StatementPtr(statement);
}

void exec(sqlite3* db, std::string_view sql, const std::string& path) {
  const int rc = sqlite3_exec(db, std::string(sql).c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) throw HistoryError(describe(db, rc, path));
}

std::string single_text(sqlite3* db, std::string_view sql, const std::string& path) {
  const StatementPtr statement = prepare(db, sql, path);
  Query query(statement.get(), path);
  return query.step() ? query.text(0) : std::string();
}

std::optional<std::int64_t> single_integer(sqlite3* db, std::string_view sql, const std::string& path) {
  const StatementPtr statement = prepare(db, sql, path);
  Query query(statement.get(), path);
  return query.step() ? query.integer(0) : std::nullopt;
}

Query::~Query() {
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
}

Query& Query::bind(int index, std::int64_t value) {
  return check(sqlite3_bind_int64(statement_, index, value));
}

Query& Query::bind(int index, const std::optional<std::int64_t>& value) {
  return value ? bind(index, *value) : check(sqlite3_bind_null(statement_, index));
}

Query& Query::bind(int index, std::string_view text) {
  // nullptr is SQLITE_STATIC without its C-style cast: SQLite reads the caller's bytes in place.
  return check(sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()), nullptr));
}

bool Query::step() {
  const int rc = sqlite3_step(statement_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) check(rc);
  return false;
}

std::size_t Query::run() {
  while (step()) {
  }
  return static_cast<std::size_t>(sqlite3_changes64(sqlite3_db_handle(statement_)));
}

std::optional<std::int64_t> Query::integer(int column) const {
  if (sqlite3_column_type(statement_, column) == SQLITE_NULL) return std::nullopt;
  return sqlite3_column_int64(statement_, column);
}

std::string Query::text(int column) const {
  const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
  if (data == nullptr) return {};
  return std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
}

Sample Query::sample(int first_column) const {
  return Sample{integer(first_column).value_or(0), integer(first_column + 1), integer(first_column + 2),
                integer(first_column + 3)};
}

Query& Query::check(int rc) {
  if (rc != SQLITE_OK) throw HistoryError(describe(sqlite3_db_handle(statement_), rc, path_));
  return *this;
}

}  // namespace qg::history::sqlite
