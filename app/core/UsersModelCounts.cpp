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
    UsersQuery missing = everyone;
    missing.setOnlyMissing(true);
    m_counter->runReporting<Counts>(
        this,
        [everyone, missing](Connection &connection, const DatabaseWorker::Report<Counts> &report) {
            // The user count is quick and is all the unfiltered view needs, so it is handed over first; the
            // anti-join over the whole table follows.
            Counts counts;
            counts.error = connection.isOpen() ? QString() : connection.errorText();
            if (counts.error.isEmpty())
                counts.users = count(connection.database(), everyone, &counts.error);
            report(counts);
            if (!counts.error.isEmpty())
                return;
            counts.missing = count(connection.database(), missing, &counts.error);
            report(counts);
        },
        [this, request](const Counts &counts) {
            countsLoaded(request, counts.users, counts.missing, counts.error);
        });
}

void UsersModel::countsLoaded(quint64 request, qint64 users, qint64 missing, const QString &error)
{
    // Counts describe the whole table whatever the filter; only a later request supersedes them.
    if (request != m_countsAwaited)
        return;
    if (!error.isEmpty()) {
        m_countsAwaited = 0;
        reportError(error);
        return;
    }
    m_userCount = users;
    if (missing >= 0) {
        m_missingCount = missing;
        m_countsAwaited = 0;
    }
    Q_EMIT countsChanged();
    if (m_query.isNarrowed())
        return;
    if (!m_query.onlyMissing())
        setTotal(users);
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
