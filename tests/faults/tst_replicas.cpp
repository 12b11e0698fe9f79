// Online mode (fix --batch-commit) against a real PostgreSQL primary and a streaming replica that the suite
// starts itself on loopback (pg_basebackup -R): with replay paused on the replica the run waits and says so,
// writes nothing while it waits and goes on when replay resumes; a backend terminated in the middle leaves
// only whole committed batches, and running fix again completes the job. Nothing here measures time: every
// wait is for a condition, with a generous timeout.
#include "CliRun.h"
#include "Faults.h"
#include "TestDatabase.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <memory>
#include <unistd.h>

namespace {

constexpr int ProgramTimeoutMs = 180000;
constexpr int Users = 3000;
constexpr int Batch = 100;

QString pgProgram(const QString &name)
{
    const QString custom = qEnvironmentVariable("PG_BINDIR");
    return QDir(custom.isEmpty() ? QStringLiteral("/usr/lib/postgresql/15/bin") : custom).filePath(name);
}

// Runs a program as the clusters' owner: postgres when we are root (PostgreSQL refuses root), else ourselves.
bool runAsOwner(const QStringList &command, QString *error)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setWorkingDirectory(QStringLiteral("/"));
    if (geteuid() == 0)
        process.start(QStringLiteral("runuser"),
                      QStringList{QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--")} +
                          command);
    else
        process.start(command.first(), command.mid(1));
    if (!process.waitForFinished(ProgramTimeoutMs) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0) {
        process.kill();
        process.waitForFinished(10000);
        *error = QStringLiteral("%1 failed: %2 %3")
                     .arg(command.join(QLatin1Char(' ')), process.errorString(),
                          QString::fromLocal8Bit(process.readAll()).trimmed());
        return false;
    }
    return true;
}

// A hot standby of a PostgresCluster, made by pg_basebackup -R in a folder of its own under /tmp and started
// on its own port; stopped and removed with this object.
class Replica
{
public:
    Replica(int primaryPort, int port)
        : m_primaryPort(primaryPort)
        , m_port(port)
        , m_dir(QStringLiteral("/tmp/profile-admin-pgreplica-%1").arg(port))
    {}
    ~Replica() { stop(); }

    bool start(QString *error)
    {
        stop();
        // A run that was killed left its replica running: take it down first.
        const QString data = QDir(m_dir).filePath(QStringLiteral("data"));
        if (QFile::exists(QDir(data).filePath(QStringLiteral("postmaster.pid")))) {
            QString ignored;
            runAsOwner({pgProgram(QStringLiteral("pg_ctl")), QStringLiteral("stop"), QStringLiteral("-D"),
                        data, QStringLiteral("-m"), QStringLiteral("immediate"), QStringLiteral("-w")},
                       &ignored);
        }
        QDir(m_dir).removeRecursively();
        if (!QDir().mkpath(m_dir)) {
            *error = QStringLiteral("could not create %1").arg(m_dir);
            return false;
        }
        m_made = true;
        // As pgtest.sh does: the postgres user owns the folder when we are root.
        if (geteuid() == 0) {
            QProcess chown;
            chown.start(QStringLiteral("chown"), {QStringLiteral("postgres:"), m_dir});
            chown.waitForFinished();
        }
        QFile::setPermissions(m_dir,
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        if (!runAsOwner({pgProgram(QStringLiteral("pg_basebackup")), QStringLiteral("-R"),
                         QStringLiteral("-D"), data, QStringLiteral("-h"), QStringLiteral("127.0.0.1"),
                         QStringLiteral("-p"), QString::number(m_primaryPort), QStringLiteral("-U"),
                         QStringLiteral("postgres"), QStringLiteral("-X"), QStringLiteral("stream"),
                         QStringLiteral("-c"), QStringLiteral("fast"), QStringLiteral("--no-sync")},
                        error))
            return false;
        // Replay positions reach the primary every second, not every ten, once replay resumes.
        if (!runAsOwner({pgProgram(QStringLiteral("pg_ctl")), QStringLiteral("start"), QStringLiteral("-D"),
                         data, QStringLiteral("-l"), QDir(m_dir).filePath(QStringLiteral("log")),
                         QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("60"),
                         QStringLiteral("-o"),
                         QStringLiteral("-c listen_addresses=127.0.0.1 -p %1 -c unix_socket_directories=%2 "
                                        "-c wal_receiver_status_interval=1")
                             .arg(QString::number(m_port), m_dir)},
                        error))
            return false;
        m_running = true;
        return true;
    }

    void stop()
    {
        QString error;
        if (m_running)
            runAsOwner({pgProgram(QStringLiteral("pg_ctl")), QStringLiteral("stop"), QStringLiteral("-D"),
                        QDir(m_dir).filePath(QStringLiteral("data")), QStringLiteral("-m"),
                        QStringLiteral("immediate"), QStringLiteral("-w")},
                       &error);
        m_running = false;
        if (m_made)
            QDir(m_dir).removeRecursively();
        m_made = false;
    }

    // Runs `sql` as the superuser on the replica's `database`; the first column of its first row.
    QVariant query(const QString &database, const QString &sql, QString *error) const
    {
        QVariant value;
        const QString name = QStringLiteral("replica-%1").arg(m_port);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
            db.setHostName(QStringLiteral("127.0.0.1"));
            db.setPort(m_port);
            db.setUserName(QStringLiteral("postgres"));
            db.setDatabaseName(database);
            if (!db.open()) {
                *error = db.lastError().text();
            } else {
                QSqlQuery q(db);
                if (q.exec(sql) && q.next())
                    value = q.value(0);
                else
                    *error = q.lastError().text();
            }
        }
        QSqlDatabase::removeDatabase(name);
        return value;
    }

    bool isRunning() const { return m_running; }

private:
    int m_primaryPort;
    int m_port;
    QString m_dir;
    bool m_made = false;
    bool m_running = false;
};

// profile-admin run with its stderr readable while it runs.
class LiveRun
{
public:
    explicit LiveRun(const QStringList &arguments)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"DATABASE_URL", "DISPLAY", "WAYLAND_DISPLAY", "PGPASSWORD", "PGUSER",
                                 "PGHOST", "PGPORT", "PGDATABASE"})
            env.remove(QLatin1String(name));
        m_process.setProcessEnvironment(env);
        m_process.setStandardInputFile(QProcess::nullDevice());
        m_process.start(CliRun::binary(), arguments);
        m_process.waitForStarted(30000);
    }
    ~LiveRun()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(10000);
        }
    }

    QByteArray err()
    {
        m_err += m_process.readAllStandardError();
        return m_err;
    }
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    CliRun::Result wait()
    {
        CliRun::Result result;
        if (!m_process.waitForFinished(300000)) {
            m_process.kill();
            m_process.waitForFinished(10000);
        } else if (m_process.exitStatus() == QProcess::NormalExit) {
            result.exitCode = m_process.exitCode();
        }
        result.out = m_process.readAllStandardOutput();
        result.err = err();
        return result;
    }

private:
    QProcess m_process;
    QByteArray m_err;
};

} // namespace

class TestReplicas : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void waitsWhileReplayIsPaused();
    void terminatedBackendLeavesWholeBatches();
    void roleWithoutMonitoringIsToldOnce();

private:
    // A classic Django database on the primary with `Users` users and no profile.
    TestDatabase create(const QString &tag);
    qint64 profiles(const TestDatabase &db) const;

    std::unique_ptr<PostgresCluster> m_primary;
    std::unique_ptr<Replica> m_replica;
};

void TestReplicas::initTestCase()
{
    if (TestDatabase::postgresDisabled())
        QSKIP("PostgreSQL tests are switched off (PA_TEST_NO_PG=1)");
    const int primaryPort = qEnvironmentVariableIntValue("PA_TEST_PG_PRIMARY_PORT");
    const int replicaPort = qEnvironmentVariableIntValue("PA_TEST_PG_REPLICA_PORT");
    QVERIFY2(primaryPort > 0 && replicaPort > 0,
             "PA_TEST_PG_PRIMARY_PORT and PA_TEST_PG_REPLICA_PORT are not set: run the test through ctest");
    // initdb's defaults already stream: wal_level replica, ten WAL senders, replication trusted on loopback.
    m_primary = std::make_unique<PostgresCluster>(
        PostgresCluster::scriptIn(TestDatabase::sourceDir()),
        QStringLiteral("/tmp/profile-admin-pgprimary-%1").arg(primaryPort), primaryPort);
    QString error;
    QVERIFY2(m_primary->start(&error), qPrintable(error));
    m_replica = std::make_unique<Replica>(primaryPort, replicaPort);
    QVERIFY2(m_replica->start(&error), qPrintable(error));
    QVERIFY(Faults::waitFor([&] {
        QString ignored;
        return m_replica
            ->query(QStringLiteral("postgres"), QStringLiteral("SELECT pg_is_in_recovery()"), &ignored)
            .toBool();
    }));
}

void TestReplicas::cleanupTestCase()
{
    m_replica.reset();
    m_primary.reset();
}

TestDatabase TestReplicas::create(const QString &tag)
{
    // TestDatabase takes its server from PA_TEST_PG_PORT when the database is made, and keeps it.
    const QByteArray fixturePort = qgetenv("PA_TEST_PG_PORT");
    qputenv("PA_TEST_PG_PORT", QByteArray::number(m_primary->port()));
    TestDatabase db = TestDatabase::create(QStringLiteral("postgres"), QStringLiteral("classic"), tag);
    qputenv("PA_TEST_PG_PORT", fixturePort);
    return db;
}

qint64 TestReplicas::profiles(const TestDatabase &db) const
{
    return db.queryValue(QStringLiteral("SELECT count(*) FROM account_profile")).toLongLong();
}

void TestReplicas::waitsWhileReplayIsPaused()
{
    TestDatabase db = create(QStringLiteral("paused"));
    QVERIFY2(db.isValid(), qPrintable(db.errorString()));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(Faults::addUsers(db, Users, &error), qPrintable(error));
    const QString snapshot = db.saveSnapshot(&error);
    QVERIFY2(!snapshot.isEmpty(), qPrintable(error));
    // The replica has the database before replay stops.
    QVERIFY(Faults::waitFor([&] {
        QString ignored;
        return m_replica->query(db.databaseName(), QStringLiteral("SELECT count(*) FROM auth_user"), &ignored)
                   .toInt() == Users;
    }));
    m_replica->query(QStringLiteral("postgres"), QStringLiteral("SELECT pg_wal_replay_pause()"), &error);
    QVERIFY(Faults::waitFor([&] {
        QString ignored;
        return m_replica
                   ->query(QStringLiteral("postgres"),
                           QStringLiteral("SELECT pg_get_wal_replay_pause_state()"), &ignored)
                   .toString() == QLatin1String("paused");
    }));

    // The rate limit keeps the run going well past the one second the replica may lag, so it must wait.
    LiveRun fix({QStringLiteral("fix"), db.url(), QStringLiteral("--yes"), QStringLiteral("--json"),
                 QStringLiteral("--batch-commit"), QString::number(Batch),
                 QStringLiteral("--max-replica-lag"), QStringLiteral("1"), QStringLiteral("--max-rate"),
                 QStringLiteral("500")});
    QVERIFY(Faults::waitFor(
        [&] { return fix.err().contains("waiting for replicas (lag ") || !fix.isRunning(); }));
    // (A message argument is evaluated even when the check passes: wait() only for a run that ended.)
    if (!fix.isRunning())
        QFAIL(fix.wait().describe().constData());
    // While it waits nothing more is written: the count stays put across several looks.
    const qint64 held = profiles(db);
    QCOMPARE(held % Batch, 0);
    QVERIFY(held < Users);
    for (int look = 0; look < 5; ++look) {
        QTest::qWait(300);
        QCOMPARE(profiles(db), held);
    }
    QVERIFY(fix.isRunning());

    m_replica->query(QStringLiteral("postgres"), QStringLiteral("SELECT pg_wal_replay_resume()"), &error);
    const CliRun::Result run = fix.wait();
    QVERIFY2(run.exitCode == 0, run.describe());
    QCOMPARE(run.json().value(u"created").toInt(), Users);
    QCOMPARE(run.json().value(u"committed_batches").toInt(), Users / Batch);
    QCOMPARE(run.json().value(u"missing_after").toInt(), 0);
    QCOMPARE(profiles(db), Users);
    const QJsonObject verdict = db.verify(snapshot, &error);
    QVERIFY2(verdict.value(u"ok").toBool(), TestDatabase::dump(verdict).constData());
    // And the replica gets every profile too.
    QVERIFY(Faults::waitFor([&] {
        QString ignored;
        return m_replica
                   ->query(db.databaseName(), QStringLiteral("SELECT count(*) FROM account_profile"),
                           &ignored)
                   .toInt() == Users;
    }));
}

void TestReplicas::terminatedBackendLeavesWholeBatches()
{
    TestDatabase db = create(QStringLiteral("terminated"));
    QVERIFY2(db.isValid(), qPrintable(db.errorString()));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(Faults::addUsers(db, Users, &error), qPrintable(error));
    const QString snapshot = db.saveSnapshot(&error);
    QVERIFY2(!snapshot.isEmpty(), qPrintable(error));

    LiveRun fix({QStringLiteral("fix"), db.url(), QStringLiteral("--yes"), QStringLiteral("--batch-commit"),
                 QString::number(Batch), QStringLiteral("--max-rate"), QStringLiteral("500")});
    // Some batches are in, the run is not over: end its backend as an administrator (or a failover) would.
    QVERIFY(Faults::waitFor([&] { return profiles(db) >= 2 * Batch || !fix.isRunning(); }));
    // (A message argument is evaluated even when the check passes: wait() only for a run that ended.)
    if (!fix.isRunning())
        QFAIL(fix.wait().describe().constData());
    const QString terminate =
        QStringLiteral(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '%1' AND "
            "application_name = 'profile-admin'")
            .arg(db.databaseName());
    QVERIFY2(db.queryValue(terminate, &error).toInt() >= 1, qPrintable(error));
    const CliRun::Result run = fix.wait();
    // (A wait for the replicas may have been said before, on a busy machine: the error is the last line.)
    const QByteArray lastLine = run.err.trimmed().split('\n').last();
    QVERIFY2(run.exitCode == 2 && lastLine.startsWith("profile-admin fix: ") && lastLine.endsWith('.'),
             run.describe());
    QVERIFY2(run.err.contains("earlier batches stay; running fix again creates the rest."), run.describe());

    const qint64 kept = profiles(db);
    QVERIFY2(kept % Batch == 0 && kept > 0 && kept < Users, qPrintable(QString::number(kept)));
    // The run says what it committed; only a connection lost in the middle of a COMMIT leaves that batch
    // unknown to it (and says so).
    static const QRegularExpression committed(
        QStringLiteral("(\\d+) profiles committed in (\\d+) earlier batches"));
    const QRegularExpressionMatch said = committed.match(QString::fromUtf8(run.err));
    QVERIFY2(said.hasMatch(), run.describe());
    const qint64 reported = said.captured(1).toLongLong();
    QCOMPARE(said.captured(2).toLongLong() * Batch, reported);
    QVERIFY2(reported == kept || (run.err.contains("it is not known") && reported + Batch == kept),
             run.describe());

    const CliRun::Result again =
        CliRun::run({QStringLiteral("fix"), db.url(), QStringLiteral("--yes"), QStringLiteral("--json"),
                     QStringLiteral("--batch-commit"), QString::number(Batch)});
    QVERIFY2(again.exitCode == 0, again.describe());
    QCOMPARE(again.json().value(u"created").toInt(), Users - kept);
    QCOMPARE(profiles(db), Users);
    const QJsonObject verdict = db.verify(snapshot, &error);
    QVERIFY2(verdict.value(u"ok").toBool(), TestDatabase::dump(verdict).constData());
}

void TestReplicas::roleWithoutMonitoringIsToldOnce()
{
    TestDatabase db = create(QStringLiteral("unprivileged"));
    QVERIFY2(db.isValid(), qPrintable(db.errorString()));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(Faults::addUsers(db, 500, &error), qPrintable(error));
    // A role that may write profiles but not read the replicas' replay positions (no pg_monitor).
    const QString role = QStringLiteral("pa_no_monitor");
    QVERIFY2(
        db.exec(
            {QStringLiteral("CREATE ROLE %1 LOGIN").arg(role),
             QStringLiteral("GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO %1").arg(role),
             QStringLiteral("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO %1").arg(role)},
            &error),
        qPrintable(error));
    QString url = db.url();
    url.replace(QStringLiteral("postgres@"), role + QLatin1Char('@'));
    const CliRun::Result run =
        CliRun::run({QStringLiteral("fix"), url, QStringLiteral("--yes"), QStringLiteral("--json"),
                     QStringLiteral("--batch-commit"), QString::number(Batch)});
    db.exec({QStringLiteral("REASSIGN OWNED BY %1 TO postgres").arg(role),
             QStringLiteral("DROP OWNED BY %1").arg(role), QStringLiteral("DROP ROLE %1").arg(role)});
    QVERIFY2(run.exitCode == 0, run.describe());
    QCOMPARE(run.json().value(u"created").toInt(), 500);
    QCOMPARE(
        run.err.count("Not watching the replicas' replay lag: this role may not read the replay positions"),
        1);
    QVERIFY2(run.err.contains("grant it pg_monitor or pg_read_all_stats"), run.describe());
}

QTEST_GUILESS_MAIN(TestReplicas)
#include "tst_replicas.moc"
