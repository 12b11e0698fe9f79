#include "WriteAccess.h"

#include <QSqlQuery>

namespace {

// has_table_privilege() for the current role; also true when only some columns are granted, since the
// database then decides per column and a pre-check must not refuse what would work.
bool mayOnTable(QSqlDatabase db, const QString &table, const QString &privilege)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT has_table_privilege(:t, :p) OR has_any_column_privilege(:t2, :p2)"));
    q.bindValue(QStringLiteral(":t"), table);
    q.bindValue(QStringLiteral(":p"), privilege);
    q.bindValue(QStringLiteral(":t2"), table);
    q.bindValue(QStringLiteral(":p2"), privilege);
    // When the catalog cannot be asked, assume yes: the write itself will then say what is wrong.
    return !q.exec() || !q.next() || q.value(0).toBool();
}

QString currentRole(QSqlDatabase db)
{
    QSqlQuery q(db);
    return q.exec(QStringLiteral("SELECT current_user")) && q.next() ? q.value(0).toString() : QString();
}

} // namespace

WriteAccess WriteAccess::check(const Connection &connection, const ProfileSchema &schema)
{
    WriteAccess access;
    if (!connection.readOnlyReason().isEmpty()) {
        access.m_createProblem = connection.readOnlyReason();
        access.m_editProblem = connection.readOnlyReason();
        return access;
    }
    if (connection.isSqlite())
        return access;

    const QSqlDatabase db = connection.database();
    const QString table = schema.profileTable.quoted();
    const QString role = currentRole(db);
    const auto denied = [&](const QString &what, const QString &name, const QString &doing) {
        return QStringLiteral("permission denied for %1 %2: the role \"%3\" may not %4")
            .arg(what, name, role, doing);
    };
    if (!mayOnTable(db, table, QStringLiteral("INSERT")))
        access.m_createProblem = denied(QStringLiteral("table"), schema.profileTable.display(),
                                        QStringLiteral("insert rows into it"));
    if (!mayOnTable(db, table, QStringLiteral("UPDATE")))
        access.m_editProblem =
            denied(QStringLiteral("table"), schema.profileTable.display(), QStringLiteral("change its rows"));
    if (!access.m_createProblem.isEmpty())
        return access;

    // A serial key (Django 3.2's AutoField) takes its numbers from a sequence that needs USAGE of its own.
    for (const ColumnInfo &column : schema.profileColumns) {
        if (!column.defaultSql.startsWith(QLatin1String("nextval(")))
            continue;
        QSqlQuery q(db);
        q.prepare(QStringLiteral("SELECT s, has_sequence_privilege(s, 'USAGE') "
                                 "FROM pg_get_serial_sequence(:t, :c) AS s WHERE s IS NOT NULL"));
        q.bindValue(QStringLiteral(":t"), table);
        q.bindValue(QStringLiteral(":c"), column.name);
        if (q.exec() && q.next() && !q.value(1).toBool()) {
            access.m_createProblem =
                denied(QStringLiteral("sequence"), q.value(0).toString(),
                       QStringLiteral("take numbers from it for column \"%1\"").arg(column.name));
            break;
        }
    }
    return access;
}
