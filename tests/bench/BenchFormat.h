#pragma once

#include <QString>

// How the benchmark's reports write their figures, so that every table reads the same.
namespace BenchFormat {

QString count(qint64 value);     // 1,000,000
QString seconds(double seconds); // "0.42 s", "12.3 s"; "-" when negative (not measured)
QString ratio(double ratio);     // "1.12x"
QString megabytes(qint64 bytes); // "143 MB"; "-" when negative
QString verdict(bool pass);      // PASS or FAIL

} // namespace BenchFormat
