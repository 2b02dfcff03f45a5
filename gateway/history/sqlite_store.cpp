#include "gateway/history/sqlite_store.hpp"

#include <string_view>
#include <system_error>
#include <utility>

#include "gateway/history/sqlite_statement.hpp"

namespace qg::history {
namespace {

namespace fs = std::filesystem;
using sqlite::exec;
using sqlite::prepare;
using sqlite::Query;
using sqlite::single_integer;
using sqlite::single_text;
using sqlite::StatementPtr;

constexpr std::int64_t kSchemaVersion = 1;
// quick_check reads every page: bounded so a large history does not stall start-up for long.
constexpr std::uintmax_t kQuickCheckMaxBytes = 64u * 1024u * 1024u;
// Another process (a backup, the sqlite3 shell) may hold the lock for a moment.
constexpr int kBusyTimeoutMs = 5000;

constexpr std::string_view kSchema = R"sql(
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS packages (id TEXT PRIMARY KEY, unit TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS samples (
  id TEXT NOT NULL, at INTEGER NOT NULL, used INTEGER, remaining INTEGER, total INTEGER,
  PRIMARY KEY (id, at)) WITHOUT ROWID;
)sql";

std::string quoted(const std::string& text) {
  return "'" + text + "'";
}

// SQLite's own messages for these cases ("unable to open database file") do not say which part
// of the path is wrong.
void check_path(const fs::path& path) {
  const std::string name = path.string();
  if (name.empty()) throw HistoryError("the path is empty; expected a file such as 'history.db'");
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (!fs::status_known(status))
    throw HistoryError("cannot inspect " + quoted(name) + " (" + ec.message() + ")");
  if (fs::is_directory(status)) {
    throw HistoryError(quoted(name) + " is a directory; expected a file such as " +
                       quoted((path / "history.db").string()));
  }
  if (fs::exists(status) && !fs::is_regular_file(status))
    throw HistoryError(quoted(name) + " is not a regular file");
  const fs::path parent = path.has_parent_path() ? path.parent_path() : fs::path(".");
  const fs::file_status parent_status = fs::status(parent, ec);
  if (!fs::exists(parent_status)) {
    throw HistoryError("the directory " + quoted(parent.string()) + " of " + quoted(name) +
                       " does not exist");
  }
  if (!fs::is_directory(parent_status)) throw HistoryError(quoted(parent.string()) + " is not a directory");
}

void close_database(sqlite3* db) {
  sqlite3_close_v2(db);
}

std::unique_ptr<sqlite3, void (*)(sqlite3*)> open_database(const fs::path& path) {
  check_path(path);
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.string().c_str(), &raw,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  // A handle comes back even on failure, and must be closed either way.
  std::unique_ptr<sqlite3, void (*)(sqlite3*)> db(raw, &close_database);
  if (rc != SQLITE_OK) throw HistoryError(sqlite::describe(raw, rc, path.string()));
  sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
  return db;
}

void verify_file(sqlite3* db, const fs::path& path, const std::string& name) {
  // The first page read: a file that is not a database fails here whatever its size.
  single_integer(db, "SELECT count(*) FROM sqlite_master", name);
  std::error_code ec;
  const std::uintmax_t size = fs::file_size(path, ec);
  if (!ec && size <= kQuickCheckMaxBytes) {
    const std::string verdict = single_text(db, "PRAGMA quick_check(1)", name);
    if (verdict != "ok") throw HistoryError(quoted(name) + " is corrupt (quick_check: " + verdict + ")");
  }
  if (sqlite3_db_readonly(db, "main") == 1) {
    throw HistoryError(quoted(name) +
                       " is not writable (check the permissions of the file and its directory)");
  }
}

void configure(sqlite3* db, const std::string& name) {
  const std::string mode = single_text(db, "PRAGMA journal_mode=WAL", name);
  if (mode != "wal") {
    throw HistoryError(quoted(name) + " cannot use write-ahead logging (journal mode stays " + quoted(mode) +
                       "); put it on a local file system");
  }
  exec(db, "PRAGMA synchronous=NORMAL", name);
}

void create_schema(sqlite3* db, const std::string& name) {
  const auto tables = single_integer(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table'", name);
  const auto ours = single_integer(
      db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'", name);
  if (tables.value_or(0) > 0 && ours.value_or(0) == 0) {
    throw HistoryError(quoted(name) +
                       " is a SQLite database of another application (it has no schema_version table)");
  }
  exec(db, kSchema, name);
  const auto version = single_integer(db, "SELECT max(version) FROM schema_version", name);
  if (!version) {
    exec(db, "INSERT INTO schema_version (version) VALUES (" + std::to_string(kSchemaVersion) + ")", name);
  } else if (*version > kSchemaVersion) {
    throw HistoryError(quoted(name) + " was written by a newer quota-gateway (schema version " +
                       std::to_string(*version) + "; this one understands up to " +
                       std::to_string(kSchemaVersion) + ")");
  }
}

void migrate(sqlite3* db, const std::string& name) {
  exec(db, "BEGIN IMMEDIATE", name);
  try {
    create_schema(db, name);
    exec(db, "COMMIT", name);
  } catch (...) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

}  // namespace

struct SqliteStore::Statements {
  Statements(sqlite3* db, const std::string& path)
      : begin(prepare(db, "BEGIN IMMEDIATE", path, SQLITE_PREPARE_PERSISTENT)),
        commit(prepare(db, "COMMIT", path, SQLITE_PREPARE_PERSISTENT)),
        rollback(prepare(db, "ROLLBACK", path, SQLITE_PREPARE_PERSISTENT)),
        upsert_package(
            prepare(db,
                    "INSERT INTO packages (id, unit) VALUES (?1, ?2) "
                    "ON CONFLICT (id) DO UPDATE SET unit = excluded.unit WHERE unit != excluded.unit",
                    path, SQLITE_PREPARE_PERSISTENT)),
        insert_sample(prepare(
            db, "INSERT OR REPLACE INTO samples (id, at, used, remaining, total) VALUES (?1, ?2, ?3, ?4, ?5)",
            path, SQLITE_PREPARE_PERSISTENT)),
        select_samples(prepare(
            db, "SELECT at, used, remaining, total FROM samples WHERE id = ?1 AND at >= ?2 ORDER BY at", path,
            SQLITE_PREPARE_PERSISTENT)),
        select_unit(prepare(db, "SELECT unit FROM packages WHERE id = ?1", path, SQLITE_PREPARE_PERSISTENT)),
        scan(prepare(db,
                     "SELECT s.id, p.unit, s.at, s.used, s.remaining, s.total FROM samples AS s "
                     "JOIN packages AS p ON p.id = s.id WHERE s.at >= ?1 ORDER BY s.id, s.at",
                     path)),
        delete_expired(prepare(db, "DELETE FROM samples WHERE at < ?1", path)),
        // A sample older than ?1 goes when a later sample before ?1 shares its bucket of ?2
        // seconds (epoch-aligned): the last one of each bucket stays, exactly as downsample().
        delete_thinned(prepare(db,
                               "DELETE FROM samples WHERE at < ?1 AND EXISTS (SELECT 1 FROM samples AS later "
                               "WHERE later.id = samples.id AND later.at > samples.at "
                               "AND later.at < min(?1, samples.at - ((samples.at % ?2) + ?2) % ?2 + ?2))",
                               path)),
        delete_orphans(prepare(db,
                               "DELETE FROM packages WHERE NOT EXISTS "
                               "(SELECT 1 FROM samples WHERE samples.id = packages.id)",
                               path)) {}

  StatementPtr begin, commit, rollback;
  StatementPtr upsert_package, insert_sample, select_samples, select_unit, scan;
  StatementPtr delete_expired, delete_thinned, delete_orphans;
};

SqliteStore::SqliteStore(const std::filesystem::path& path) : path_(path.string()), db_(open_database(path)) {
  verify_file(db_.get(), path, path_);
  configure(db_.get(), path_);
  migrate(db_.get(), path_);
  statements_ = std::make_unique<Statements>(db_.get(), path_);
}

SqliteStore::~SqliteStore() = default;

template <class Body>
void SqliteStore::in_transaction(Body&& body) {
  Query(statements_->begin.get(), path_).run();
  try {
    std::forward<Body>(body)();
    Query(statements_->commit.get(), path_).run();
  } catch (...) {
    // After some errors (disk full, I/O) SQLite has already rolled back; then this fails, harmlessly.
    sqlite3_step(statements_->rollback.get());
    sqlite3_reset(statements_->rollback.get());
    throw;
  }
}

void SqliteStore::append(std::vector<PackageSample> batch) {
  if (batch.empty()) return;
  std::lock_guard lock(mutex_);
  in_transaction([&] {
    for (const PackageSample& item : batch) {
      Query(statements_->upsert_package.get(), path_).bind(1, item.id).bind(2, item.unit).run();
      const Sample& s = item.sample;
      Query(statements_->insert_sample.get(), path_)
          .bind(1, item.id)
          .bind(2, s.at)
          .bind(3, s.used)
          .bind(4, s.remaining)
          .bind(5, s.total)
          .run();
    }
  });
}

std::vector<Sample> SqliteStore::samples(std::string_view id, std::int64_t since) {
  std::lock_guard lock(mutex_);
  Query query(statements_->select_samples.get(), path_);
  query.bind(1, id).bind(2, since);
  std::vector<Sample> result;
  while (query.step()) result.push_back(query.sample(0));
  return result;
}

std::optional<std::string> SqliteStore::unit(std::string_view id) {
  std::lock_guard lock(mutex_);
  Query query(statements_->select_unit.get(), path_);
  query.bind(1, id);
  if (!query.step()) return std::nullopt;
  return query.text(0);
}

void SqliteStore::scan(
    std::int64_t since,
    const std::function<void(const std::string& id, const std::string& unit, const Sample&)>& visit) {
  std::lock_guard lock(mutex_);
  Query query(statements_->scan.get(), path_);
  query.bind(1, since);
  while (query.step()) visit(query.text(0), query.text(1), query.sample(2));
}

std::size_t SqliteStore::prune(std::int64_t now, const RetentionPolicy& policy) {
  std::lock_guard lock(mutex_);
  std::size_t removed = 0;
  in_transaction([&] {
    removed += Query(statements_->delete_expired.get(), path_).bind(1, now - policy.retention_seconds).run();
    if (policy.bucket_seconds > 0) {
      removed += Query(statements_->delete_thinned.get(), path_)
                     .bind(1, now - policy.full_resolution_seconds)
                     .bind(2, policy.bucket_seconds)
                     .run();
    }
    // A package whose whole history expired is unknown again.
    Query(statements_->delete_orphans.get(), path_).run();
  });
  return removed;
}

}  // namespace qg::history
