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

namespace {

using namespace qg;

config::AuthConfig keys(std::initializer_list<const char*> list) {
  config::AuthConfig a;
  a.enabled = true;
  for (const char* k : list) a.api_keys.emplace_back(k);
  return a;
}

// Issue 24.2: revocation by reload fails closed; only `enabled: false` switches auth off.
TEST(ReloadAuth, OnlyAnExplicitSwitchTurnsAuthenticationOffAndEveryOtherLossRevokesEveryKey) {
  const auto on = keys({"k1", "k2"});
  // Keys changed: as configured.
  auto changed = reload::auth_after_reload(on, keys({"k2"}));
  EXPECT_EQ(changed.change, reload::AuthChange::kNone);
  EXPECT_EQ(changed.auth, keys({"k2"}));

  // The section is gone: still on, with no key at all.
  auto removed = reload::auth_after_reload(on, config::AuthConfig{});
  EXPECT_EQ(removed.change, reload::AuthChange::kSectionRemoved);
  EXPECT_TRUE(removed.auth.enabled);
  EXPECT_TRUE(removed.auth.api_keys.empty());
  EXPECT_NE(removed.auth.no_key_reason.find("enabled: false"), std::string::npos);
  // ... and stays so on the next reload without the section, until keys come back.
  auto still = reload::auth_after_reload(removed.auth, config::AuthConfig{});
  EXPECT_EQ(still.change, reload::AuthChange::kSectionRemoved);
  EXPECT_TRUE(still.auth.enabled);
  EXPECT_EQ(reload::auth_after_reload(still.auth, keys({"k3"})).auth, keys({"k3"}));

  // The key file emptied or deleted (the loader's reload mode): every key revoked.
  config::AuthConfig emptied;
  emptied.enabled = true;
  emptied.no_key_reason = "auth.api_keys_file '/run/keys' cannot be opened";
  auto revoked = reload::auth_after_reload(on, emptied);
  EXPECT_EQ(revoked.change, reload::AuthChange::kEveryKeyRevoked);
  EXPECT_TRUE(revoked.auth.enabled);
  EXPECT_TRUE(revoked.auth.api_keys.empty());

  // Only `enabled: false` switches it off, and says so.
  config::AuthConfig off;
  off.switched_off = true;
  auto switched = reload::auth_after_reload(on, off);
  EXPECT_EQ(switched.change, reload::AuthChange::kSwitchedOff);
  EXPECT_FALSE(switched.auth.enabled);
  // Off before: a missing section or `enabled: false` changes nothing worth a warning.
  EXPECT_EQ(reload::auth_after_reload(config::AuthConfig{}, config::AuthConfig{}).change, reload::AuthChange::kNone);
  EXPECT_EQ(reload::auth_after_reload(switched.auth, off).change, reload::AuthChange::kNone);
  EXPECT_FALSE(reload::auth_after_reload(switched.auth, config::AuthConfig{}).auth.enabled);
}

}  // namespace

namespace {

using namespace qg;

TEST(ReloadAuth, ARefusedReloadStillRevokesTheKeysItNoLongerListsButAddsNone) {
  config::AuthConfig on;
  on.enabled = true;
  on.api_keys = {adapters::Secret("k1"), adapters::Secret("k2")};
  config::AuthConfig next = on;
  next.api_keys = {adapters::Secret("k2"), adapters::Secret("k3")};
  const auto kept = reload::revoke_unlisted(on, next);
  EXPECT_TRUE(kept.enabled);
  EXPECT_EQ(kept.api_keys, std::vector<adapters::Secret>{adapters::Secret("k2")});  // k1 revoked, k3 waits

  const auto none = reload::revoke_unlisted(on, config::AuthConfig{});  // the section is gone
  EXPECT_TRUE(none.enabled);
  EXPECT_TRUE(none.api_keys.empty());
  EXPECT_FALSE(none.no_key_reason.empty());

  config::AuthConfig off;
  off.switched_off = true;
  EXPECT_EQ(reload::revoke_unlisted(on, off), on);  // switching off needs a configuration that loads
  EXPECT_EQ(reload::revoke_unlisted(config::AuthConfig{}, next), config::AuthConfig{});  // nothing to revoke
}

}  // namespace
