#include "UserPosition.h"

#include "DatabaseEngine.h"
#include "SqlFailure.h"

#include <QSqlError>
#include <QSqlQuery>

qint64 UserPosition::rowOf(const QSqlDatabase &db, const ProfileSchema &schema, const QVariant &userKey,
                           QString *error)
{
    error->clear();
    const DatabaseEngine &engine = DatabaseEngine::of(db);
    const QString table = engine.quoteTable(schema.userTable);
    const QString key = engine.quoteIdentifier(schema.userKey);
    // One statement, so the answer is consistent: whether the user exists, and how many come before.
    QSqlQuery query(db);
    query.setForwardOnly(true);
    const QString sql = QStringLiteral("SELECT (SELECT count(*) FROM %1 WHERE %2 = ?), "
                                       "(SELECT count(*) FROM %1 WHERE %2 < ?)")
                            .arg(table, key);
    if (!query.prepare(sql)) {
        *error = SqlFailure(query.lastError(), engine).message();
        return -1;
    }
    query.addBindValue(userKey);
    query.addBindValue(userKey);
    if (!query.exec() || !query.next()) {
        *error = SqlFailure(query.lastError(), engine).message();
        return -1;
    }
    const qint64 exists = query.value(0).toLongLong();
    const qint64 before = query.value(1).toLongLong();
    return exists > 0 ? before : -1;
}
