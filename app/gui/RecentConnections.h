#pragma once

#include <QStringList>

class DatabaseUrl;

// The databases opened lately, most recent first, kept in QSettings without passwords
// (DatabaseUrl::toStorableString()).
class RecentConnections
{
public:
    static constexpr int MaxEntries = 10;

    static QStringList list();
    static QString last();
    static void add(const DatabaseUrl &url);
};
