// MissingProfileFixer's counts: users without a profile before a run, and those a run left behind.
#include "MissingProfileFixer.h"

#include "DatabaseEngine.h"
#include "SqlFailure.h"

#include <QSqlQuery>

ProfileCounts MissingProfileFixer::counts(QString *error) const
{
    QSqlQuery q(m_db);
    // One statement, so both numbers come from the same snapshot.
    const QString sql =
        QStringLiteral("SELECT (SELECT count(*) FROM %1), (SELECT count(*) FROM %1 u WHERE %2)")
            .arg(quoted(m_schema.userTable), missingCondition());
    if (!q.exec(sql) || !q.next()) {
        *error = QStringLiteral("Could not count users without a profile: %1.")
                     .arg(SqlFailure(q.lastError(), *m_engine).message());
        return {};
    }
    return {q.value(0).toLongLong(), q.value(1).toLongLong()};
}

qint64 MissingProfileFixer::userCount(QString *error) const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT count(*) FROM %1").arg(quoted(m_schema.userTable))) || !q.next()) {
        *error = QStringLiteral("Could not count the users: %1.")
                     .arg(SqlFailure(q.lastError(), *m_engine).message());
        return -1;
    }
    return q.value(0).toLongLong();
}

qint64 MissingProfileFixer::missingAfter(const FixResult &run, QString *error) const
{
    if (run.lastUserKey.isNull())
        return counts(error).missing;
    // The run gave every user up to its last key a profile or failed (the guard, then the transaction or, in
    // online mode, the batch), and on SQLite no user can arrive below that key after it was read (one
    // transaction's write lock, or keys that only grow), so only users added since can lack one: exact there,
    // and on a server short only of a user the site committed with a lower key after that key's batch had
    // run, which the next check or fix finds.
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT count(*) FROM %1 u WHERE u.%2 > :last AND %3")
                  .arg(quoted(m_schema.userTable), quoted(m_schema.userKey), missingCondition()));
    q.bindValue(QStringLiteral(":last"), run.lastUserKey);
    if (!q.exec() || !q.next()) {
        *error = QStringLiteral("Could not count users without a profile: %1.")
                     .arg(SqlFailure(q.lastError(), *m_engine).message());
        return -1;
    }
    return q.value(0).toLongLong();
}

QVariantList MissingProfileFixer::missingUserKeys(qint64 limit, QString *error) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    QString sql = QStringLiteral("SELECT u.%1 FROM %2 u WHERE %3 ORDER BY u.%1")
                      .arg(quoted(m_schema.userKey), quoted(m_schema.userTable), missingCondition());
    if (limit >= 0)
        sql += QStringLiteral(" LIMIT %1").arg(limit);
    QVariantList keys;
    if (!q.exec(sql)) {
        *error = QStringLiteral("Could not list users without a profile: %1.")
                     .arg(SqlFailure(q.lastError(), *m_engine).message());
        return keys;
    }
    while (q.next())
        keys.append(q.value(0));
    return keys;
}
