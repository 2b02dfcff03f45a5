#pragma once

#include <cstdint>

namespace qg::test {

// A loopback port held for a server that binds it with SO_REUSEADDR, as redis-server and nginx do.
// The reserving socket stays bound and never listens: Linux lets SO_REUSEADDR sockets share a
// port none of them listens on, so the server binds and listens on it, while no bind to port 0
// and no outgoing connection is given the port meanwhile, nor between a stop and a restart.
// (Closing a probe socket before the server binds, as a "free port" helper does, leaves that
// window open.)
class PortReservation {
 public:
  PortReservation();
  ~PortReservation();
  PortReservation(const PortReservation&) = delete;
  PortReservation& operator=(const PortReservation&) = delete;
  std::uint16_t port() const { return port_; }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

}  // namespace qg::test
