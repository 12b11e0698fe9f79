// `profile-admin fix --batch-commit N` as scripts use it: the options checked as usage errors, the dry run's
// plan, committed batches reported in the text and the JSON, every table in turn with --all, and the note
// that engines without replicas to watch give; results judged by the real Django site.
#include "CliRun.h"
#include "TestDatabase.h"

#include <QJsonArray>
#include <QTest>

namespace {

qint64 rowsOf(const TestDatabase &db, const QString &table)
{
    return db.queryValue(QStringLiteral("SELECT count(*) FROM %1").arg(table)).toLongLong();
}

} // namespace

class TestCliOnline : public QObject
{
    Q_OBJECT

private slots:
    void refusedCombinations_data();
    void refusedCombinations();
    void dryRunSaysWhatItWouldDo();
    void fixInCommittedBatches_data() { TestDatabase::addEngineData(); }
    void fixInCommittedBatches();
    void allTablesOneAfterAnother_data() { TestDatabase::addEngineData(); }
    void allTablesOneAfterAnother();
    void countsAfterwardsOnlyBeyondTheRun();
};

void TestCliOnline::refusedCombinations_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QString>("message");
    QTest::newRow("--sql") << QStringList{QStringLiteral("--batch-commit"), QStringLiteral("10"),
                                          QStringLiteral("--sql"), QStringLiteral("fix.sql")}
                           << "--sql writes one transaction; it does not go with --batch-commit";
    QTest::newRow("--via-django") << QStringList{QStringLiteral("--batch-commit"), QStringLiteral("10"),
                                                 QStringLiteral("--via-django")}
                                  << "it does not go with --batch-commit";
    QTest::newRow("zero") << QStringList{QStringLiteral("--batch-commit"), QStringLiteral("0")}
                          << "--batch-commit needs a whole number of profiles above 0, not '0'";
    QTest::newRow("lag without batches")
        << QStringList{QStringLiteral("--max-replica-lag"), QStringLiteral("5")} << "give --batch-commit N";
    QTest::newRow("negative lag") << QStringList{QStringLiteral("--batch-commit"), QStringLiteral("10"),
                                                 QStringLiteral("--max-replica-lag"), QStringLiteral("-1")}
                                  << "--max-replica-lag needs a number of seconds, 0 or more, not '-1'";
    QTest::newRow("zero rate") << QStringList{QStringLiteral("--batch-commit"), QStringLiteral("10"),
                                              QStringLiteral("--max-rate"), QStringLiteral("0")}
                               << "--max-rate needs a number of profiles per second above 0, not '0'";
}

void TestCliOnline::refusedCombinations()
{
    QFETCH(QStringList, options);
    QFETCH(QString, message);
    PA_TEST_DATABASE(db, QStringLiteral("sqlite"), QStringLiteral("classic"),
                     QStringLiteral("online_refused"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(20, 10, &error), qPrintable(error));
    const CliRun::Result run =
        CliRun::run(QStringList{QStringLiteral("fix"), db.url(), QStringLiteral("--yes")} + options);
    QVERIFY2(run.exitCode == 2, run.describe());
    QVERIFY2(run.err.contains(message.toUtf8()), run.describe());
    QVERIFY2(run.err.contains("Try 'profile-admin fix --help'."), run.describe());
    QCOMPARE(rowsOf(db, db.profileTable()), 10);
}

void TestCliOnline::dryRunSaysWhatItWouldDo()
{
    PA_TEST_DATABASE(db, QStringLiteral("sqlite"), QStringLiteral("classic"), QStringLiteral("online_dry"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(200, 100, &error), qPrintable(error));
    const CliRun::Result run = CliRun::run({QStringLiteral("fix"), db.url(), QStringLiteral("--dry-run"),
                                            QStringLiteral("--batch-commit"), QStringLiteral("30"),
                                            QStringLiteral("--max-replica-lag"), QStringLiteral("5"),
                                            QStringLiteral("--max-rate"), QStringLiteral("1000")});
    QVERIFY2(run.exitCode == 0, run.describe());
    QVERIFY2(run.out.contains("Would create 100 profiles (dry run, nothing written)"), run.describe());
    QVERIFY2(
        run.out.contains("Online mode: would commit every 30 profiles (4 transactions), waiting before a "
                         "batch while a streaming replica's replay lag is above 5 s and keeping to 1000 "
                         "profiles/s"),
        run.describe());
    QCOMPARE(rowsOf(db, db.profileTable()), 100);
}

void TestCliOnline::fixInCommittedBatches()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("online_cli"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(200, 100, &error), qPrintable(error));
    const QString snapshot = db.saveSnapshot(&error);
    QVERIFY2(!snapshot.isEmpty(), qPrintable(error));

    const CliRun::Result run =
        CliRun::run({QStringLiteral("fix"), db.url(), QStringLiteral("--yes"), QStringLiteral("--json"),
                     QStringLiteral("--batch-commit"), QStringLiteral("30"),
                     QStringLiteral("--max-replica-lag"), QStringLiteral("5")});
    QVERIFY2(run.exitCode == 0, run.describe());
    const QJsonObject json = run.json();
    QCOMPARE(json.value(u"created").toInt(), 100);
    QCOMPARE(json.value(u"committed_batches").toInt(), 4);
    QCOMPARE(json.value(u"batch_commit").toInt(), 30);
    QCOMPARE(json.value(u"missing_after").toInt(), 0);
    QVERIFY2(run.err.contains(QByteArray("Created 100 profiles in " + db.profileTable().toUtf8() +
                                         " in 4 committed batches")),
             run.describe());
    // Only PostgreSQL has replicas to watch; elsewhere the run says the lag limit does nothing.
    QCOMPARE(run.err.contains("replica lag is not watched on this engine"),
             engine != QLatin1String("postgres"));
    const QJsonObject verdict = db.verify(snapshot, &error);
    QVERIFY2(verdict.value(u"ok").toBool(), TestDatabase::dump(verdict).constData());
    QCOMPARE(verdict.value(u"missing").toInt(), 0);
}

void TestCliOnline::allTablesOneAfterAnother()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("two_profiles"), QStringLiteral("online_all"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(20, 10, &error), qPrintable(error));
    const QString snapshot = db.saveSnapshot(&error);
    QVERIFY2(!snapshot.isEmpty(), qPrintable(error));
    const CliRun::Result run =
        CliRun::run({QStringLiteral("fix"), db.url(), QStringLiteral("--yes"), QStringLiteral("--json"),
                     QStringLiteral("--all"), QStringLiteral("--batch-commit"), QStringLiteral("4")});
    QVERIFY2(run.exitCode == 0, run.describe());
    const QJsonObject json = run.json();
    const QJsonArray tables = json.value(u"tables").toArray();
    QCOMPARE(tables.size(), 2);
    qint64 created = 0;
    qint64 batches = 0;
    for (const QJsonValue table : tables) {
        const qint64 made = table.toObject().value(u"created").toInteger();
        QCOMPARE(made, table.toObject().value(u"missing_before").toInteger());
        QCOMPARE(table.toObject().value(u"missing_after").toInteger(), 0);
        created += made;
        batches += (made + 3) / 4;
    }
    QCOMPARE(json.value(u"created").toInteger(), created);
    QCOMPARE(json.value(u"committed_batches").toInteger(), batches);
    const QJsonObject verdict = db.verify(snapshot, &error);
    QVERIFY2(verdict.value(u"ok").toBool(), TestDatabase::dump(verdict).constData());
}

void TestCliOnline::countsAfterwardsOnlyBeyondTheRun()
{
    PA_TEST_DATABASE(db, QStringLiteral("sqlite"), QStringLiteral("classic"), QStringLiteral("online_after"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(60, 30, &error), qPrintable(error));
    // During the second batch the site signs up a user with a key below the ones the run has read (handed out
    // early, committed late): no batch looks there again.
    QVERIFY2(
        db.exec(QStringLiteral("CREATE TRIGGER late_sign_up AFTER INSERT ON account_profile "
                               "WHEN (SELECT count(*) FROM account_profile) > 40 BEGIN "
                               "INSERT INTO auth_user (id, password, is_superuser, username, first_name, "
                               "last_name, email, is_staff, is_active, date_joined) SELECT -1, '!', 0, "
                               "'late', '', '', '', 0, 1, CURRENT_TIMESTAMP "
                               "WHERE NOT EXISTS (SELECT 1 FROM auth_user WHERE id = -1); END"),
                &error),
        qPrintable(error));
    const QStringList fix{QStringLiteral("fix"),
                          db.url(),
                          QStringLiteral("--yes"),
                          QStringLiteral("--json"),
                          QStringLiteral("--batch-commit"),
                          QStringLiteral("10")};
    const CliRun::Result run = CliRun::run(fix);
    QVERIFY2(run.exitCode == 0, run.describe());
    QCOMPARE(run.json().value(u"created").toInt(), 30);
    QCOMPARE(run.json().value(u"missing_before").toInt(), 30);
    // Counted once: afterwards only beyond the run's last key, where nobody lacks a profile. A second full
    // count would find the late user, as check does.
    QCOMPARE(run.json().value(u"missing_after").toInt(), 0);
    const CliRun::Result check = CliRun::run({QStringLiteral("check"), db.url(), QStringLiteral("--json")});
    QCOMPARE(check.json().value(u"missing").toInt(), 1);

    // The next fix finds the late user.
    QVERIFY2(db.exec(QStringLiteral("DROP TRIGGER late_sign_up"), &error), qPrintable(error));
    const CliRun::Result again = CliRun::run(fix);
    QVERIFY2(again.exitCode == 0, again.describe());
    QCOMPARE(again.json().value(u"created").toInt(), 1);
    QCOMPARE(rowsOf(db, db.profileTable()), 61);
    const QJsonObject verdict = db.verify(QString(), &error);
    QVERIFY2(verdict.value(u"ok").toBool(), TestDatabase::dump(verdict).constData());
}

QTEST_GUILESS_MAIN(TestCliOnline)
#include "tst_clionline.moc"
