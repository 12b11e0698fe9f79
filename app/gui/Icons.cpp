#include "Icons.h"

#include <QHash>

namespace Icons {

QIcon icon(const QString &name)
{
    // QIcon parses the SVG on first paint only; the cache saves the lookups of delegates painting every row.
    static QHash<QString, QIcon> cache;
    auto it = cache.find(name);
    if (it == cache.end())
        it = cache.insert(name, QIcon(QStringLiteral(":/icons/%1.svg").arg(name)));
    return *it;
}

} // namespace Icons
