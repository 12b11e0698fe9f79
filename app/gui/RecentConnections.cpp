#include "RecentConnections.h"

#include "DatabaseUrl.h"

#include <QSettings>

namespace {

const QString Key = QStringLiteral("connections/recent");

} // namespace

QStringList RecentConnections::list()
{
    return QSettings().value(Key).toStringList();
}

QString RecentConnections::last()
{
    return list().value(0);
}

void RecentConnections::add(const DatabaseUrl &url)
{
    const QString entry = url.toStorableString();
    QStringList entries = list();
    entries.removeAll(entry);
    entries.prepend(entry);
    while (entries.size() > MaxEntries)
        entries.removeLast();
    QSettings().setValue(Key, entries);
}
