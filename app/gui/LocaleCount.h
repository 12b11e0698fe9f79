#pragma once

#include <QLocale>
#include <QString>

// A count as the user's locale writes it ("1,000,000").
inline QString localeCount(qint64 value)
{
    return QLocale().toString(value);
}
