#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "gateway/history/retention.hpp"
#include "gateway/history/sqlite_store.hpp"

namespace {

namespace fs = std::filesystem;
using qg::history::HistoryError;
using qg::history::PackageSample;
using qg::history::RetentionPolicy;
using qg::history::Sample;
using qg::history::SqliteStore;
using ::testing::HasSubstr;

constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kNow = 1'800'000'000;
constexpr std::int64_t kEver = std::numeric_limits<std::int64_t>::min();

std::string open_error(const fs::path& path) {
  try {
    SqliteStore store(path);
  } catch (const HistoryError& e) {
    return e.what();
  }
  return "(opened)";
}

void write_bytes(const fs::path& path, std::uintmax_t offset, std::uintmax_t count, char byte) {
  std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
  file.seekp(static_cast<std::streamoff>(offset));
  const std::string garbage(count, byte);
  file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
}

// Runs SQL on the file with a separate connection, as another program would.
void run_sql(const fs::path& path, const char* sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  sqlite3_close(db);
}

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "qg-history-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    path_ = dir_ / "history.db";
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  fs::path dir_;
  fs::path path_;
};

TEST_F(SqliteStoreTest, AppendedSamplesReadBackInOrder) {
  SqliteStore store(path_);
  store.append({{"a", "hours", Sample{kNow + 20, 2, 8, 10}},
                {"b", "bytes", Sample{kNow, std::nullopt, 5, std::nullopt}},
                {"a", "hours", Sample{kNow + 10, 1, 9, 10}},
                {"a", "hours", Sample{kNow + 30, 3, 7, 10}}});
  EXPECT_EQ(store.samples("a", kEver),
            (std::vector<Sample>{{kNow + 10, 1, 9, 10}, {kNow + 20, 2, 8, 10}, {kNow + 30, 3, 7, 10}}));
  EXPECT_EQ(store.samples("a", kNow + 20),
            (std::vector<Sample>{{kNow + 20, 2, 8, 10}, {kNow + 30, 3, 7, 10}}));
  EXPECT_EQ(store.samples("b", kEver), (std::vector<Sample>{{kNow, std::nullopt, 5, std::nullopt}}));
  EXPECT_TRUE(store.samples("c", kEver).empty());
  store.append({});
}

TEST_F(SqliteStoreTest, UnitIsKnownOnlyForRecordedPackagesAndTheLatestWins) {
  SqliteStore store(path_);
  EXPECT_EQ(store.unit("a"), std::nullopt);
  store.append({{"a", "minutes", Sample{kNow, 1, 2, 3}}});
  EXPECT_EQ(store.unit("a"), "minutes");
  store.append({{"a", "hours", Sample{kNow + 1, 1, 2, 3}}});
  EXPECT_EQ(store.unit("a"), "hours");
}

TEST_F(SqliteStoreTest, ASampleAtTheSameTimeReplacesTheStoredOne) {
  SqliteStore store(path_);
  store.append({{"a", "count", Sample{kNow, 1, 9, 10}}});
  store.append({{"a", "count", Sample{kNow, 2, 8, 10}}});
  EXPECT_EQ(store.samples("a", kEver), (std::vector<Sample>{{kNow, 2, 8, 10}}));
}

TEST_F(SqliteStoreTest, SamplesSurviveReopen) {
  {
    SqliteStore store(path_);
    store.append({{"a", "count", Sample{kNow, 1, 9, 10}}, {"b", "bytes", Sample{kNow, 5, 5, 10}}});
  }
  SqliteStore store(path_);
  EXPECT_EQ(store.samples("a", kEver), (std::vector<Sample>{{kNow, 1, 9, 10}}));
  EXPECT_EQ(store.unit("b"), "bytes");
}

TEST_F(SqliteStoreTest, WalModeIsOn) {
  SqliteStore store(path_);
  store.append({{"a", "count", Sample{kNow, 1, 9, 10}}});
  EXPECT_TRUE(fs::exists(dir_ / "history.db-wal"));
  // File format: bytes 18 and 19 of the header are 2 (WAL) instead of 1 (rollback journal).
  std::ifstream file(path_, std::ios::binary);
  char header[20] = {};
  file.read(header, sizeof header);
  EXPECT_EQ(header[18], 2);
  EXPECT_EQ(header[19], 2);
}

TEST_F(SqliteStoreTest, GarbageFileIsRejectedAtOpen) {
  { std::ofstream(path_, std::ios::binary) << std::string(8192, 'x'); }
  const std::string error = open_error(path_);
  EXPECT_THAT(error, HasSubstr("is not a SQLite database"));
  EXPECT_THAT(error, HasSubstr(path_.string()));
}

TEST_F(SqliteStoreTest, DamagedPagesAreRejectedAtOpen) {
  {
    SqliteStore store(path_);
    std::vector<PackageSample> batch;
    for (int i = 0; i < 5000; ++i)
      batch.push_back({"package-" + std::to_string(i % 50), "count", Sample{kNow + i, i, i, i}});
    store.append(std::move(batch));
  }
  const auto size = fs::file_size(path_);
  ASSERT_GT(size, 4u * 4096u);
  write_bytes(path_, 4096, size - 4096, '\x5a');  // everything after the first page
  EXPECT_THAT(open_error(path_), HasSubstr("corrupt"));
}

TEST_F(SqliteStoreTest, DirectoryPathIsRejected) {
  EXPECT_THAT(open_error(dir_), HasSubstr("is a directory"));
}

TEST_F(SqliteStoreTest, PathInAMissingDirectoryIsRejected) {
  const std::string error = open_error(dir_ / "missing" / "history.db");
  EXPECT_THAT(error, HasSubstr("does not exist"));
  EXPECT_THAT(error, HasSubstr((dir_ / "missing").string()));
}

// File permissions do not bind root, who runs this suite in CI and containers. So the store is
// opened in a child process (a gtest death-test fork) which, when it is root, hands the directory
// to an unprivileged user and becomes that user: the file is then really read-only to it (its
// directory writable, as a real deployment's would be), whoever runs the suite.
TEST_F(SqliteStoreTest, ReadOnlyFileIsRejected) {
  { SqliteStore store(path_); }
  fs::permissions(path_, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  constexpr uid_t kNobody = 65534;
  EXPECT_EXIT(
      {
        if (geteuid() == 0 && (chown(dir_.c_str(), kNobody, kNobody) != 0 || setgid(kNobody) != 0 ||
                               setuid(kNobody) != 0 || access(path_.c_str(), W_OK) == 0)) {
          std::fputs("cannot drop root privileges", stderr);
          std::_Exit(2);
        }
        std::fputs(open_error(path_).c_str(), stderr);
        std::_Exit(0);
      },
      ::testing::ExitedWithCode(0), "not writable");
}

TEST_F(SqliteStoreTest, DatabaseOfAnotherApplicationIsRejected) {
  run_sql(path_, "CREATE TABLE invoices (id INTEGER PRIMARY KEY)");
  EXPECT_THAT(open_error(path_), HasSubstr("another application"));
}

TEST_F(SqliteStoreTest, NewerSchemaIsRejected) {
  { SqliteStore store(path_); }
  run_sql(path_, "UPDATE schema_version SET version = 99");
  EXPECT_THAT(open_error(path_), HasSubstr("newer quota-gateway (schema version 99"));
}

TEST_F(SqliteStoreTest, ScanVisitsEveryPackageSinceTheGivenTime) {
  SqliteStore store(path_);
  store.append({{"b", "bytes", Sample{kNow, 1, 1, 2}},
                {"a", "hours", Sample{kNow - 10, 1, 1, 2}},
                {"a", "hours", Sample{kNow + 5, 2, 0, 2}},
                {"b", "bytes", Sample{kNow + 1, 2, 0, 2}}});
  std::vector<std::string> seen;
  store.scan(kNow, [&](const std::string& id, const std::string& unit, const Sample& s) {
    seen.push_back(id + "/" + unit + "@" + std::to_string(s.at - kNow));
  });
  EXPECT_EQ(seen, (std::vector<std::string>{"a/hours@5", "b/bytes@0", "b/bytes@1"}));
}

TEST_F(SqliteStoreTest, PruneThinsAndDeletesExactlyAsDownsample) {
  SqliteStore store(path_);
  std::map<std::string, std::vector<Sample>> written;
  std::vector<PackageSample> batch;
  for (std::int64_t t = kNow - 200 * kDay; t <= kNow; t += 1777) {
    for (const char* id : {"a", "b"}) {
      const Sample s{t, t % 1000, 1000 - t % 1000, 1000};
      written[id].push_back(s);
      batch.push_back({id, "count", s});
    }
  }
  store.append(std::move(batch));
  const RetentionPolicy policy;
  std::size_t expected_removed = 0;
  for (const auto& [id, samples] : written) {
    expected_removed += samples.size() - qg::history::downsample(samples, kNow, policy).size();
  }
  EXPECT_EQ(store.prune(kNow, policy), expected_removed);
  for (const auto& [id, samples] : written) {
    EXPECT_EQ(store.samples(id, kEver), qg::history::downsample(samples, kNow, policy)) << id;
  }
  EXPECT_EQ(store.prune(kNow, policy), 0u);
}

TEST_F(SqliteStoreTest, PruneForgetsPackagesWhoseHistoryExpired) {
  SqliteStore store(path_);
  store.append(
      {{"old", "count", Sample{kNow - 200 * kDay, 1, 1, 2}}, {"new", "count", Sample{kNow, 1, 1, 2}}});
  EXPECT_EQ(store.prune(kNow, {}), 1u);
  EXPECT_EQ(store.unit("old"), std::nullopt);
  EXPECT_EQ(store.unit("new"), "count");
}

TEST_F(SqliteStoreTest, ConcurrentAppendsAreAllKept) {
  SqliteStore store(path_);
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&store, w] {
      for (int b = 0; b < 25; ++b) {
        std::vector<PackageSample> batch;
        for (int i = 0; i < 10; ++i)
          batch.push_back({"w" + std::to_string(w), "count", Sample{kNow + b * 10 + i, i, i, i}});
        store.append(std::move(batch));
      }
    });
  }
  for (auto& writer : writers) writer.join();
  for (int w = 0; w < 4; ++w) EXPECT_EQ(store.samples("w" + std::to_string(w), kEver).size(), 250u);
}

}  // namespace
