// UsersModel's counting on its counter worker: the whole table's figures for the status bar, and the
// total of a search or filter.
#include "UsersModel.h"

#include "Connection.h"
#include "DatabaseWorker.h"
#include "SqlFailure.h"

#include <QSqlError>
#include <QSqlQuery>

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
    // Users without a profile in each table, then (with several tables) in any of them.
    QList<UsersQuery> missing;
    const int tables = int(m_query.profileTables().size());
    for (int table = 0; table < tables; ++table) {
        UsersQuery inTable = everyone;
        inTable.setOnlyMissing(true);
        inTable.setMissingTable(table);
        missing.append(inTable);
    }
    if (tables > 1) {
        UsersQuery anyTable = everyone;
        anyTable.setOnlyMissing(true);
        missing.append(anyTable);
    }
    m_counter->runReporting<Counts>(
        this,
        [everyone, missing](Connection &connection, const DatabaseWorker::Report<Counts> &report) {
            // The user count is quick and is all the unfiltered view needs, so it is handed over first; the
            // anti-joins over the whole table follow, each reported as it is known.
            Counts counts;
            counts.error = connection.isOpen() ? QString() : connection.errorText();
            if (counts.error.isEmpty())
                counts.users = count(connection.database(), everyone, &counts.error);
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
    if (!counts.error.isEmpty()) {
        m_countsAwaited = 0;
        reportError(counts.error);
        return;
    }
    m_userCount = counts.users;
    m_missingByTable = counts.missing.mid(0, tables);
    while (m_missingByTable.size() < tables)
        m_missingByTable.append(-1);
    // One table: its count is the "any table" count too.
    const qsizetype anyIndex = tables > 1 ? tables : 0;
    const qint64 missing = counts.missing.value(anyIndex, -1);
    if (missing >= 0) {
        m_missingCount = missing;
        m_countsAwaited = 0;
    }
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
