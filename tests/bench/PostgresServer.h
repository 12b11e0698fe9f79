#pragma once

#include "DatabaseUrl.h"

#include <QString>

// The PostgreSQL server the benchmark builds its databases on: either a throwaway cluster that
// tests/support/pgtest.sh starts (and the destructor stops and removes again), or a server named by --pg-url,
// which is used as it is and never stopped.
class PostgresServer
{
public:
    // A throwaway cluster in `dir` on 127.0.0.1:`port`, started by start().
    PostgresServer(const QString &pgtestScript, const QString &dir, int port);
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
    bool isThrowaway() const { return !m_script.isEmpty(); }

private:
    QString m_script;
    QString m_dir;
    DatabaseUrl m_base;
    bool m_running = false;
};
