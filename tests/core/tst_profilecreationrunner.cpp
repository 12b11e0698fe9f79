// DatabaseWorker's jobs and ProfileCreationRunner on databases made and judged by the real Django site:
// results come back in the receiver's thread and never to a receiver that is gone; the runner reports
// progress, creates every missing profile or those of chosen users, and a cancel rolls back everything.
#include "Connection.h"
#include "DatabaseSession.h"
#include "DatabaseWorker.h"
#include "FillPlan.h"
#include "ProfileCreationRunner.h"
#include "SchemaDiscovery.h"
#include "TestDatabase.h"

#include <QJsonArray>
#include <QSemaphore>
#include <QTest>
#include <QThread>

#include <memory>

namespace {

constexpr int Timeout = 30000;

struct Site
{
    DatabaseUrl url;
    ProfileSchema schema;
    FillPlan plan;
};

bool openSite(const TestDatabase &db, Site *site, QString *error)
{
    site->url = DatabaseUrl::parse(db.url(), error);
    const DatabaseSession session(site->url, {QStringLiteral("setup")});
    if (!session.isReady()) {
        *error = session.errorText();
        return false;
    }
    site->schema = session.schema();
    site->plan = FillPlan::build(session.schema(), session.engine());
    if (!site->plan.isValid()) {
        *error = site->plan.errorText();
        return false;
    }
    return true;
}

qint64 missingProfiles(const TestDatabase &db)
{
    return db
        .queryValue(
            QStringLiteral("SELECT count(*) FROM %1 u WHERE NOT EXISTS (SELECT 1 FROM %2 p WHERE p.%3 = "
                           "u.id)")
                .arg(db.userTable(), db.profileTable(), db.linkColumn()))
        .toLongLong();
}

// What a runner reported.
struct Reports
{
    QList<qint64> progress;
    QList<FixResult> finished;

    void watch(ProfileCreationRunner &runner)
    {
        QObject::connect(&runner, &ProfileCreationRunner::progress, &runner,
                         [this](qint64 done, qint64) { progress << done; });
        QObject::connect(&runner, &ProfileCreationRunner::finished, &runner,
                         [this](const FixResult &result) { finished << result; });
    }
};

} // namespace

class TestProfileCreationRunner : public QObject
{
    Q_OBJECT

private slots:
    void workerHandsResultsToTheReceiversThread();
    void workerDropsResultsOfADestroyedReceiver();
    void workerJobSeesAConnectionThatCannotOpen();
    void createsMissingWithProgress_data() { TestDatabase::addEngineVariantData(); }
    void createsMissingWithProgress();
    void cancelRollsBackEverything_data() { TestDatabase::addEngineData(); }
    void cancelRollsBackEverything();
    void createForReportsCreatedAndSkipped_data() { TestDatabase::addEngineData(); }
    void createForReportsCreatedAndSkipped();
    void runsInTheCallersThreadWithoutAnEventLoop_data() { TestDatabase::addEngineData(); }
    void runsInTheCallersThreadWithoutAnEventLoop();
};

void TestProfileCreationRunner::workerHandsResultsToTheReceiversThread()
{
    PA_TEST_DATABASE(db, QStringLiteral("sqlite"), QStringLiteral("classic"), QStringLiteral("worker"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    DatabaseWorker worker(DatabaseUrl::parse(db.url(), &error), QStringLiteral("worker"));
    QObject receiver;
    QThread *jobThread = nullptr;
    QThread *doneThread = nullptr;
    QList<int> results;
    worker.run<int>(
        &receiver,
        [&](Connection &connection) {
            jobThread = QThread::currentThread();
            return connection.isOpen() ? 1 : -1;
        },
        [&](int result) {
            doneThread = QThread::currentThread();
            results << result;
        });
    // Several results of one job arrive in order, after those of an earlier job.
    worker.runReporting<int>(
        &receiver,
        [](Connection &, const DatabaseWorker::Report<int> &report) {
            for (int i = 2; i <= 4; ++i)
                report(i);
        },
        [&](int result) { results << result; });
    QTRY_COMPARE_WITH_TIMEOUT(results, QList<int>({1, 2, 3, 4}), Timeout);
    QCOMPARE(jobThread, &worker);
    QCOMPARE(doneThread, QThread::currentThread());
}

void TestProfileCreationRunner::workerDropsResultsOfADestroyedReceiver()
{
    PA_TEST_DATABASE(db, QStringLiteral("sqlite"), QStringLiteral("classic"), QStringLiteral("gone"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    DatabaseWorker worker(DatabaseUrl::parse(db.url(), &error), QStringLiteral("worker"));
    auto receiver = std::make_unique<QObject>();
    QSemaphore started;
    QSemaphore release;
    bool delivered = false;
    worker.run<int>(
        receiver.get(),
        [&](Connection &) {
            started.release();
            release.acquire();
            return 1;
        },
        [&](int) { delivered = true; });
    QVERIFY(started.tryAcquire(1, Timeout));
    receiver.reset();
    release.release();
    // A later job's result still arrives, so the first one had its chance.
    QObject other;
    bool later = false;
    worker.run<int>(
        &other, [](Connection &) { return 2; }, [&](int) { later = true; });
    QTRY_VERIFY_WITH_TIMEOUT(later, Timeout);
    QVERIFY(!delivered);
}

void TestProfileCreationRunner::workerJobSeesAConnectionThatCannotOpen()
{
    QString error;
    const DatabaseUrl url =
        DatabaseUrl::parse(QStringLiteral("sqlite:////nonexistent/folder/db.sqlite3"), &error);
    DatabaseWorker worker(url, QStringLiteral("worker"));
    ProfileCreationRunner runner;
    Reports reports;
    reports.watch(runner);
    QVERIFY(runner.createMissing(worker, ProfileSchema(), FillPlan()));
    QVERIFY(runner.isRunning());
    // One run at a time.
    QVERIFY(!runner.createMissing(worker, ProfileSchema(), FillPlan()));
    QTRY_COMPARE_WITH_TIMEOUT(reports.finished.size(), 1, Timeout);
    QVERIFY(!runner.isRunning());
    const FixResult result = reports.finished.first();
    QVERIFY(!result.ok && !result.cancelled);
    QVERIFY2(!result.errorText.isEmpty(), "no reason given");
    Connection unopened(url, QStringLiteral("direct"));
    QCOMPARE(result.errorText, unopened.errorText());
}

void TestProfileCreationRunner::createsMissingWithProgress()
{
    QFETCH(QString, engine);
    QFETCH(QString, variant);
    PA_TEST_DATABASE(db, engine, variant, QStringLiteral("runner"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(db.seed(200, 100, &error), qPrintable(error));
    const QString snapshot = db.saveSnapshot(&error);
    Site site;
    QVERIFY2(openSite(db, &site, &error), qPrintable(error));

    DatabaseWorker writer(site.url, QStringLiteral("writer"));
    ProfileCreationRunner runner;
    runner.setBatchSize(37);
    Reports reports;
    reports.watch(runner);
    QVERIFY(runner.createMissing(writer, site.schema, site.plan));
    QTRY_COMPARE_WITH_TIMEOUT(reports.finished.size(), 1, Timeout);
    const FixResult result = reports.finished.first();
    QVERIFY2(result.ok, qPrintable(result.errorText));
    QCOMPARE(result.created, 100);
    QVERIFY(runner.userKeys().isEmpty());
    // 200 keys, 37 per batch: a report after each, the last one when every user was scanned. MariaDB's
    // default innodb_autoinc_lock_mode makes the table one statement, reported once.
    QCOMPARE(reports.progress,
             db.isMariadb() ? QList<qint64>({200}) : QList<qint64>({37, 74, 111, 148, 185, 200}));
    const QJsonObject verdict = db.verify(snapshot, &error);
    QVERIFY2(verdict.value(u"ok").toBool(), TestDatabase::dump(verdict).constData());
    QCOMPARE(verdict.value(u"profiles").toInt(), 200);
}

void TestProfileCreationRunner::cancelRollsBackEverything()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("runcancel"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(db.seed(120, 40, &error), qPrintable(error));
    const QString snapshot = db.saveSnapshot(&error);
    Site site;
    QVERIFY2(openSite(db, &site, &error), qPrintable(error));

    DatabaseWorker writer(site.url, QStringLiteral("writer"));
    // The run waits behind a job that holds the worker until the test has cancelled it.
    QSemaphore release;
    writer.post([&](Connection &) { release.acquire(); });
    ProfileCreationRunner runner;
    runner.setBatchSize(10);
    Reports reports;
    reports.watch(runner);
    QVERIFY(runner.createMissing(writer, site.schema, site.plan));
    runner.cancel();
    QVERIFY(runner.isCancelled());
    release.release();
    QTRY_COMPARE_WITH_TIMEOUT(reports.finished.size(), 1, Timeout);
    const FixResult result = reports.finished.first();
    QVERIFY(result.cancelled);
    QVERIFY(!result.ok);
    QCOMPARE(result.created, 0);
    QCOMPARE(result.errorText, QStringLiteral("Cancelled; nothing was written."));
    // The first batch was written and rolled back; its report came after the cancel and was not passed on.
    QVERIFY(reports.progress.isEmpty());
    QCOMPARE(missingProfiles(db), 80);
    const QJsonObject verdict = db.verify(snapshot, &error);
    QVERIFY2(verdict.value(u"changed").toArray().isEmpty(), TestDatabase::dump(verdict).constData());
    QCOMPARE(verdict.value(u"profiles").toInt(), 40);

    // The next run starts afresh and goes through.
    QVERIFY(runner.createMissing(writer, site.schema, site.plan));
    QTRY_COMPARE_WITH_TIMEOUT(reports.finished.size(), 2, Timeout);
    QVERIFY2(reports.finished.last().ok, qPrintable(reports.finished.last().errorText));
    QCOMPARE(reports.finished.last().created, 80);
    QCOMPARE(missingProfiles(db), 0);
}

void TestProfileCreationRunner::createForReportsCreatedAndSkipped()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("runfor"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(db.seed(20, 10, &error), qPrintable(error));
    Site site;
    QVERIFY2(openSite(db, &site, &error), qPrintable(error));
    QVariantList withProfile;
    QVariantList without;
    for (int user = 1; user <= 20; ++user) {
        const bool has = db.queryValue(QStringLiteral("SELECT count(*) FROM %1 WHERE %2 = %3")
                                           .arg(db.profileTable(), db.linkColumn())
                                           .arg(user))
                             .toInt() > 0;
        (has ? withProfile : without) << user;
    }
    QCOMPARE(without.size(), 10);
    // Three users without a profile, two with one, one that does not exist.
    const QVariantList keys{without.at(0),     withProfile.at(0), without.at(1),
                            withProfile.at(1), without.at(2),     99999};

    DatabaseWorker writer(site.url, QStringLiteral("writer"));
    ProfileCreationRunner runner;
    Reports reports;
    reports.watch(runner);
    QVERIFY(runner.createFor(writer, site.schema, site.plan, keys));
    QCOMPARE(runner.userKeys(), keys);
    QTRY_COMPARE_WITH_TIMEOUT(reports.finished.size(), 1, Timeout);
    const FixResult result = reports.finished.first();
    QVERIFY2(result.ok, qPrintable(result.errorText));
    QCOMPARE(result.created, 3);
    QCOMPARE(result.skipped, 3);
    QCOMPARE(missingProfiles(db), 7);
    const QJsonObject verdict = db.verify(QString(), &error);
    QVERIFY2(verdict.value(u"invalid").toArray().isEmpty(), TestDatabase::dump(verdict).constData());
}

void TestProfileCreationRunner::runsInTheCallersThreadWithoutAnEventLoop()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("runnow"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(db.seed(100, 50, &error), qPrintable(error));
    const QString snapshot = db.saveSnapshot(&error);
    Site site;
    QVERIFY2(openSite(db, &site, &error), qPrintable(error));
    Connection connection(site.url, QStringLiteral("cli"));
    QVERIFY2(connection.isOpen(), qPrintable(connection.errorText()));

    // Cancelled from a progress report, as a front end would: everything rolls back.
    ProfileCreationRunner runner;
    runner.setBatchSize(20);
    Reports reports;
    reports.watch(runner);
    const QMetaObject::Connection canceller =
        QObject::connect(&runner, &ProfileCreationRunner::progress, &runner, [&](qint64 done, qint64) {
            if (done >= 40)
                runner.cancel();
        });
    FixResult result = runner.createMissingNow(connection, site.schema, site.plan);
    QVERIFY(result.cancelled);
    // (On MariaDB one statement does the table: its one report comes after it, before COMMIT.)
    const QList<qint64> cancelledReports = db.isMariadb() ? QList<qint64>({100}) : QList<qint64>({20, 40});
    QCOMPARE(reports.progress, cancelledReports);
    QCOMPARE(reports.finished.size(), 1);
    QVERIFY(reports.finished.first().cancelled);
    QCOMPARE(missingProfiles(db), 50);
    QVERIFY(db.verify(snapshot, &error).value(u"changed").toArray().isEmpty());

    QObject::disconnect(canceller);
    // Without a cancel every report comes, synchronously, and every profile is made.
    runner.setBatchSize(30);
    result = runner.createMissingNow(connection, site.schema, site.plan);
    QVERIFY2(result.ok, qPrintable(result.errorText));
    QCOMPARE(result.created, 50);
    QCOMPARE(reports.progress.mid(cancelledReports.size()),
             db.isMariadb() ? QList<qint64>({100}) : QList<qint64>({30, 60, 90, 100}));
    QCOMPARE(reports.finished.size(), 2);
    QCOMPARE(missingProfiles(db), 0);

    result = runner.createForNow(connection, site.schema, site.plan, {1, 2});
    QVERIFY2(result.ok, qPrintable(result.errorText));
    QCOMPARE(result.created, 0);
    QCOMPARE(result.skipped, 2);
}

QTEST_GUILESS_MAIN(TestProfileCreationRunner)
#include "tst_profilecreationrunner.moc"
