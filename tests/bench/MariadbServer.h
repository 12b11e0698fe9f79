#pragma once

#include "DatabaseUrl.h"

#include <QString>
#include <QStringList>

// The MariaDB server the benchmark builds its databases on: either a throwaway server that
// tests/support/mariadbtest.sh starts in a folder of its own (stopped and removed again by the destructor),
// or a server named by --mariadb-url, used as it is and never stopped or reconfigured.
//
// mariadbtest.sh tunes its server for tests: no flush of the redo log at COMMIT, a 256 MB buffer pool and a
// 64 MB redo log. The benchmark sets, at run time (all four are dynamic on MariaDB 10.11), what a production
// server for a million users would have: the redo log flushed at every COMMIT (innodb_flush_log_at_trx_commit
// = 1, the default, or the one-row loop's COMMITs come free), a 1 GB buffer pool that holds the template and
// the copy being measured, a 512 MB redo log so that one INSERT of 500,000 rows does not wait on checkpoints,
// a file per table, the default, so that dropping a copy gives its space back, and 256 MB for in-memory
// temporary tables, so that no statement's temporary table lands in the shared /tmp (one was deleted from
// under a 1,000,000-user run there).
class MariadbServer
{
public:
    // A throwaway server in `dir` on 127.0.0.1:`port`, started by start().
    MariadbServer(const QString &mariadbtestScript, const QString &dir, int port);
    // The server of `url`; its database name is ignored.
    explicit MariadbServer(const DatabaseUrl &url);
    ~MariadbServer();
    MariadbServer(const MariadbServer &) = delete;
    MariadbServer &operator=(const MariadbServer &) = delete;

    // The first port from `first` on that nobody listens on at 127.0.0.1, or 0.
    static int freePort(int first);
    static bool isPortFree(int port);

    bool start(QString *error);
    void stop();
    // The same server, database `name`.
    DatabaseUrl url(const QString &name) const;
    bool isThrowaway() const { return !m_script.isEmpty(); }
    // "name=value" of the server settings set for the benchmark, for the report.
    QStringList settings() const { return m_settings; }

private:
    bool configure(QString *error);

    QString m_script;
    QString m_dir;
    int m_port = 0;
    bool m_started = false;
    DatabaseUrl m_base;
    QStringList m_settings;
};
