// The nginx recipes of docs/behind-a-gateway.md, run as written with the real Debian nginx in
// front of a real gateway: every Link followed to the last page, /docs and /ui loaded through the
// proxy, the spec's servers and the /ui/ redirect under the public prefix exactly once, and what
// a client forges (X-Forwarded-Prefix, Forwarded, X-Forwarded-For) changing nothing. nginx is a
// test dependency (.ci/packages-test): when it was not found at configure time the tests fail
// naming it instead of skipping.

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "tests/e2e/e2e_support.hpp"
#include "tests/support/port_reservation.hpp"

namespace {

using namespace qg::test;

constexpr const char* kPrefix = "/quota-gateway";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The ```nginx block that follows "<!-- recipe: NAME -->" in the document, verbatim.
std::string recipe(const std::string& name) {
  const std::string doc = read_file(std::string(QG_DOCS_DIR) + "/behind-a-gateway.md");
  const auto marker = doc.find("<!-- recipe: " + name + " -->");
  if (marker == std::string::npos) return {};
  const std::string fence = "```nginx\n";
  const auto start = doc.find(fence, marker);
  const auto end = doc.find("\n```", start);
  if (start == std::string::npos || end == std::string::npos) return {};
  return doc.substr(start + fence.size(), end - start - fence.size() + 1);
}

// Replaces the one occurrence of `from`; fails the test when the recipe no longer has it.
void replace_once(std::string& text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  ASSERT_NE(at, std::string::npos) << "the recipe no longer contains '" << from << "'";
  ASSERT_EQ(text.find(from, at + 1), std::string::npos) << "'" << from << "' appears twice";
  text.replace(at, from.size(), to);
}

// nginx as an unprivileged foreground process: the recipe's blocks inside an http {} of its own,
// every path under a scratch directory.
class Nginx {
 public:
  explicit Nginx(std::string blocks) {
    char dir[] = "/tmp/qg-nginx-XXXXXX";
    dir_ = ::mkdtemp(dir);
    replace_once(blocks, "listen 80;", "listen 127.0.0.1:" + std::to_string(port_.port()) + ";");
    std::ofstream(dir_ + "/nginx.conf") << "daemon off;\nmaster_process off;\nworker_processes 1;\n"
                                        << "pid " << dir_ << "/nginx.pid;\nerror_log stderr notice;\n"
                                        << "events { worker_connections 64; }\nhttp {\n  access_log off;\n"
                                        << "  client_body_temp_path " << dir_ << "/body;\n"
                                        << "  proxy_temp_path " << dir_ << "/proxy;\n"
                                        << "  fastcgi_temp_path " << dir_ << "/fastcgi;\n"
                                        << "  uwsgi_temp_path " << dir_ << "/uwsgi;\n"
                                        << "  scgi_temp_path " << dir_ << "/scgi;\n"
                                        << blocks << "}\n";
    process_ = std::make_unique<ChildProcess>(
        QG_NGINX, std::vector<std::string>{"-p", dir_ + "/", "-c", dir_ + "/nginx.conf", "-e", "stderr"});
    wait_until([this] { return http_get(port_.port(), "/").status != 0 || !process_->running(); });
    EXPECT_TRUE(process_->running()) << process_->output();
  }
  ~Nginx() { process_->stop(15, std::chrono::seconds(10)); }
  std::uint16_t port() const { return port_.port(); }

 private:
  PortReservation port_;  // held until nginx is gone: nginx binds with SO_REUSEADDR
  std::string dir_;
  std::unique_ptr<ChildProcess> process_;
};

bool nginx_installed() {
  const std::string nginx = QG_NGINX;
  return nginx.find("NOTFOUND") == std::string::npos && ::access(nginx.c_str(), X_OK) == 0;
}

// Fails (not skips) where nginx is missing: the recipes are part of what the suite promises.
#define QG_REQUIRE_NGINX()                                                                                  \
  ASSERT_TRUE(nginx_installed()) << "nginx was not found when the build was configured (QG_NGINX='" QG_NGINX \
                                    "'): install the Debian package nginx (.ci/packages-test) and re-run cmake"

// The recipe with the gateway's port where it says 127.0.0.1:8080.
std::string recipe_for(const std::string& name, const Gateway& gateway) {
  std::string blocks = recipe(name);
  EXPECT_FALSE(blocks.empty()) << "no ```nginx block after <!-- recipe: " << name << " --> in docs/behind-a-gateway.md";
  replace_once(blocks, "server 127.0.0.1:8080;", "server 127.0.0.1:" + std::to_string(gateway.port()) + ";");
  return blocks;
}

std::string link_target(const std::string& link) {
  if (link.empty()) return {};
  EXPECT_TRUE(link.starts_with(std::string("<") + kPrefix + "/quotas?")) << link;
  EXPECT_NE(link.find("rel=\"next\""), std::string::npos) << link;
  return link.substr(1, link.find('>') - 1);
}

// Everything a client does through the proxy, with `forged` headers on every request.
void use_through(std::uint16_t port, const Headers& forged) {
  std::string target = std::string(kPrefix) + "/quotas?page_size=7";
  std::set<std::string> ids;
  std::int64_t total = -1;
  int pages = 0;
  while (!target.empty() && pages < 100) {
    auto page = http_get(port, target, forged);
    ASSERT_EQ(page.status, 200u) << target << ": " << page.body;
    const auto body = page.json().as_object();
    total = body.at("total_items").to_number<std::int64_t>();
    for (const auto& item : body.at("items").as_array()) ids.insert(std::string(item.at("id").as_string()));
    ++pages;
    target = link_target(page.header("Link"));
  }
  EXPECT_GT(pages, 2);
  EXPECT_EQ(static_cast<std::int64_t>(ids.size()), total) << "every record once, over " << pages << " pages";

  const auto spec = http_get(port, std::string(kPrefix) + "/openapi.json", forged);
  ASSERT_EQ(spec.status, 200u);
  EXPECT_EQ(spec.json().at("servers").as_array()[0].at("url").as_string(), kPrefix);
  const auto docs = http_get(port, std::string(kPrefix) + "/docs", forged);
  ASSERT_EQ(docs.status, 200u);
  EXPECT_NE(docs.body.find("src=\"docs/swagger-ui-bundle.js\""), std::string::npos);
  for (const char* asset : {"/docs/swagger-ui-bundle.js", "/docs/init.js", "/ui", "/ui/app.js"}) {
    EXPECT_EQ(http_get(port, std::string(kPrefix) + asset, forged).status, 200u) << asset;
  }
  const auto redirect = http_get(port, std::string(kPrefix) + "/ui/", forged);
  EXPECT_EQ(redirect.status, 301u);
  EXPECT_EQ(redirect.header("Location"), std::string(kPrefix) + "/ui");
}

const Headers kForged{{"X-Forwarded-Prefix", "/evil"}, {"Forwarded", "for=6.6.6.6;proto=https"},
                      {"X-Forwarded-For", "6.6.6.6"}};

void expect_believed_client_is_nginx(Gateway& gateway) {
  gateway.process().wait_for_line(std::regex(R"re("route":"/quotas".*"remote":"127\.0\.0\.1")re"));
  EXPECT_EQ(gateway.process().output().find("\"remote\":\"6.6.6.6\""), std::string::npos);
}

TEST(NginxRecipeE2E, StrippingThePrefixWithXForwardedPrefix) {
  QG_REQUIRE_NGINX();
  Emulator emulator;
  GatewayOptions o;
  o.extra_yaml = "trusted_proxies: [127.0.0.1]\n";
  Gateway gateway(emulator, o);
  gateway.wait_ready();
  Nginx nginx(recipe_for("nginx-strip", gateway));
  use_through(nginx.port(), {});
  use_through(nginx.port(), kForged);
  expect_believed_client_is_nginx(gateway);
}

TEST(NginxRecipeE2E, ForwardingThePathUnchangedToABasePath) {
  QG_REQUIRE_NGINX();
  Emulator emulator;
  GatewayOptions o;
  o.extra_yaml = std::string("trusted_proxies: [127.0.0.1]\nbase_path: ") + kPrefix + "\n";
  Gateway gateway(emulator, o);
  gateway.wait_ready();
  {
    Nginx nginx(recipe_for("nginx-base-path", gateway));
    use_through(nginx.port(), {});
    use_through(nginx.port(), kForged);
  }
  // Issue 20.3: the same proxy also saying X-Forwarded-Prefix: /quota-gateway (as recipes copied
  // from elsewhere do) must not double the prefix the path already carries.
  std::string both = recipe_for("nginx-base-path", gateway);
  replace_once(both, "proxy_set_header X-Forwarded-Prefix \"\";",
               std::string("proxy_set_header X-Forwarded-Prefix ") + kPrefix + ";");
  Nginx nginx(both);
  use_through(nginx.port(), {});
  use_through(nginx.port(), kForged);
  expect_believed_client_is_nginx(gateway);
}

}  // namespace
