// UsersModel's counting on its counter worker: the whole table's figures for the status bar, and the
// total of a search or filter.
#include "UsersModel.h"

#include "Connection.h"
#include "DatabaseEngine.h"
#include "DatabaseWorker.h"
#include "SqlFailure.h"

#include <QSqlError>
#include <QSqlQuery>

namespace {

// The server's estimate of `table`'s size, or -1. Only a shortcut for Ctrl+End, which otherwise waits for the
// count that follows, so a failure here is left to that count to report.
qint64 estimatedRows(const QSqlDatabase &db, const TableName &table)
{
    QVariantMap values;
    const QString sql = DatabaseEngine::of(db).estimatedRowsStatement(table, &values);
    if (sql.isEmpty())
        return -1;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(sql))
        return -1;
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        q.bindValue(it.key(), it.value());
    return q.exec() && q.next() && !q.value(0).isNull() ? q.value(0).toLongLong() : -1;
}

} // namespace

qint64 UsersModel::count(const QSqlDatabase &db, const UsersQuery &query, QString *error)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (q.prepare(query.countStatement())) {
        query.bindFilter(q);
        if (q.exec() && q.next())
            return q.value(0).toLongLong();
    }
    *error = QStringLiteral("Could not count the users: %1.").arg(SqlFailure(q.lastError(), db).message());
    return -1;
}

void UsersModel::requestCounts()
{
    const quint64 request = ++m_countsIssued;
    m_countsAwaited = request;
    UsersQuery everyone = m_query;
    everyone.setOnlyMissing(false);
    everyone.setSearchText(QString());
    everyone.setColumnFilter(ColumnFilter());
    // Users without a profile in any table (with several tables), which "Create missing profiles" and the
    // only-missing total need, then in each table.
    QList<UsersQuery> missing;
    const int tables = int(m_query.profileTables().size());
    if (tables > 1) {
        UsersQuery anyTable = everyone;
        anyTable.setOnlyMissing(true);
        missing.append(anyTable);
    }
    for (int table = 0; table < tables; ++table) {
        UsersQuery inTable = everyone;
        inTable.setOnlyMissing(true);
        inTable.setMissingTable(table);
        missing.append(inTable);
    }
    m_counter->runReporting<Counts>(
        this,
        [everyone, missing, table = m_schema.userTable](Connection &connection,
                                                        const DatabaseWorker::Report<Counts> &report) {
            // The estimate answers from the catalog at once, for Ctrl+End; the user count is quick and is all
            // the unfiltered view needs, so it is handed over next; the anti-joins over the whole table
            // follow, each reported as it is known.
            Counts counts;
            counts.error = connection.isOpen() ? QString() : connection.errorText();
            if (counts.error.isEmpty()) {
                counts.estimate = estimatedRows(connection.database(), table);
                if (counts.estimate >= 0)
                    report(counts);
                counts.users = count(connection.database(), everyone, &counts.error);
            }
            report(counts);
            for (const UsersQuery &query : missing) {
                if (!counts.error.isEmpty())
                    return;
                counts.missing.append(count(connection.database(), query, &counts.error));
                report(counts);
            }
        },
        [this, request, tables](const Counts &counts) { countsLoaded(request, counts, tables); });
}

void UsersModel::countsLoaded(quint64 request, const Counts &counts, int tables)
{
    // Counts describe the whole table whatever the filter; only a later request supersedes them.
    if (request != m_countsAwaited)
        return;
    // The estimate alone, ahead of the counts.
    if (counts.error.isEmpty() && counts.users < 0) {
        m_userEstimate = counts.estimate;
        Q_EMIT sizeEstimated();
        return;
    }
    if (!counts.error.isEmpty()) {
        m_countsAwaited = 0;
        reportError(counts.error);
        return;
    }
    m_userCount = counts.users;
    // With several tables the first count is the "any table" one; with one, the table's count is it too.
    const qsizetype first = tables > 1 ? 1 : 0;
    // A table not counted again yet keeps its last count, as the "any table" count does.
    if (m_missingByTable.size() != tables)
        m_missingByTable = QList<qint64>(tables, -1);
    for (qsizetype i = 0; i < tables && first + i < counts.missing.size(); ++i)
        m_missingByTable[i] = counts.missing.at(first + i);
    const qint64 missing = counts.missing.value(0, -1);
    if (missing >= 0)
        m_missingCount = missing;
    if (counts.missing.size() == first + tables)
        m_countsAwaited = 0;
    Q_EMIT countsChanged();
    if (m_query.isNarrowed())
        return;
    if (!m_query.onlyMissing())
        setTotal(counts.users);
    else if (missing >= 0)
        setTotal(missing);
}

void UsersModel::requestTotal()
{
    m_totalPending = true;
    const quint64 generation = m_generation;
    m_counter->runReporting<Total>(
        this,
        [query = m_query, generation, latest = m_latest](Connection &connection,
                                                         const DatabaseWorker::Report<Total> &report) {
            if (latest->load() != generation)
                return; // the filter changed while this waited in the queue
            Total total;
            total.error = connection.isOpen() ? QString() : connection.errorText();
            if (total.error.isEmpty())
                total.rows = count(connection.database(), query, &total.error);
            report(total);
        },
        [this, generation](const Total &total) {
            if (generation != m_generation)
                return;
            m_totalPending = false;
            if (!total.error.isEmpty())
                reportError(total.error);
            else
                setTotal(total.rows);
        });
}
