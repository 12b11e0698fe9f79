#pragma once

#include "ProfileSchema.h"

class DatabaseEngine;

#include <QVariant>

// One type per column family whichever database a value comes from, so that views, delegates and comparisons
// need not know the driver: PostgreSQL hands over typed values, SQLite mostly text and integers (Django keeps
// dates as ISO text, aware datetimes as UTC text, booleans as 0/1).
namespace ColumnValues {

// The value as the models show it: QDate, QDateTime (UTC), bool, or what the driver gave. NULL stays NULL but
// carries the family's type, so that editors still know what to offer.
QVariant fromDatabase(const QVariant &value, ColumnFamily family);
// The value to bind when writing it back, in the form `engine` stores (DatabaseEngine::toStorage()); NULL
// carries the family's type.
QVariant toDatabase(const QVariant &value, ColumnFamily family, const DatabaseEngine &engine);
// Equal as the models show them; NULL equals only NULL (to QVariant alone, NULL text equals the empty text).
bool same(const QVariant &a, const QVariant &b);
// A short form for messages: the value, quoted and cut at 40 characters, or NULL.
QString describe(const QVariant &value);

} // namespace ColumnValues
