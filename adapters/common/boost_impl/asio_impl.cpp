// The one translation unit that compiles Asio (BOOST_ASIO_SEPARATE_COMPILATION): every other
// TU only includes declarations, which keeps each Beast/Asio TU about 20 % cheaper to build.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
