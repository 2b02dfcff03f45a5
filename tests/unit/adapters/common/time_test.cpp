#include <gtest/gtest.h>

#include "adapters/common/time.hpp"

namespace {

using namespace qg::adapters;

TEST(Time, BeijingLocalTimeConvertsToUtc) {
  // The official DescribeLivePackageInfo example: BuyTime "2024-07-16 18:46:08" (UTC+8).
  auto t = parse_local_datetime("2024-07-16 18:46:08", kBeijingUtcOffsetSeconds);
  ASSERT_TRUE(t);
  EXPECT_EQ(format_rfc3339_utc(*t), "2024-07-16T10:46:08Z");
  // Crossing midnight and a year boundary backwards.
  EXPECT_EQ(format_rfc3339_utc(*parse_local_datetime("2025-01-01 07:59:59", kBeijingUtcOffsetSeconds)),
            "2024-12-31T23:59:59Z");
  EXPECT_EQ(format_local_datetime(*t, kBeijingUtcOffsetSeconds), "2024-07-16 18:46:08");
}

TEST(Time, RejectsMalformedLocalTimes) {
  for (const char* bad : {"", "2024-07-16", "2024-07-16T18:46:08", "2024-13-01 00:00:00", "2023-02-29 00:00:00",
                          "2024-07-16 24:00:00", "2024-07-16 18:46:0x", "2024-07-16 18:46:08 "}) {
    EXPECT_FALSE(parse_local_datetime(bad, 0)) << bad;
  }
  EXPECT_TRUE(parse_local_datetime("2024-02-29 00:00:00", 0));
}

TEST(Time, ParsesRfc3339WithZonesAndFractions) {
  EXPECT_EQ(parse_rfc3339("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_rfc3339("2020-12-23T13:33:49Z"), 1608730429);
  EXPECT_EQ(parse_rfc3339("2020-12-23T21:33:49+08:00"), 1608730429);
  EXPECT_EQ(parse_rfc3339("2020-12-23t13:33:49.123z"), 1608730429);
  EXPECT_EQ(parse_rfc3339("2020-12-23T05:33:49-08:00"), 1608730429);
  for (const char* bad : {"2020-12-23T13:33:49", "2020-12-23 13:33:49Z", "2020-12-23T13:33:49+0800",
                          "2020-12-23T13:33:49.Z", "2020-12-23T13:33:49Zjunk", "30d"}) {
    EXPECT_FALSE(parse_rfc3339(bad)) << bad;
  }
}

TEST(Time, UtcDateOfTimestamp) {
  EXPECT_EQ(format_utc_date(1551113065), "2019-02-25");
  EXPECT_EQ(format_utc_date(-1), "1969-12-31");
  EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
}

}  // namespace
