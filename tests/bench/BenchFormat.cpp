#include "BenchFormat.h"

#include <QLocale>

namespace BenchFormat {

QString count(qint64 value)
{
    return QLocale(QLocale::English).toString(value);
}

QString seconds(double seconds)
{
    if (seconds < 0)
        return QStringLiteral("-");
    return QString::number(seconds, 'f', seconds < 10 ? 2 : 1) + QStringLiteral(" s");
}

QString ratio(double ratio)
{
    return QString::number(ratio, 'f', ratio < 10 ? 2 : 0) + QLatin1Char('x');
}

QString megabytes(qint64 bytes)
{
    return bytes < 0 ? QStringLiteral("-")
                     : QString::number(double(bytes) / (1024 * 1024), 'f', 0) + QStringLiteral(" MB");
}

QString verdict(bool pass)
{
    return pass ? QStringLiteral("PASS") : QStringLiteral("FAIL");
}

} // namespace BenchFormat
