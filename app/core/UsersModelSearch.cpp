// UsersModel's quick first answer to a search: the users whose username starts with the text, read through
// the username's index on a worker of their own and shown until the search's own first block replaces them.
#include "UsersModel.h"

#include "Connection.h"
#include "DatabaseWorker.h"
#include "SqlFailure.h"

#include <QSqlError>
#include <QSqlQuery>

UsersModel::PageResult UsersModel::loadPrefixMatches(const QSqlDatabase &db, const UsersQuery &query)
{
    PageResult result;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (q.prepare(query.prefixStatement())) {
        query.bindPrefix(q);
        q.bindValue(QStringLiteral(":limit"), BlockRows);
        if (q.exec()) {
            readRows(q, query, &result);
            return result;
        }
    }
    result.error = QStringLiteral("Could not look up the usernames that start with the search: %1.")
                       .arg(SqlFailure(q.lastError(), db).message());
    return result;
}

void UsersModel::requestPrefixMatches()
{
    m_prefixPending = true;
    const quint64 generation = m_generation;
    m_prefixer->runReporting<PageResult>(
        this,
        [query = m_query, generation, latest = m_latest](Connection &connection,
                                                         const DatabaseWorker::Report<PageResult> &report) {
            if (latest->load() != generation)
                return; // typing went on while this waited in the queue
            PageResult result;
            if (connection.isOpen())
                result = loadPrefixMatches(connection.database(), query);
            else
                result.error = connection.errorText();
            report(result);
        },
        [this, generation](const PageResult &result) { prefixMatchesLoaded(generation, result); });
}

void UsersModel::prefixMatchesLoaded(quint64 generation, const PageResult &result)
{
    if (generation != m_generation)
        return;
    m_prefixPending = false;
    showPrefixMatches(result);
    // The substring search starts now, so that the quick phase had the server to itself.
    requestBlock(0);
}

void UsersModel::showPrefixMatches(const PageResult &result)
{
    const auto first = m_blocks.constFind(0);
    // Rows of the search itself are a better answer (after refresh(), say).
    if (first != m_blocks.constEnd() && !first->stale)
        return;
    if (!result.error.isEmpty()) {
        reportError(result.error);
        return;
    }
    // Kept stale, so that the search's first block still replaces it, and shown meanwhile.
    Block &block = m_blocks[0];
    block.rows = result.rows;
    block.stale = true;
    block.lastUse = ++m_clock;
    m_prefixShown = int(result.rows.size());
    resize(m_prefixShown);
    if (m_prefixShown > 0) {
        Q_EMIT dataChanged(index(0, 0), index(m_prefixShown - 1, columnCount() - 1));
        Q_EMIT rowsLoaded(0, m_prefixShown - 1);
    }
    Q_EMIT searchPhaseChanged();
}

void UsersModel::endPrefixPhase()
{
    if (m_prefixShown < 0)
        return;
    m_prefixShown = -1;
    Q_EMIT searchPhaseChanged();
}
