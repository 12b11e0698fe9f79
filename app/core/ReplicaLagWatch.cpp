#include "ReplicaLagWatch.h"

#include "DatabaseEngine.h"

#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <limits>

ReplicaLagWatch::ReplicaLagWatch(const QSqlDatabase &db)
    : m_db(db)
    , m_engine(&DatabaseEngine::of(db))
{
    m_clock.start();
}

bool ReplicaLagWatch::isSupported() const
{
    return !m_engine->walPositionQuery().isEmpty() && !m_engine->replicaPositionsQuery().isEmpty();
}

bool ReplicaLagWatch::currentPosition(qint64 *position)
{
    QSqlQuery query(m_db);
    if (!query.exec(m_engine->walPositionQuery()) || !query.next())
        return false;
    *position = query.value(0).toLongLong();
    return true;
}

void ReplicaLagWatch::start()
{
    m_commits.clear();
    recordCommit();
    read();
}

void ReplicaLagWatch::recordCommit()
{
    if (!isSupported() || m_blind)
        return;
    qint64 position = 0;
    if (currentPosition(&position))
        m_commits.push_back({position, m_clock.elapsed()});
}

ReplicaLagWatch::Reading ReplicaLagWatch::read()
{
    Reading reading;
    if (!isSupported() || m_blind)
        return reading;
    QSqlQuery query(m_db);
    if (!query.exec(m_engine->replicaPositionsQuery())) {
        reading.error = query.lastError().text();
        m_blind = true;
        m_commits.clear();
        m_notice = QStringLiteral("Not watching the replicas' replay lag: asking for it failed (%1); only "
                                  "the rate limit throttles this run.")
                       .arg(reading.error.trimmed());
        return reading;
    }
    qint64 slowest = std::numeric_limits<qint64>::max();
    bool anyPosition = false;
    while (query.next()) {
        if (!query.value(0).toBool()) {
            // The replicas are there but hidden from this role: say so once and stop asking.
            m_blind = true;
            m_commits.clear();
            m_notice = QStringLiteral("Not watching the replicas' replay lag: %1; only the rate limit "
                                      "throttles this run.")
                           .arg(m_engine->replicaPositionsPrivilege());
            return reading;
        }
        ++reading.replicas;
        // A replica that has just connected has no replay position yet: it is not known to lag.
        if (query.value(1).isNull())
            continue;
        anyPosition = true;
        slowest = std::min(slowest, query.value(1).toLongLong());
    }
    reading.watched = true;
    // Commits every replica has replayed no longer matter; the oldest left is how far the slowest lags.
    if (!anyPosition) {
        if (reading.replicas == 0)
            m_commits.clear();
        return reading;
    }
    while (!m_commits.empty() && m_commits.front().position <= slowest)
        m_commits.pop_front();
    if (!m_commits.empty())
        reading.lagSeconds = (m_clock.elapsed() - m_commits.front().atMs) / 1000.0;
    return reading;
}

QString ReplicaLagWatch::takeNotice()
{
    if (m_noticeTaken || m_notice.isEmpty())
        return {};
    m_noticeTaken = true;
    return m_notice;
}
