#pragma once
// HistoryStore on one SQLite file. WAL with synchronous=NORMAL: a crash may lose the last few
// transactions but never corrupts the file, and the next refresh writes them again.

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "gateway/history/store.hpp"

struct sqlite3;  // keeps <sqlite3.h> a private dependency of this module

namespace qg::history {

/// Opens or creates the file and checks it before anything else runs. It refuses, with a
/// HistoryError naming the file: an empty path, a directory, a path in a missing directory, a file
/// that is not a SQLite database or is corrupt (PRAGMA quick_check for files up to 64 MiB, the
/// schema for larger ones), a database of another application, one written by a newer schema, a
/// file that cannot be written, and a file system without WAL support.
///
/// prune() scans the samples table; run it every hour or so, not on every refresh.
///
/// @par Thread Safety
/// All members may be called concurrently; they take turns on one connection. Every call blocks
/// on the disk, so call it from a worker thread, not an I/O thread.
class SqliteStore final : public HistoryStore {
 public:
  explicit SqliteStore(const std::filesystem::path& path);  // @throws HistoryError
  ~SqliteStore() override;

  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  void append(std::vector<PackageSample> batch) override;
  std::vector<Sample> samples(std::string_view id, std::int64_t since) override;
  std::optional<std::string> unit(std::string_view id) override;
  void scan(std::int64_t since,
            const std::function<void(const std::string& id, const std::string& unit, const Sample&)>& visit)
      override;
  std::size_t prune(std::int64_t now, const RetentionPolicy& policy) override;

 private:
  struct Statements;

  template <class Body>
  void in_transaction(Body&& body);

  std::string path_;  // as given, for messages
  std::mutex mutex_;
  std::unique_ptr<sqlite3, void (*)(sqlite3*)> db_;
  std::unique_ptr<Statements> statements_;  // destroyed before db_
};

}  // namespace qg::history
