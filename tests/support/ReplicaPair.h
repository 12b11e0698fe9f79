#pragma once

#include "PostgresCluster.h"
#include "TestDatabase.h"

#include <QString>
#include <QVariant>

#include <memory>

// A PostgreSQL primary (a PostgresCluster) and a hot standby streaming from it, made by pg_basebackup -R,
// both on loopback on the ports ctest gives in PA_TEST_PG_PRIMARY_PORT and PA_TEST_PG_REPLICA_PORT (see
// pa_use_replica_pair() in tests/support/CMakeLists.txt): the servers of the suites that try online mode's
// throttling on replay lag. Both are stopped and their folders removed with this object.
class ReplicaPair final
{
public:
    ReplicaPair();
    ~ReplicaPair();
    ReplicaPair(const ReplicaPair &) = delete;
    ReplicaPair &operator=(const ReplicaPair &) = delete;

    // Starts the primary, then the standby, and waits until the standby is in recovery.
    bool start(QString *error);
    // For a suite's initTestCase(): a started pair, or nullptr after skipping the suite (PostgreSQL switched
    // off) or failing it.
    static std::unique_ptr<ReplicaPair> startForSuite();

    // A database of the Django site's `variant` on the primary, made as TestDatabase::create() makes one.
    TestDatabase create(const QString &variant, const QString &tag) const;
    int primaryPort() const { return m_primaryPort; }

    // Runs `sql` as the superuser on the standby's `database`: the first column of its first row, or an
    // invalid value with `error` set.
    QVariant replicaValue(const QString &database, const QString &sql, QString *error = nullptr) const;
    // Waits until replicaValue(database, sql) is `expected` (the wait's limit only keeps a broken test from
    // hanging).
    bool waitOnReplica(const QString &database, const QString &sql, const QVariant &expected) const;

    // pg_wal_replay_pause() on the standby, waiting until replay has stopped; resumeReplay() lets it go on.
    bool pauseReplay(QString *error);
    bool resumeReplay(QString *error);

private:
    class Standby;

    int m_primaryPort = 0;
    int m_replicaPort = 0;
    std::unique_ptr<PostgresCluster> m_primary;
    std::unique_ptr<Standby> m_standby;
};

// Pauses replay on `pair`'s standby for as long as it lives, and always resumes it, even after a failed
// check, so that the next test finds a replica that follows the primary.
class PausedReplay final
{
public:
    explicit PausedReplay(ReplicaPair &pair)
        : m_pair(pair)
    {}
    ~PausedReplay() { resume(); }
    PausedReplay(const PausedReplay &) = delete;
    PausedReplay &operator=(const PausedReplay &) = delete;

    bool pause(QString *error)
    {
        m_paused = m_pair.pauseReplay(error);
        return m_paused;
    }
    bool resume(QString *error = nullptr)
    {
        if (!m_paused)
            return true;
        m_paused = false;
        QString ignored;
        return m_pair.resumeReplay(error ? error : &ignored);
    }

private:
    ReplicaPair &m_pair;
    bool m_paused = false;
};
