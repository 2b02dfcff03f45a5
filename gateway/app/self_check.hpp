#pragma once
// `quota-gateway --check http://127.0.0.1:8080/healthz`: a health probe for container images
// that carry no curl. Exit 0 on a 2xx answer within 3 s, 1 otherwise.

#include <string>

namespace qg::app {

int self_check(const std::string& url);

}  // namespace qg::app
