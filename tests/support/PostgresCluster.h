#pragma once

#include <QString>
#include <QStringList>
#include <QVariant>

// A throwaway PostgreSQL 15 cluster that tests/support/pgtest.sh starts in a folder of its own on
// 127.0.0.1:PORT (superuser postgres, trust), for the fault suites that must stop or reconfigure a server and
// for the benchmark. Nothing runs until start(); the destructor stops the cluster and removes its folder.
//
// As root the cluster belongs to the postgres user (PostgreSQL refuses to run as root), so the folder must be
// reachable by that user: keep it under /tmp. PG_BINDIR overrides where the PostgreSQL programs are.
class PostgresCluster final
{
public:
    PostgresCluster(const QString &pgtestScript, const QString &directory, int port);
    ~PostgresCluster();
    PostgresCluster(const PostgresCluster &) = delete;
    PostgresCluster &operator=(const PostgresCluster &) = delete;

    // tests/support/pgtest.sh in the checkout `sourceDir`.
    static QString scriptIn(const QString &sourceDir);

    // pgtest.sh switches fsync, synchronous_commit and full_page_writes off for speed; durable (call before
    // start()) restarts the cluster with PostgreSQL's defaults for those three, as a production server has
    // them.
    void setDurable(bool durable) { m_durable = durable; }
    bool isDurable() const { return m_durable; }

    // Starts a fresh cluster (any cluster already in the folder is wiped); on failure errorString() says why.
    bool start(QString *error = nullptr);
    // Stops the cluster and removes its folder; true when there was nothing to stop.
    bool stop(QString *error = nullptr);

    // Stops the server the hard way (pg_ctl -m immediate, as a crash or power cut would); restart() starts it
    // again with the same settings and the server recovers from its WAL, so only committed work survives.
    bool crash(QString *error);
    bool restart(QString *error);

    // Puts `line` first in pg_hba.conf and restarts, e.g. "host all alice 127.0.0.1/32 scram-sha-256".
    bool prependHba(const QString &line, QString *error);

    // Runs SQL as the superuser on `database`, one statement per string, stopping at the first failure.
    bool exec(const QString &database, const QStringList &statements, QString *error) const;
    // Runs the PostgreSQL program `name` (pg_ctl, pg_basebackup…) as the clusters' owner: the postgres user
    // when we are root, as pgtest.sh does, since PostgreSQL refuses to run as root.
    static bool runPgProgram(const QString &name, const QStringList &arguments, QString *error);
    // The same on any server on 127.0.0.1:`port` (a standby too); `value` gets the first column of the last
    // statement's first row.
    static bool execOn(int port, const QString &database, const QStringList &statements, QString *error,
                       QVariant *value = nullptr);

    // postgres://postgres@127.0.0.1:PORT/DATABASE
    QString url(const QString &database) const;

    bool isRunning() const { return m_running; }
    QString errorString() const { return m_error; }
    int port() const { return m_port; }
    QString directory() const { return m_dir; }

private:
    bool pgCtl(const QStringList &arguments, QString *error) const;
    bool restartDurable(QString *error);
    bool fail(const QString &message, QString *error);

    QString m_script;
    QString m_dir;
    int m_port = 0;
    QString m_error;
    bool m_durable = false;
    bool m_started = false; // the folder may hold a cluster that stop() must take down
    bool m_running = false;
};
