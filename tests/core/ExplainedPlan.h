#pragma once

#include <QHash>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QVariantMap>

// What EXPLAIN (ANALYZE) says a PostgreSQL plan did, in the numbers the plan tests judge it by.
struct PlanRows
{
    qint64 produced = 0;         // actual rows times loops, summed over every node
    qint64 joinFiltered = 0;     // "Rows Removed by Join Filter", summed
    QHash<QString, qint64> read; // per relation: rows its scans returned or filtered out, times loops
    QStringList nodes;           // node types, for the failure message

    QString describe() const;
};

// Runs `sql` (with :name placeholders, as the product prepares it) through PREPARE and EXPLAIN (ANALYZE)
// EXECUTE inside a savepoint it rolls back, so that the plan is the one a server-side prepared statement gets
// and an explained INSERT leaves no rows: `generic` forces the plan PostgreSQL may switch to after five
// executions, which knows none of the values.
bool explain(QSqlDatabase &db, const QString &sql, const QVariantMap &values, bool generic, PlanRows *rows,
             QString *error);
