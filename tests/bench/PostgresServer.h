#pragma once

#include "DatabaseUrl.h"

#include <QString>

#include <memory>

class PostgresCluster;

// The PostgreSQL server the benchmark builds its databases on: either a throwaway cluster (PostgresCluster of
// tests/support, which the destructor stops and removes again), or a server named by --pg-url, which is used
// as it is and never stopped.
//
// pgtest.sh tunes its cluster for tests: fsync, synchronous_commit and full_page_writes off. That makes every
// COMMIT nearly free, which flatters exactly one contestant, the one-row loop (one COMMIT per user), while a
// production server, like the SQLite side of the benchmark, pays for durability on every commit. So unless
// told otherwise the benchmark starts the throwaway cluster durable (PostgresCluster::setDurable).
class PostgresServer
{
public:
    // A throwaway cluster in `dir` on 127.0.0.1:`port`, started by start(); `durable`: with PostgreSQL's
    // default durability rather than pgtest.sh's test settings.
    PostgresServer(const QString &pgtestScript, const QString &dir, int port, bool durable);
    // The server of `url`; its database name is only where start() connects first.
    explicit PostgresServer(const DatabaseUrl &url);
    ~PostgresServer();
    PostgresServer(const PostgresServer &) = delete;
    PostgresServer &operator=(const PostgresServer &) = delete;

    bool start(QString *error);
    void stop();
    // The same server, database `name`.
    DatabaseUrl url(const QString &name) const;
    // The database to connect to for CREATE/DROP DATABASE.
    QString maintenanceDatabase() const;
    bool isThrowaway() const { return m_cluster != nullptr; }

private:
    std::unique_ptr<PostgresCluster> m_cluster;
    DatabaseUrl m_base;
};
