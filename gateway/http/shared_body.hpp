#pragma once
// A Beast body type over a shared immutable string: serializing it hands Beast one buffer that
// points into the shared string — no copy per response (the warm /quotas path).

#include <cstdint>
#include <utility>

#include <boost/asio/buffer.hpp>
#include <boost/optional/optional.hpp>
#include <boost/beast/http/message.hpp>

#include "gateway/http/response.hpp"

namespace qg::http {

struct SharedBody {
  using value_type = BodyPtr;

  static std::uint64_t size(const value_type& body) { return body ? body->size() : 0; }

  class writer {
   public:
    using const_buffers_type = boost::asio::const_buffer;

    template <bool isRequest, class Fields>
    writer(const boost::beast::http::header<isRequest, Fields>&, const value_type& body) : body_(body) {}

    void init(boost::system::error_code& ec) { ec = {}; }

    boost::optional<std::pair<const_buffers_type, bool>> get(boost::system::error_code& ec) {
      ec = {};
      if (done_ || !body_ || body_->empty()) return boost::none;
      done_ = true;
      return std::make_pair(boost::asio::const_buffer(body_->data(), body_->size()), false);
    }

   private:
    const value_type& body_;
    bool done_ = false;
  };
};

}  // namespace qg::http
