// Online mode of MissingProfileFixer against databases made and judged by the real Django site: every batch
// is a transaction of its own that another connection sees committed, a cancel keeps exactly the batches
// committed before it and a rerun finishes the job, waits end at once on cancel, and on PostgreSQL the
// statements of one batch stay linear in the batch with and without statistics (EXPLAIN row counts).
#include "DatabaseEngine.h"
#include "DatabaseSession.h"
#include "DatabaseWorker.h"
#include "ExplainedPlan.h"
#include "FillPlan.h"
#include "MissingProfileFixer.h"
#include "ProfileCreationRunner.h"
#include "ReplicaLagWatch.h"
#include "TestDatabase.h"

#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <memory>

namespace {

struct Site
{
    std::unique_ptr<DatabaseSession> session;
    QList<MissingProfileFixer> fixers;

    const MissingProfileFixer &fixer() const { return fixers.first(); }
};

bool openSite(const TestDatabase &db, Site *site, QString *error)
{
    site->session = std::make_unique<DatabaseSession>(DatabaseUrl::parse(db.url(), error),
                                                      SessionOptions{QStringLiteral("test")});
    if (!site->session->isReady()) {
        *error = site->session->errorText();
        return false;
    }
    for (const ProfileSchema &schema : site->session->profiles()) {
        const FillPlan plan = FillPlan::build(schema, site->session->engine());
        if (!plan.isValid()) {
            *error = plan.errorText();
            return false;
        }
        site->fixers.append(MissingProfileFixer(site->session->database(), schema, plan));
    }
    return true;
}

qint64 profiles(const TestDatabase &db)
{
    return db.queryValue(QStringLiteral("SELECT count(*) FROM %1").arg(db.profileTable())).toLongLong();
}

} // namespace

class TestOnlineFix : public QObject
{
    Q_OBJECT

private slots:
    void commitsEveryBatch_data() { TestDatabase::addEngineVariantData(); }
    void commitsEveryBatch();
    void cancelKeepsWholeBatches_data() { TestDatabase::addEngineData(); }
    void cancelKeepsWholeBatches();
    void rateWaitEndsOnCancel_data() { TestDatabase::addEngineData(); }
    void rateWaitEndsOnCancel();
    void severalTablesOneAfterAnother_data() { TestDatabase::addEngineData(); }
    void severalTablesOneAfterAnother();
    void runnerOnWorkerCancelsInAWait_data() { TestDatabase::addEngineData(); }
    void runnerOnWorkerCancelsInAWait();
    void batchPlansStayLinear_data();
    void batchPlansStayLinear();
    void missingAfterCountsOnlyUsersBeyondTheLastBatch_data() { TestDatabase::addEngineData(); }
    void missingAfterCountsOnlyUsersBeyondTheLastBatch();
};

void TestOnlineFix::commitsEveryBatch()
{
    QFETCH(QString, engine);
    QFETCH(QString, variant);
    PA_TEST_DATABASE(db, engine, variant, QStringLiteral("online"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(200, 100, &error), qPrintable(error));
    const QString snapshot = db.saveSnapshot(&error);
    QVERIFY2(!snapshot.isEmpty(), qPrintable(error));
    Site site;
    QVERIFY2(openSite(db, &site, &error), qPrintable(error));

    // After every batch another connection already sees its profiles: each one was committed.
    QList<qint64> committed;
    QList<qint64> seen;
    OnlineOptions options;
    options.batchSize = 30;
    options.expectedProfiles = 100;
    const FixResult result =
        site.fixer().createMissingInBatches(options, [&](const OnlineProgress &progress) {
            if (progress.batches > committed.size()) {
                committed << progress.committed;
                seen << profiles(db);
            }
            return true;
        });
    QVERIFY2(result.ok, qPrintable(result.errorText));
    QCOMPARE(result.created, 100);
    QCOMPARE(result.batches, 4);
    QCOMPARE(committed, (QList<qint64>{30, 60, 90, 100}));
    QCOMPARE(seen, (QList<qint64>{130, 160, 190, 200}));

    const QJsonObject verdict = db.verify(snapshot, &error);
    QVERIFY2(verdict.value(u"ok").toBool(), TestDatabase::dump(verdict).constData());
    QCOMPARE(verdict.value(u"profiles").toInt(), 200);

    // A rerun finds nothing left and commits nothing.
    const FixResult again = site.fixer().createMissingInBatches(options);
    QVERIFY2(again.ok, qPrintable(again.errorText));
    QCOMPARE(again.created, 0);
    QCOMPARE(again.batches, 0);
}

void TestOnlineFix::cancelKeepsWholeBatches()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("online_cancel"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(200, 100, &error), qPrintable(error));
    const QString snapshot = db.saveSnapshot(&error);
    QVERIFY2(!snapshot.isEmpty(), qPrintable(error));
    Site site;
    QVERIFY2(openSite(db, &site, &error), qPrintable(error));

    OnlineOptions options;
    options.batchSize = 30;
    const FixResult cancelled = site.fixer().createMissingInBatches(
        options, [](const OnlineProgress &progress) { return progress.batches < 2; });
    QVERIFY(!cancelled.ok);
    QVERIFY(cancelled.cancelled);
    QCOMPARE(cancelled.created, 60);
    QCOMPARE(cancelled.batches, 2);
    QVERIFY2(cancelled.errorText.contains(QStringLiteral("60 profiles in 2 committed batches")),
             qPrintable(cancelled.errorText));
    QCOMPARE(profiles(db), 160);

    const FixResult rerun = site.fixer().createMissingInBatches(options);
    QVERIFY2(rerun.ok, qPrintable(rerun.errorText));
    QCOMPARE(rerun.created, 40);
    QCOMPARE(rerun.batches, 2);
    const QJsonObject verdict = db.verify(snapshot, &error);
    QVERIFY2(verdict.value(u"ok").toBool(), TestDatabase::dump(verdict).constData());
    QCOMPARE(verdict.value(u"missing").toInt(), 0);
}

void TestOnlineFix::rateWaitEndsOnCancel()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("online_rate"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(100, 50, &error), qPrintable(error));
    Site site;
    QVERIFY2(openSite(db, &site, &error), qPrintable(error));

    // One profile a second: after the first batch of 20 the next may start only 20 s after the first, so a
    // wait is reported; cancelling it ends the run at once with that batch kept.
    OnlineOptions options;
    options.batchSize = 20;
    options.maxRate = 1;
    bool waited = false;
    const FixResult result =
        site.fixer().createMissingInBatches(options, [&](const OnlineProgress &progress) {
            if (progress.waitingForRate) {
                waited = true;
                return false;
            }
            return true;
        });
    QVERIFY(waited);
    QVERIFY(result.cancelled);
    QCOMPARE(result.created, 20);
    QCOMPARE(result.batches, 1);
    QCOMPARE(profiles(db), 70);

    // No replicas to ask on SQLite and MariaDB; the fixture's PostgreSQL has none attached.
    ReplicaLagWatch watch(site.session->database());
    QCOMPARE(watch.isSupported(), engine == QLatin1String("postgres"));
    watch.start();
    const ReplicaLagWatch::Reading reading = watch.read();
    QCOMPARE(reading.replicas, 0);
    QCOMPARE(reading.lagSeconds, 0.0);
    QVERIFY2(reading.error.isEmpty(), qPrintable(reading.error));
}

void TestOnlineFix::severalTablesOneAfterAnother()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("two_profiles"), QStringLiteral("online_two"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(40, 20, &error), qPrintable(error));
    const QString snapshot = db.saveSnapshot(&error);
    QVERIFY2(!snapshot.isEmpty(), qPrintable(error));
    Site site;
    QVERIFY2(openSite(db, &site, &error), qPrintable(error));
    QCOMPARE(site.fixers.size(), 2);
    qint64 expected = 0;
    for (const MissingProfileFixer &fixer : std::as_const(site.fixers))
        expected += fixer.counts(&error).missing;

    OnlineOptions options;
    options.batchSize = 8;
    const FixResult result = MissingProfileFixer::createMissingInBatches(site.fixers, options);
    QVERIFY2(result.ok, qPrintable(result.errorText));
    QCOMPARE(result.created, expected);
    QCOMPARE(result.createdByTable.size(), 2);
    QCOMPARE(result.createdByTable.at(0) + result.createdByTable.at(1), expected);
    // Each table's batches end on their own: ceil(missing / 8) each.
    QCOMPARE(result.batches, (result.createdByTable.at(0) + 7) / 8 + (result.createdByTable.at(1) + 7) / 8);
    for (const MissingProfileFixer &fixer : std::as_const(site.fixers))
        QCOMPARE(fixer.counts(&error).missing, 0);
    const QJsonObject verdict = db.verify(snapshot, &error);
    QVERIFY2(verdict.value(u"ok").toBool(), TestDatabase::dump(verdict).constData());
}

void TestOnlineFix::runnerOnWorkerCancelsInAWait()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("online_runner"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(100, 50, &error), qPrintable(error));
    Site site;
    QVERIFY2(openSite(db, &site, &error), qPrintable(error));

    // As the window will run it: on a writer thread, progress and the result arriving in this thread. The
    // rate limit holds the run after its first batch until the cancel ends the wait.
    DatabaseWorker writer(DatabaseUrl::parse(db.url(), &error), QStringLiteral("writer"));
    ProfileCreationRunner runner;
    QList<OnlineProgress> reports;
    QList<FixResult> finished;
    connect(&runner, &ProfileCreationRunner::onlineProgress, this, [&](const OnlineProgress &progress) {
        reports << progress;
        if (progress.batches == 1)
            runner.cancel();
    });
    connect(&runner, &ProfileCreationRunner::finished, this,
            [&](const FixResult &result) { finished << result; });
    OnlineOptions options;
    options.batchSize = 20;
    options.maxRate = 1;
    options.expectedProfiles = 50;
    QVERIFY(runner.createMissingOnline(writer, {site.session->schema()},
                                       {FillPlan::build(site.session->schema(), site.session->engine())},
                                       options));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 120000);
    QVERIFY(finished.first().cancelled);
    QCOMPARE(finished.first().created, 20);
    QCOMPARE(finished.first().batches, 1);
    QVERIFY(!reports.isEmpty());
    QCOMPARE(reports.last().committed, 20);
    QCOMPARE(reports.last().expected, 50);
    QVERIFY(reports.last().secondsLeft >= 0);
    QCOMPARE(profiles(db), 70);
}

void TestOnlineFix::batchPlansStayLinear_data()
{
    QTest::addColumn<bool>("analysed");
    QTest::newRow("never analysed") << false;
    QTest::newRow("analysed") << true;
}

void TestOnlineFix::batchPlansStayLinear()
{
    QFETCH(bool, analysed);
    PA_TEST_DATABASE(db, QStringLiteral("postgres"), QStringLiteral("classic"),
                     QStringLiteral("online_plan"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(db.exec({QStringLiteral("ALTER TABLE auth_user SET (autovacuum_enabled = false)"),
                      QStringLiteral("ALTER TABLE account_profile SET (autovacuum_enabled = false)")},
                     &error),
             qPrintable(error));
    constexpr int Users = 4000;
    QVERIFY2(db.seed(Users, Users / 2, &error), qPrintable(error));
    if (analysed)
        QVERIFY2(db.exec(QStringLiteral("ANALYZE"), &error), qPrintable(error));
    Site site;
    QVERIFY2(openSite(db, &site, &error), qPrintable(error));
    QSqlDatabase connection = site.session->database();
    const MissingProfileFixer &fixer = site.fixer();

    // A batch from the middle: a plan that rescans the tables per batch reads thousands of rows, a linear
    // one a few per user of the batch.
    constexpr qint64 Batch = 100;
    const qint64 limit = 10 * Batch;
    const qint64 after =
        db.queryValue(QStringLiteral("SELECT min(id) + %1 FROM auth_user").arg(Users / 2)).toLongLong();
    QSqlQuery control(connection);
    QVERIFY2(fixer.beginKeysetBatch(control), qPrintable(control.lastError().text()));
    for (const bool generic : {false, true}) {
        PlanRows select;
        QVERIFY2(explain(connection, fixer.nextBatchStatement(false),
                         {{QStringLiteral(":after"), after}, {QStringLiteral(":n"), Batch}}, generic, &select,
                         &error),
                 qPrintable(error));
        QVERIFY2(select.joinFiltered <= Batch && select.produced <= limit, qPrintable(select.describe()));
        QVariantMap values = fixer.planValues();
        values.insert(QStringLiteral(":after"), after);
        values.insert(QStringLiteral(":last"), after + 2 * Batch);
        PlanRows insert;
        QVERIFY2(explain(connection, fixer.batchInsertStatement(false), values, generic, &insert, &error),
                 qPrintable(error));
        QVERIFY2(insert.joinFiltered <= Batch && insert.produced <= limit, qPrintable(insert.describe()));
        qInfo("%s, %s plan: next batch: %s; insert: %s", analysed ? "analysed" : "never analysed",
              generic ? "generic" : "custom", qPrintable(select.describe()), qPrintable(insert.describe()));
    }
    QVERIFY2(control.exec(QStringLiteral("ROLLBACK")), qPrintable(control.lastError().text()));

    // And the whole run does the job.
    OnlineOptions options;
    options.batchSize = 500;
    const FixResult result = fixer.createMissingInBatches(options);
    QVERIFY2(result.ok, qPrintable(result.errorText));
    QCOMPARE(result.created, Users / 2);
    QCOMPARE(result.batches, 4);
}

void TestOnlineFix::missingAfterCountsOnlyUsersBeyondTheLastBatch()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("online_after"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(60, 30, &error), qPrintable(error));
    Site site;
    QVERIFY2(openSite(db, &site, &error), qPrintable(error));
    const QString signUp = QStringLiteral("INSERT INTO auth_user (id, password, is_superuser, username, "
                                          "first_name, last_name, email, is_staff, is_active, date_joined) "
                                          "VALUES (%1, '!', false, 'late%1', '', '', '', false, true, "
                                          "CURRENT_TIMESTAMP)");

    // Between the batches the site signs up one user beyond the keys read so far, whom a later batch
    // covers, and one below them (a key handed out early, committed late), whom no batch looks at again.
    OnlineOptions options;
    options.batchSize = 20;
    bool signedUp = false;
    const FixResult result =
        site.fixer().createMissingInBatches(options, [&](const OnlineProgress &progress) {
            if (progress.batches == 1 && !signedUp)
                signedUp = db.exec(signUp.arg(1000000), &error) && db.exec(signUp.arg(-1), &error);
            return true;
        });
    QVERIFY2(signedUp, qPrintable(error));
    QVERIFY2(result.ok, qPrintable(result.errorText));
    QCOMPARE(result.created, 31);
    QCOMPARE(result.batches, 2);
    QVERIFY(!result.lastUserKey.isNull());

    // The count afterwards looks only beyond the last key the run read, not at the whole table: the user
    // below is left to the next check (a full anti-join afterwards would find it and cost a second count).
    QCOMPARE(site.fixer().missingAfter(result, &error), 0);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(site.fixer().counts(&error).missing, 1);
    // A user who signs up after the run is beyond it, and counted.
    QVERIFY2(db.exec(signUp.arg(2000000), &error), qPrintable(error));
    QCOMPARE(site.fixer().missingAfter(result, &error), 1);
    QCOMPARE(site.fixer().counts(&error).missing, 2);
}

QTEST_GUILESS_MAIN(TestOnlineFix)
#include "tst_onlinefix.moc"
