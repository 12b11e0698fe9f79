#pragma once

#include "ProfileSchema.h"

#include <QSqlDatabase>
#include <QString>
#include <QVariant>

// Where one user stands in the Users view's default order (by key, ascending, unfiltered), so that "Show
// owner" can scroll a paged view of a million users straight to them without reading the rows before.
class UserPosition
{
public:
    // The row of the user whose key is `userKey`: how many users have a smaller key. -1 with `error` set
    // when the query fails, -1 with `error` empty when no such user exists.
    static qint64 rowOf(const QSqlDatabase &db, const ProfileSchema &schema, const QVariant &userKey,
                        QString *error);
};
