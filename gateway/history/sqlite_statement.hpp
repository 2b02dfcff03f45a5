#pragma once
// The slice of the SQLite C API the store uses, with errors turned into HistoryError messages
// that name the file. Internal to this module: only .cpp files include it, so <sqlite3.h> stays
// a private dependency.

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "gateway/history/sample.hpp"

namespace qg::history::sqlite {

// A failed call, in the words an operator needs to fix the file at `path`.
std::string describe(sqlite3* db, int rc, const std::string& path);

struct Finalize {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using StatementPtr = std::unique_ptr<sqlite3_stmt, Finalize>;

// @throws HistoryError
StatementPtr prepare(sqlite3* db, std::string_view sql, const std::string& path, unsigned flags = 0);
void exec(sqlite3* db, std::string_view sql, const std::string& path);
// The first column of the first row; empty / nullopt when there is no row or it is NULL.
std::string single_text(sqlite3* db, std::string_view sql, const std::string& path);
std::optional<std::int64_t> single_integer(sqlite3* db, std::string_view sql, const std::string& path);

// One use of a prepared statement. Resetting on scope exit means an exception never leaves a
// statement holding a read transaction or pointing at a caller's strings (text is bound without
// a copy, so it must outlive the Query).
class Query {
 public:
  Query(sqlite3_stmt* statement, const std::string& path) : statement_(statement), path_(path) {}
  ~Query();
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  Query& bind(int index, std::int64_t value);
  Query& bind(int index, const std::optional<std::int64_t>& value);
  Query& bind(int index, std::string_view text);

  // True while a row is ready. @throws HistoryError
  bool step();
  // Steps to completion; the number of rows it changed. @throws HistoryError
  std::size_t run();

  std::optional<std::int64_t> integer(int column) const;
  std::string text(int column) const;
  // Columns at, used, remaining, total from `first_column` on.
  Sample sample(int first_column) const;

 private:
  Query& check(int rc);

  sqlite3_stmt* statement_;
  const std::string& path_;
};

}  // namespace qg::history::sqlite
