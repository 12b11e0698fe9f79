#pragma once

#include <QString>
#include <QStringList>

// A PostgreSQL 15 cluster of the test's own (tests/support/pgtest.sh on $PA_TEST_PG_PRIVATE_PORT), for faults
// that must not touch the shared fixture cluster: stopping the server in the middle of a run, password
// authentication. Started in the constructor, stopped and removed in the destructor.
class PrivateCluster
{
public:
    PrivateCluster();
    ~PrivateCluster();
    PrivateCluster(const PrivateCluster &) = delete;
    PrivateCluster &operator=(const PrivateCluster &) = delete;

    // PostgreSQL tests are off (PA_TEST_NO_PG=1), so the cluster is not started.
    static bool disabled();

    bool isRunning() const { return m_running; }
    QString errorString() const { return m_error; }
    QString port() const { return m_port; }
    QString directory() const { return m_dir; }

    // Stops the server the hard way (pg_ctl -m immediate, as a crash or power cut would) and starts it again
    // with the same settings; the server recovers from its WAL, so only committed work survives.
    bool crash(QString *error);
    bool restart(QString *error);

    // Puts `line` first in pg_hba.conf and reloads, e.g. "host all alice 127.0.0.1/32 scram-sha-256".
    bool prependHba(const QString &line, QString *error);

    // Runs SQL as the superuser on `database`, one statement per string.
    bool exec(const QString &database, const QStringList &statements, QString *error) const;

private:
    bool pgCtl(const QStringList &arguments, QString *error) const;

    QString m_port;
    QString m_dir;
    QString m_error;
    bool m_running = false;
};
