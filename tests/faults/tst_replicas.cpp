// Online mode (fix --batch-commit) against a real PostgreSQL primary and a streaming replica that the suite
// starts itself on loopback (pg_basebackup -R): with replay paused on the replica the run waits and says so,
// writes nothing while it waits and goes on when replay resumes; a backend terminated in the middle leaves
// only whole committed batches, and running fix again completes the job. Nothing here measures time: every
// wait is for a condition, with a generous timeout.
#include "CliRun.h"
#include "Faults.h"
#include "ReplicaPair.h"
#include "TestDatabase.h"

#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <memory>

namespace {

constexpr int Users = 3000;
constexpr int Batch = 100;

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
    void initTestCase() { m_pair = ReplicaPair::startForSuite(); }
    void cleanupTestCase() { m_pair.reset(); }
    void waitsWhileReplayIsPaused();
    void terminatedBackendLeavesWholeBatches();
    void roleWithoutMonitoringIsToldOnce();

private:
    TestDatabase create(const QString &tag) const { return m_pair->create(QStringLiteral("classic"), tag); }
    qint64 profiles(const TestDatabase &db) const;

    std::unique_ptr<ReplicaPair> m_pair;
};

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
    QVERIFY(
        m_pair->waitOnReplica(db.databaseName(), QStringLiteral("SELECT count(*) FROM auth_user"), Users));
    PausedReplay paused(*m_pair);
    QVERIFY2(paused.pause(&error), qPrintable(error));

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

    QVERIFY2(paused.resume(&error), qPrintable(error));
    const CliRun::Result run = fix.wait();
    QVERIFY2(run.exitCode == 0, run.describe());
    QCOMPARE(run.json().value(u"created").toInt(), Users);
    QCOMPARE(run.json().value(u"committed_batches").toInt(), Users / Batch);
    QCOMPARE(run.json().value(u"missing_after").toInt(), 0);
    QCOMPARE(profiles(db), Users);
    const QJsonObject verdict = db.verify(snapshot, &error);
    QVERIFY2(verdict.value(u"ok").toBool(), TestDatabase::dump(verdict).constData());
    // And the replica gets every profile too.
    QVERIFY(m_pair->waitOnReplica(db.databaseName(), QStringLiteral("SELECT count(*) FROM account_profile"),
                                  Users));
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
