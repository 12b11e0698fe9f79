// On the fixture servers: the server ends profile-admin's session while `fix` is writing
// (pg_terminate_backend on PostgreSQL, KILL CONNECTION on MariaDB, as an administrator or a failover does).
// profile-admin must say that the connection was lost, nothing may be written, and running it again must
// simply work. The engine is checked in-process too (what the GUI's worker runs), including a loss at COMMIT,
// where the only honest message is that the outcome is unknown.
#include "CliRun.h"
#include "Connection.h"
#include "DatabaseSession.h"
#include "Faults.h"
#include "FillPlan.h"
#include "MissingProfileFixer.h"
#include "SchemaDiscovery.h"
#include "TestDatabase.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

namespace {

qint64 profiles(const TestDatabase &db)
{
    return db.queryValue(QStringLiteral("SELECT count(*) FROM %1").arg(db.profileTable())).toLongLong();
}

// Terminates backend `pid` from `monitor` and returns once it is gone: pg_terminate_backend() on PostgreSQL
// (14+ waits with a timeout), KILL CONNECTION on MariaDB and then a wait until the process list drops it.
bool terminate(QSqlDatabase monitor, qint64 pid, QString *error)
{
    QSqlQuery q(monitor);
    if (monitor.driverName() == QLatin1String("QMYSQL")) {
        if (!q.exec(QStringLiteral("KILL CONNECTION %1").arg(pid))) {
            *error = QStringLiteral("KILL CONNECTION %1 failed: %2").arg(pid).arg(q.lastError().text());
            return false;
        }
        const bool gone = Faults::waitFor([&] {
            return q.exec(QStringLiteral("SELECT count(*) FROM information_schema.PROCESSLIST WHERE ID = %1")
                              .arg(pid)) &&
                   q.next() && q.value(0).toInt() == 0;
        });
        if (!gone)
            *error = QStringLiteral("connection %1 was still there after KILL CONNECTION").arg(pid);
        return gone;
    }
    if (!q.exec(QStringLiteral("SELECT pg_terminate_backend(%1, 60000)").arg(pid)) || !q.next() ||
        !q.value(0).toBool()) {
        *error = QStringLiteral("pg_terminate_backend(%1) failed: %2").arg(pid).arg(q.lastError().text());
        return false;
    }
    return true;
}

// The run's lock timeout, long enough that the test, not the timeout, ends the wait on a busy machine.
const QMap<QString, QString> patientLocks{
    {QStringLiteral("PROFILE_ADMIN_BUSY_TIMEOUT_MS"), QStringLiteral("600000")}};

} // namespace

class TestConnectionLoss : public QObject
{
    Q_OBJECT

private slots:
    void cliBackendTerminatedMidRun_data();
    void cliBackendTerminatedMidRun();
    void engineBackendTerminated_data();
    void engineBackendTerminated();
};

void TestConnectionLoss::cliBackendTerminatedMidRun_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<QByteArray>("serverSays"); // the server's own words, part of the sentence
    QTest::newRow("postgres") << QStringLiteral("postgres")
                              << QByteArray("terminating connection due to administrator command");
    // The killed session's client sees the socket close under it.
    QTest::newRow("mariadb") << QStringLiteral("mariadb")
                             << QByteArray("Lost connection to server during query");
}

void TestConnectionLoss::cliBackendTerminatedMidRun()
{
    QFETCH(QString, engine);
    QFETCH(QByteArray, serverSays);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("terminate"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(Faults::addUsers(db, 100000, &error), qPrintable(error));

    // A profile the site is creating for user 60,000, not yet committed: the fixer finishes its first batch
    // of 50,000 users, then waits for it in the second. That is where its backend gets terminated.
    const QString blocker = QStringLiteral("blocker");
    const QString monitor = QStringLiteral("monitor");
    QVERIFY2(Faults::holdSecondBatch(db, blocker, monitor, &error), qPrintable(error));
    CliRun fix({QStringLiteral("fix"), db.url(), QStringLiteral("--yes"), QStringLiteral("--json")},
               patientLocks);
    fix.start();
    {
        const QSqlDatabase watch = QSqlDatabase::database(monitor);
        bool written = false;
        const qint64 pid = Faults::waitForProfileAdminLockWait(
            watch, [&] { return fix.isRunning(); }, &written);
        if (pid == 0 && !fix.isRunning())
            QFAIL(fix.wait().describe().constData());
        QVERIFY2(pid > 0, "profile-admin never waited for the uncommitted profile");
        QVERIFY2(written, "the fixer had written nothing before it was terminated");
        QVERIFY2(terminate(watch, pid, &error), qPrintable(error));
    }
    const CliRun::Result run = fix.wait();
    {
        QSqlQuery rollback(QSqlDatabase::database(blocker));
        QVERIFY(rollback.exec(QStringLiteral("ROLLBACK")));
    }
    Faults::closeRaw(blocker);
    Faults::closeRaw(monitor);

    QVERIFY2(run.exitCode == 2, run.describe());
    QVERIFY2(run.isOneSentence(QStringLiteral("fix")), run.describe());
    QVERIFY2(run.err.contains("The connection to the database was lost while creating the missing profiles"),
             run.describe());
    QVERIFY2(run.err.contains(serverSays), run.describe());
    QVERIFY2(run.err.contains("nothing was written"), run.describe());
    QVERIFY2(
        run.json().value(u"error").toString().contains(QLatin1String("connection to the database was lost")),
        run.describe());
    QCOMPARE(profiles(db), 0);

    // Nothing to clean up: running it again does the whole job.
    const CliRun::Result again = CliRun::run(
        {QStringLiteral("fix"), db.url(), QStringLiteral("--yes"), QStringLiteral("--json")}, patientLocks);
    QVERIFY2(again.exitCode == 0, again.describe());
    QCOMPARE(again.json().value(u"created").toInteger(), 100000);
    QCOMPARE(profiles(db), 100000);
}

void TestConnectionLoss::engineBackendTerminated_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<bool>("atCommit");
    QTest::addColumn<QString>("expected");
    const QString lostMidRun =
        QStringLiteral("The connection to the database was lost while creating the missing profiles (");
    const QString lostAtCommit =
        QStringLiteral("The connection to the database was lost while committing, so "
                       "it is not known whether the profiles were created; run check "
                       "to see");
    QTest::newRow("postgres: between batches")
        << QStringLiteral("postgres") << false
        << lostMidRun + QStringLiteral("terminating connection due to administrator command");
    QTest::newRow("postgres: before COMMIT") << QStringLiteral("postgres") << true << lostAtCommit;
    // MariaDB's default innodb_autoinc_lock_mode makes the fix-up one statement per table: no batches to come
    // between; cliBackendTerminatedMidRun kills it in the middle of that statement.
    QTest::newRow("mariadb: before COMMIT") << QStringLiteral("mariadb") << true << lostAtCommit;
}

void TestConnectionLoss::engineBackendTerminated()
{
    QFETCH(QString, engine);
    QFETCH(bool, atCommit);
    QFETCH(QString, expected);
    PA_TEST_DATABASE(db, engine, QStringLiteral("custom"), QStringLiteral("lostcore"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(Faults::addUsers(db, 3000, &error), qPrintable(error));
    const QString monitor = QStringLiteral("monitor");
    QVERIFY2(Faults::openRaw(db, monitor, &error).isOpen(), qPrintable(error));
    {
        const DatabaseSession session(DatabaseUrl::parse(db.url(), &error), {QStringLiteral("fixer")});
        QVERIFY2(session.isReady(), qPrintable(session.errorText()));
        const FillPlan plan = FillPlan::build(session.schema(), session.engine());
        QSqlQuery q(session.database());
        QVERIFY(q.exec(db.isMariadb() ? QStringLiteral("SELECT CONNECTION_ID()")
                                      : QStringLiteral("SELECT pg_backend_pid()")) &&
                q.next());
        const qint64 pid = q.value(0).toLongLong();
        q.finish();

        // The progress callback runs between statements: the moment to pull the plug, deterministically.
        bool terminated = false;
        const FixResult result = MissingProfileFixer(session.database(), session.schema(), plan)
                                     .createMissing(
                                         [&](qint64 done, qint64 total) {
                                             if (!terminated && (atCommit ? done == total : done >= 1000))
                                                 terminated =
                                                     terminate(QSqlDatabase::database(monitor), pid, &error);
                                             return true;
                                         },
                                         1000);
        QVERIFY2(terminated, qPrintable(error));
        QVERIFY(!result.ok);
        QVERIFY(!result.cancelled);
        QCOMPARE(result.failure, SqlFailure::Kind::ConnectionLost);
        QVERIFY2(result.errorText.startsWith(expected), qPrintable(result.errorText));
        QVERIFY2(!result.errorText.contains(QLatin1Char('\n')), qPrintable(result.errorText));
    }
    Faults::closeRaw(monitor);
    QCOMPARE(profiles(db), 0);

    // A new connection (what the GUI's reconnect makes) does the whole job.
    const DatabaseSession again(DatabaseUrl::parse(db.url(), &error), {QStringLiteral("again")});
    QVERIFY2(again.isReady(), qPrintable(again.errorText()));
    const FixResult result =
        MissingProfileFixer(again.database(), again.schema(), FillPlan::build(again.schema(), again.engine()))
            .createMissing();
    QVERIFY2(result.ok, qPrintable(result.errorText));
    QCOMPARE(result.created, 3000);
    const QJsonObject verdict = db.verify();
    QVERIFY2(verdict.value(u"ok").toBool(), TestDatabase::dump(verdict).constData());
}

QTEST_GUILESS_MAIN(TestConnectionLoss)
#include "tst_connectionloss.moc"
