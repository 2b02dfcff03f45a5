// What a reload changes, decided as plain functions: unchanged accounts are kept (their state
// with them), changed, added and removed ones named; settings read at start-up only are
// reported and stay as they run; files are compared by content.

#include <map>

#include <gtest/gtest.h>

#include "gateway/reload/file_watch.hpp"
#include "gateway/reload/plan.hpp"

namespace {

using namespace qg;

config::AccountConfig account(std::string name, std::string key) {
  config::AccountConfig a;
  a.name = std::move(name);
  a.provider = "tencent-live";
  a.secret_id = adapters::Secret("AKID");
  a.secret_key = adapters::Secret(std::move(key));
  return a;
}

TEST(ReloadPlan, UnchangedAccountsAreKeptAndTheOthersNamed) {
  config::GatewayConfig running, next;
  running.accounts = {account("a", "k1"), account("b", "k1"), account("c", "k1")};
  next.accounts = {account("a", "k1"), account("b", "rotated"), account("d", "k1")};
  const auto plan = reload::plan_reload(running, next);
  EXPECT_EQ(plan.kept, std::vector<std::string>{"a"});
  EXPECT_EQ(plan.changed, std::vector<std::string>{"b"});  // a rotated secret is a change
  EXPECT_EQ(plan.added, std::vector<std::string>{"d"});
  EXPECT_EQ(plan.removed, std::vector<std::string>{"c"});
  EXPECT_TRUE(plan.changes_anything());
  EXPECT_TRUE(plan.needs_restart.empty());
  EXPECT_FALSE(reload::plan_reload(running, running).changes_anything());
}

TEST(ReloadPlan, StartUpSettingsAreReportedAndStayAsTheyRun) {
  config::GatewayConfig running, next;
  next.listen.port = 9999;
  next.cache.ttl = std::chrono::minutes(5);
  next.auth.enabled = true;
  next.auth.api_keys = {adapters::Secret("k")};
  next.client_limits.burst = 99;
  next.log.level = "debug";
  const auto plan = reload::plan_reload(running, next);
  EXPECT_EQ(plan.needs_restart, (std::vector<std::string>{"listen", "cache"}));
  EXPECT_TRUE(plan.front_door);
  EXPECT_TRUE(plan.client_limits);
  EXPECT_TRUE(plan.log_level);
  const auto in_force = reload::in_force(running, next);
  EXPECT_EQ(in_force.listen.port, running.listen.port);
  EXPECT_EQ(in_force.cache.ttl, running.cache.ttl);
  EXPECT_EQ(in_force.client_limits.burst, 99);
  EXPECT_TRUE(in_force.auth.enabled);
  // Compared with what is in force, the same file again changes nothing more but still says
  // which settings wait for a restart.
  const auto again = reload::plan_reload(in_force, next);
  EXPECT_FALSE(again.changes_anything());
  EXPECT_EQ(again.needs_restart.size(), 2u);
}

TEST(FileWatch, ContentNotTimestampsDecides) {
  std::map<std::string, std::string> disk{{"/c.yaml", "a: 1"}, {"/secret", "s1"}};
  auto read = [&](const std::string& p) -> std::optional<std::string> {
    auto it = disk.find(p);
    return it == disk.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
  reload::FileWatch watch;
  watch.reset({"/secret", "/c.yaml", "/secret"}, read);
  EXPECT_EQ(watch.paths().size(), 2u);
  EXPECT_FALSE(watch.changed(read));
  disk["/secret"] = "s1";  // rewritten with the same bytes: nothing to do
  EXPECT_FALSE(watch.changed(read));
  disk["/secret"] = "s2";
  EXPECT_TRUE(watch.changed(read));
  watch.reset(watch.paths(), read);
  EXPECT_FALSE(watch.changed(read));
  disk.erase("/c.yaml");  // gone (a symlink swap in progress) is a change too
  EXPECT_TRUE(watch.changed(read));
}

}  // namespace
