// MissingProfileFixer against databases made and judged by the real Django site: after the fix-up Django's
// ORM finds no user without a profile, no duplicate, every new profile passes full_clean(), the old ones
// untouched.
#include "Connection.h"
#include "DatabaseSession.h"
#include "FillPlan.h"
#include "MissingProfileFixer.h"
#include "TestDatabase.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <memory>

namespace {

// Everything needed to run the fixer on one test database.
struct Engine
{
    std::unique_ptr<DatabaseSession> session;
    Connection *connection = nullptr;
    ProfileSchema schema;
    FillPlan plan;

    MissingProfileFixer fixer() const { return MissingProfileFixer(connection->database(), schema, plan); }
};

bool openEngine(const TestDatabase &db, Engine *engine, QString *error)
{
    engine->session = std::make_unique<DatabaseSession>(DatabaseUrl::parse(db.url(), error),
                                                        SessionOptions{QStringLiteral("test")});
    if (!engine->session->isReady()) {
        *error = engine->session->errorText();
        return false;
    }
    engine->connection = &engine->session->connection();
    engine->schema = engine->session->schema();
    engine->plan = FillPlan::build(engine->schema, engine->session->engine());
    if (!engine->plan.isValid()) {
        *error = engine->plan.errorText();
        return false;
    }
    return true;
}

qint64 missingCount(const Engine &engine)
{
    QString error;
    const ProfileCounts counts = engine.fixer().counts(&error);
    return error.isEmpty() ? counts.missing : -1;
}

} // namespace

class TestMissingProfileFixer : public QObject
{
    Q_OBJECT

private slots:
    void createsEveryMissingProfile_data() { TestDatabase::addEngineVariantData(); }
    void createsEveryMissingProfile();
    void cancelLeavesDatabaseAsItWas_data() { TestDatabase::addEngineVariantData(); }
    void cancelLeavesDatabaseAsItWas();
    void errorInLaterBatchRollsBackAll_data() { TestDatabase::addEngineVariantData(); }
    void errorInLaterBatchRollsBackAll();
    void createForChosenUsers_data() { TestDatabase::addEngineVariantData(); }
    void createForChosenUsers();
    void setValuesReachTheDatabase_data() { TestDatabase::addEngineVariantData(); }
    void setValuesReachTheDatabase();
    void emptyUserTable_data() { TestDatabase::addEngineVariantData(); }
    void emptyUserTable();
    void previewSqlShowsTheStatement_data() { TestDatabase::addEngineVariantData(); }
    void previewSqlShowsTheStatement();
    void severalTablesInOneTransaction_data() { TestDatabase::addEngineData(); }
    void severalTablesInOneTransaction();
    void collisionOnAnotherUniqueKeyFails_data() { TestDatabase::addEngineData(); }
    void collisionOnAnotherUniqueKeyFails();
    void nonTransactionalTableIsRefused();
    void createForSeveralTablesInOneTransaction_data() { TestDatabase::addEngineData(); }
    void createForSeveralTablesInOneTransaction();
    void missingAfterCountsOnlyUsersBeyondTheRun_data() { TestDatabase::addEngineData(); }
    void missingAfterCountsOnlyUsersBeyondTheRun();
};

void TestMissingProfileFixer::createsEveryMissingProfile()
{
    QFETCH(QString, engine);
    QFETCH(QString, variant);
    PA_TEST_DATABASE(db, engine, variant, QStringLiteral("fix"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(db.seed(200, 100, &error), qPrintable(error));
    const QString snapshot = db.saveSnapshot(&error);
    QVERIFY2(!snapshot.isEmpty(), qPrintable(error));

    Engine e;
    QVERIFY2(openEngine(db, &e, &error), qPrintable(error));
    const ProfileCounts before = e.fixer().counts(&error);
    QCOMPARE(before.users, 200);
    QCOMPARE(before.missing, 100);
    const QVariantList keys = e.fixer().missingUserKeys(-1, &error);
    QCOMPARE(keys.size(), 100);

    // Batches of 37 keys: several statements in one transaction, progress after each.
    QList<qint64> reported;
    const FixResult result = e.fixer().createMissing(
        [&](qint64 done, qint64 total) {
            reported << done;
            return done <= total;
        },
        37);
    QVERIFY2(result.ok, qPrintable(result.errorText));
    QCOMPARE(result.created, 100);
    // 200 keys / 37 per batch; MariaDB's default innodb_autoinc_lock_mode makes the table one statement.
    QCOMPARE(reported.size(), db.isMariadb() ? 1 : 6);
    QCOMPARE(reported.last(), 200);
    QCOMPARE(missingCount(e), 0);

    const QJsonObject verdict = db.verify(snapshot, &error);
    QVERIFY2(verdict.value(u"ok").toBool(), TestDatabase::dump(verdict).constData());
    QCOMPARE(verdict.value(u"users").toInt(), 200);
    QCOMPARE(verdict.value(u"profiles").toInt(), 200);

    // Idempotent: a second run creates nothing and changes nothing.
    const QString afterFirst = db.saveSnapshot(&error);
    const FixResult again = e.fixer().createMissing();
    QVERIFY2(again.ok, qPrintable(again.errorText));
    QCOMPARE(again.created, 0);
    const QJsonObject second = db.verify(afterFirst, &error);
    QVERIFY2(second.value(u"ok").toBool(), TestDatabase::dump(second).constData());
}

void TestMissingProfileFixer::cancelLeavesDatabaseAsItWas()
{
    QFETCH(QString, engine);
    QFETCH(QString, variant);
    PA_TEST_DATABASE(db, engine, variant, QStringLiteral("cancel"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(db.seed(120, 40, &error), qPrintable(error));
    const QString snapshot = db.saveSnapshot(&error);
    Engine e;
    QVERIFY2(openEngine(db, &e, &error), qPrintable(error));

    // Cancelled after the second batch; MariaDB's default innodb_autoinc_lock_mode makes the whole table one
    // statement, so there it is cancelled after that one, before COMMIT.
    const int reportsBeforeCancel = db.isMariadb() ? 1 : 2;
    int batches = 0;
    const FixResult result =
        e.fixer().createMissing([&](qint64, qint64) { return ++batches < reportsBeforeCancel; }, 25);
    QVERIFY(!result.ok);
    QVERIFY(result.cancelled);
    QCOMPARE(result.created, 0);
    QCOMPARE(batches, reportsBeforeCancel);
    QCOMPARE(missingCount(e), 80);
    const QJsonObject verdict = db.verify(snapshot, &error);
    QCOMPARE(verdict.value(u"missing").toInt(), 80);
    QCOMPARE(verdict.value(u"changed").toArray().size(), 0);
}

void TestMissingProfileFixer::errorInLaterBatchRollsBackAll()
{
    QFETCH(QString, engine);
    QFETCH(QString, variant);
    PA_TEST_DATABASE(db, engine, variant, QStringLiteral("rollback"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(db.seed(100, 50, &error), qPrintable(error));
    Engine e;
    QVERIFY2(openEngine(db, &e, &error), qPrintable(error));
    // Users above 80 are refused by the database: the first batches succeed, a later one fails.
    const QString table = e.schema.profileTable.quoted();
    const QString link = quoteIdentifier(e.schema.linkColumn);
    // (MariaDB checks a new CHECK against the rows already there, so it gets a trigger too.)
    const QString refuse =
        db.isPostgres()
            ? QStringLiteral("ALTER TABLE %1 ADD CONSTRAINT refuse_late CHECK (%2 <= 80) NOT VALID")
                  .arg(table, link)
        : db.isMariadb()
            ? QStringLiteral(
                  "CREATE TRIGGER refuse_late BEFORE INSERT ON %1 FOR EACH ROW IF NEW.%2 > 80 THEN "
                  "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refuse_late says no'; END IF")
                  .arg(table, link)
            : QStringLiteral("CREATE TRIGGER refuse_late BEFORE INSERT ON %1 WHEN NEW.%2 > 80 "
                             "BEGIN SELECT RAISE(ABORT, 'refuse_late says no'); END")
                  .arg(table, link);
    QVERIFY2(db.exec(refuse, &error), qPrintable(error));

    const FixResult result = e.fixer().createMissing({}, 20);
    QVERIFY(!result.ok);
    QVERIFY(!result.cancelled);
    QVERIFY2(result.errorText.contains(QLatin1String("refuse_late")), qPrintable(result.errorText));
    QVERIFY2(result.errorText.contains(QLatin1String("nothing was written")), qPrintable(result.errorText));
    QCOMPARE(missingCount(e), 50);
}

void TestMissingProfileFixer::createForChosenUsers()
{
    QFETCH(QString, engine);
    QFETCH(QString, variant);
    PA_TEST_DATABASE(db, engine, variant, QStringLiteral("createfor"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QJsonObject summary;
    QVERIFY2(db.seed(20, 10, &error, &summary), qPrintable(error));
    Engine e;
    QVERIFY2(openEngine(db, &e, &error), qPrintable(error));
    const QVariantList missing = e.fixer().missingUserKeys(-1, &error);
    QCOMPARE(missing.size(), 10);

    // Two users without a profile, one that has one, one that does not exist.
    const QVariant haveOne =
        db.queryValue(QStringLiteral("SELECT min(%1) FROM %2")
                          .arg(quoteIdentifier(e.schema.linkColumn), e.schema.profileTable.quoted()));
    const QVariantList chosen{missing.at(0), missing.at(3), haveOne, 99999};
    const FixResult result = e.fixer().createFor(chosen);
    QVERIFY2(result.ok, qPrintable(result.errorText));
    QCOMPARE(result.created, 2);
    QCOMPARE(result.skipped, 2);
    const QVariantList still = e.fixer().missingUserKeys(-1, &error);
    QCOMPARE(still.size(), 8);
    QVERIFY(!still.contains(missing.at(0)));
    QVERIFY(!still.contains(missing.at(3)));
    const QJsonObject verdict = db.verify(QString(), &error);
    QCOMPARE(verdict.value(u"missing").toInt(), 8);
    QCOMPARE(verdict.value(u"invalid").toArray().size(), 0);
    QCOMPARE(verdict.value(u"duplicates").toInt(), 0);
}

void TestMissingProfileFixer::setValuesReachTheDatabase()
{
    QFETCH(QString, engine);
    QFETCH(QString, variant);
    PA_TEST_DATABASE(db, engine, variant, QStringLiteral("setvalues"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(db.seed(10, 0, &error), qPrintable(error));
    Engine e;
    QVERIFY2(openEngine(db, &e, &error), qPrintable(error));
    // Quotes, a semicolon, SQL comment marks and non-ASCII text arrive exactly as typed, never as SQL.
    const QString tricky = QStringLiteral("Ő'; DROP TABLE x; -- 😀");
    const QString column =
        variant == QLatin1String("classic") ? QStringLiteral("photo") : QStringLiteral("bio");
    QMap<QString, QString> overrides{{column, tricky}};
    if (variant == QLatin1String("custom")) {
        overrides.insert(QStringLiteral("karma"), QStringLiteral("42"));
        overrides.insert(QStringLiteral("newsletter"), QStringLiteral("true"));
        overrides.insert(QStringLiteral("preferences"), QStringLiteral("{\"lang\": \"hu\"}"));
        overrides.insert(QStringLiteral("birthday"), QStringLiteral("2000-02-29"));
    }
    e.plan = FillPlan::build(e.schema, e.connection->database(), overrides);
    QVERIFY2(e.plan.isValid(), qPrintable(e.plan.errorText()));
    const FixResult result = e.fixer().createMissing();
    QVERIFY2(result.ok, qPrintable(result.errorText));
    QCOMPARE(result.created, 10);

    const QJsonObject verdict = db.verify(QString(), &error);
    QVERIFY2(verdict.value(u"ok").toBool(), TestDatabase::dump(verdict).constData());
    const QJsonObject profiles = QJsonDocument::fromJson(db.snapshot(&error)).object();
    QCOMPARE(profiles.size(), 10);
    for (const auto &value : profiles) {
        const QJsonObject row = value.toObject();
        QCOMPARE(row.value(column).toString(), tricky);
        if (variant == QLatin1String("custom")) {
            QCOMPARE(row.value(u"karma").toString(), QStringLiteral("42"));
            QCOMPARE(row.value(u"newsletter").toString(), QStringLiteral("True"));
            QCOMPARE(row.value(u"birthday").toString(), QStringLiteral("2000-02-29"));
            QVERIFY2(row.value(u"preferences").toString().contains(QLatin1String("hu")),
                     qPrintable(row.value(u"preferences").toString()));
        }
    }
}

void TestMissingProfileFixer::emptyUserTable()
{
    QFETCH(QString, engine);
    QFETCH(QString, variant);
    PA_TEST_DATABASE(db, engine, variant, QStringLiteral("empty"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    Engine e;
    QVERIFY2(openEngine(db, &e, &error), qPrintable(error));
    const FixResult result = e.fixer().createMissing();
    QVERIFY2(result.ok, qPrintable(result.errorText));
    QCOMPARE(result.created, 0);
    QCOMPARE(e.fixer().counts(&error).users, 0);
}

void TestMissingProfileFixer::previewSqlShowsTheStatement()
{
    QFETCH(QString, engine);
    QFETCH(QString, variant);
    PA_TEST_DATABASE(db, engine, variant, QStringLiteral("preview"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    Engine e;
    QVERIFY2(openEngine(db, &e, &error), qPrintable(error));
    const QString sql = e.fixer().previewSql();
    const DatabaseEngine &dialect = e.session->engine();
    QVERIFY2(sql.startsWith(QStringLiteral("INSERT INTO ") + dialect.quoteTable(e.schema.profileTable)),
             qPrintable(sql));
    QVERIFY2(sql.contains(QLatin1String("WHERE NOT EXISTS")), qPrintable(sql));
    const QString guard = db.isMariadb()
                              ? QStringLiteral("ON DUPLICATE KEY UPDATE %1 = IF(%1 <=> VALUES(%1), %1, ")
                              : QStringLiteral("ON CONFLICT (%1) DO NOTHING");
    QVERIFY2(sql.contains(guard.arg(dialect.quoteIdentifier(e.schema.linkColumn))), qPrintable(sql));
    QVERIFY2(!sql.contains(QLatin1String("OR IGNORE")) && !sql.contains(QLatin1String("INSERT IGNORE")),
             qPrintable(sql));
    QVERIFY2(!sql.contains(QLatin1String(":v0")) && !sql.contains(QLatin1String(":lo")), qPrintable(sql));
}

// Every table of a two_profiles site in one transaction: progress runs across the tables, a cancel in the
// second table and a failure in it roll back the first table's profiles too.
void TestMissingProfileFixer::severalTablesInOneTransaction()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("two_profiles"), QStringLiteral("together"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(40, 20, &error), qPrintable(error));
    DatabaseSession session(DatabaseUrl::parse(db.url(), &error), SessionOptions{QStringLiteral("test")});
    QVERIFY2(session.isReady(), qPrintable(session.errorText()));
    QCOMPARE(session.profiles().size(), 2);
    QList<MissingProfileFixer> fixers;
    for (const ProfileSchema &schema : session.profiles())
        fixers.append(
            MissingProfileFixer(session.database(), schema, FillPlan::build(schema, session.engine())));
    const auto rows = [&db](const char *table) {
        return db.queryValue(QStringLiteral("SELECT count(*) FROM %1").arg(QLatin1String(table)))
            .toLongLong();
    };

    // Cancel once the second table has started: nothing of either table stays.
    QList<qint64> reports;
    FixResult cancelled = MissingProfileFixer::createMissingTogether(
        fixers,
        [&reports](qint64 done, qint64 total) {
            reports << done;
            return done * 2 <= total;
        },
        10);
    QVERIFY(cancelled.cancelled);
    QCOMPARE(rows("account_profile"), 20);
    QCOMPARE(rows("notifications_notificationsettings"), 10);

    // A failure in the second table rolls back the first.
    QVERIFY2(db.refuseZeroMaxPerDay(&error), qPrintable(error));
    const FixResult failed = MissingProfileFixer::createMissingTogether(fixers, {}, 10);
    QVERIFY(!failed.ok && !failed.cancelled);
    QVERIFY2(failed.errorText.startsWith(QLatin1String("notifications_notificationsettings: ")) &&
                 failed.errorText.contains(QLatin1String("nothing was written")),
             qPrintable(failed.errorText));
    QCOMPARE(rows("account_profile"), 20);
    QCOMPARE(rows("notifications_notificationsettings"), 10);

    // Without the obstacle: both tables, progress over both, counts per table.
    QVERIFY2(db.allowZeroMaxPerDay(&error), qPrintable(error));
    reports.clear();
    qint64 lastTotal = 0;
    const FixResult done = MissingProfileFixer::createMissingTogether(
        fixers,
        [&](qint64 scanned, qint64 total) {
            reports << scanned;
            lastTotal = total;
            return true;
        },
        10);
    QVERIFY2(done.ok, qPrintable(done.errorText));
    QCOMPARE(done.created, 50);
    QCOMPARE(done.createdByTable, (QList<qint64>{20, 30}));
    QCOMPARE(lastTotal, 80);
    // (On MariaDB, one statement per table: innodb_autoinc_lock_mode is 1 there.)
    QCOMPARE(reports,
             db.isMariadb() ? (QList<qint64>{40, 80}) : (QList<qint64>{10, 20, 30, 40, 50, 60, 70, 80}));
    const QJsonObject verdict = db.verify();
    QVERIFY2(verdict.value(u"ok").toBool(), TestDatabase::dump(verdict).constData());
}

// A new profile that collides with an existing one on a unique column other than the link is an error that
// writes nothing, on every engine: MySQL's ON DUPLICATE KEY UPDATE fires on it too, and its guard must raise
// an error rather than skip the row.
void TestMissingProfileFixer::collisionOnAnotherUniqueKeyFails()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("collision"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(db.seed(30, 0, &error), qPrintable(error));
    QVERIFY2(db.exec(QStringLiteral("CREATE UNIQUE INDEX same_photo ON account_profile (photo)"), &error),
             qPrintable(error));
    Engine e;
    QVERIFY2(openEngine(db, &e, &error), qPrintable(error));
    // Every new profile gets photo = '': the second one collides with the first.
    const FixResult result = e.fixer().createMissing({}, 10);
    QVERIFY(!result.ok);
    QVERIFY(!result.cancelled);
    QVERIFY2(result.errorText.contains(QLatin1String("nothing was written")), qPrintable(result.errorText));
    QCOMPARE(db.queryValue(QStringLiteral("SELECT count(*) FROM account_profile")).toLongLong(), 0);
    QCOMPARE(missingCount(e), 30);

    const FixResult chosen = e.fixer().createFor(e.fixer().missingUserKeys(3, &error));
    QVERIFY(!chosen.ok);
    QVERIFY2(chosen.errorText.contains(QLatin1String("nothing was written")), qPrintable(chosen.errorText));
    QCOMPARE(db.queryValue(QStringLiteral("SELECT count(*) FROM account_profile")).toLongLong(), 0);
}

// MyISAM cannot roll back: the engine refuses to write there before anything is written.
void TestMissingProfileFixer::nonTransactionalTableIsRefused()
{
    PA_TEST_DATABASE(db, QStringLiteral("mariadb"), QStringLiteral("classic"), QStringLiteral("myisam"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(db.seed(10, 5, &error), qPrintable(error));
    Engine e;
    QVERIFY2(openEngine(db, &e, &error), qPrintable(error));
    QVERIFY2(e.session->writeAccess().createProblem().isEmpty(),
             qPrintable(e.session->writeAccess().createProblem()));
    const QString foreignKey =
        db.queryValue(QStringLiteral("SELECT CONSTRAINT_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS "
                                     "WHERE CONSTRAINT_SCHEMA = "
                                     "DATABASE() AND TABLE_NAME = 'account_profile'"))
            .toString();
    QVERIFY(!foreignKey.isEmpty());
    QVERIFY2(db.exec({QStringLiteral("ALTER TABLE account_profile DROP FOREIGN KEY \"%1\"").arg(foreignKey),
                      QStringLiteral("ALTER TABLE account_profile ENGINE=MyISAM")},
                     &error),
             qPrintable(error));
    const DatabaseEngine::WriteProblems problems =
        e.session->engine().writeProblems(e.connection->database(), e.schema);
    QVERIFY2(problems.create.contains(QLatin1String("MyISAM")) &&
                 problems.create.contains(QLatin1String("cannot roll back")),
             qPrintable(problems.create));
    QVERIFY2(problems.edit.contains(QLatin1String("MyISAM")), qPrintable(problems.edit));
}

// Chosen users of a two_profiles site get the profile of every table they lack in one transaction: users
// lacking both get both, a user with one gets the other, nobody else is touched, and a refusal in the second
// table rolls back the first.
void TestMissingProfileFixer::createForSeveralTablesInOneTransaction()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("two_profiles"), QStringLiteral("for_together"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(40, 20, &error), qPrintable(error));
    DatabaseSession session(DatabaseUrl::parse(db.url(), &error), SessionOptions{QStringLiteral("test")});
    QVERIFY2(session.isReady(), qPrintable(session.errorText()));
    QCOMPARE(session.profiles().size(), 2);
    QCOMPARE(session.profiles().at(0).profileTable.name, QStringLiteral("account_profile"));
    QList<MissingProfileFixer> fixers;
    for (const ProfileSchema &schema : session.profiles())
        fixers.append(
            MissingProfileFixer(session.database(), schema, FillPlan::build(schema, session.engine())));
    const auto value = [&db](const QString &sql) {
        return db.queryValue(sql).toLongLong();
    };
    const QString lacksBoth = QStringLiteral(
        "SELECT min(id) FROM auth_user u WHERE id > %1 "
        "AND NOT EXISTS (SELECT 1 FROM account_profile p WHERE p.user_id = u.id) "
        "AND NOT EXISTS (SELECT 1 FROM notifications_notificationsettings n WHERE n.user_id = u.id)");
    const qint64 first = value(lacksBoth.arg(0));
    const qint64 second = value(lacksBoth.arg(first));
    const qint64 withProfileOnly =
        value(QStringLiteral("SELECT min(id) FROM auth_user u WHERE "
                             "EXISTS (SELECT 1 FROM account_profile p WHERE p.user_id = u.id) AND NOT EXISTS "
                             "(SELECT 1 FROM notifications_notificationsettings n WHERE n.user_id = u.id)"));
    QVERIFY(first > 0 && second > first && withProfileOnly > 0);
    const QVariantList keys{first, second, withProfileOnly};
    const QString keyList = QStringLiteral("%1, %2, %3").arg(first).arg(second).arg(withProfileOnly);
    const auto rowsFor = [&](const char *table) {
        return value(QStringLiteral("SELECT count(*) FROM %1 WHERE user_id IN (%2)")
                         .arg(QLatin1String(table), keyList));
    };
    const auto rows = [&](const char *table) {
        return value(QStringLiteral("SELECT count(*) FROM %1").arg(QLatin1String(table)));
    };

    // A refusal in the second table rolls back what the first one got.
    QVERIFY2(db.refuseZeroMaxPerDay(&error), qPrintable(error));
    const FixResult failed = MissingProfileFixer::createForTogether(fixers, keys);
    QVERIFY(!failed.ok && !failed.cancelled);
    QVERIFY2(failed.errorText.startsWith(QLatin1String("notifications_notificationsettings: ")) &&
                 failed.errorText.contains(QLatin1String("nothing was written")),
             qPrintable(failed.errorText));
    QCOMPARE(rowsFor("account_profile"), 1);
    QCOMPARE(rowsFor("notifications_notificationsettings"), 0);
    QCOMPARE(rows("account_profile"), 20);
    QCOMPARE(rows("notifications_notificationsettings"), 10);

    // Without the obstacle: every chosen user has both, per-table counts, nobody else touched.
    QVERIFY2(db.allowZeroMaxPerDay(&error), qPrintable(error));
    const FixResult done = MissingProfileFixer::createForTogether(fixers, keys);
    QVERIFY2(done.ok, qPrintable(done.errorText));
    QCOMPARE(done.created, 5);
    QCOMPARE(done.createdByTable, (QList<qint64>{2, 3}));
    QCOMPARE(done.skippedByTable, (QList<qint64>{1, 0}));
    QCOMPARE(done.skipped, 1);
    QCOMPARE(rowsFor("account_profile"), 3);
    QCOMPARE(rowsFor("notifications_notificationsettings"), 3);
    QCOMPARE(rows("account_profile"), 22);
    QCOMPARE(rows("notifications_notificationsettings"), 13);

    // Again: nothing left to create, every user counted as having both.
    const FixResult again = MissingProfileFixer::createForTogether(fixers, keys);
    QVERIFY2(again.ok, qPrintable(again.errorText));
    QCOMPARE(again.createdByTable, (QList<qint64>{0, 0}));
    QCOMPARE(again.skippedByTable, (QList<qint64>{3, 3}));
    // Django's ORM reads every new row, and counts the other users still missing what they missed.
    const QJsonObject verdict = db.verify();
    QCOMPARE(verdict.value(u"missing").toInt(), 18);
    QCOMPARE(verdict.value(u"duplicates").toInt(), 0);
    QCOMPARE(verdict.value(u"invalid_count").toInt(), 0);
    const QJsonObject settings =
        verdict.value(u"others").toObject().value(u"notifications_notificationsettings").toObject();
    QCOMPARE(settings.value(u"missing").toInt(), 27);
    QCOMPARE(settings.value(u"access_errors_count").toInt(), 27);
}

void TestMissingProfileFixer::missingAfterCountsOnlyUsersBeyondTheRun()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("late_users"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(60, 30, &error), qPrintable(error));
    Engine e;
    QVERIFY2(openEngine(db, &e, &error), qPrintable(error));
    const QString signUp = QStringLiteral("INSERT INTO auth_user (id, password, is_superuser, username, "
                                          "first_name, last_name, email, is_staff, "
                                          "is_active, date_joined) VALUES (%1, '!', false, 'late%2', '', '', "
                                          "'', false, true, CURRENT_TIMESTAMP)");
    const auto signUpBoth = [&] {
        // One user beyond the keys the run read, one below them (a key handed out early, committed late).
        return db.exec(signUp.arg(1000000).arg(1), &error) && db.exec(signUp.arg(-1).arg(2), &error);
    };

    // On a server the site signs both up on another connection while the run is between batches; SQLite's
    // write lock keeps every other writer out until COMMIT, so there they arrive right after it.
    bool signedUp = false;
    const FixResult result = e.fixer().createMissing(
        [&](qint64, qint64) {
            if (!signedUp && engine != QLatin1String("sqlite"))
                signedUp = signUpBoth();
            return true;
        },
        20);
    QVERIFY2(result.ok, qPrintable(result.errorText));
    QCOMPARE(result.created, 30);
    if (engine == QLatin1String("sqlite"))
        signedUp = signUpBoth();
    QVERIFY2(signedUp, qPrintable(error));

    // The report counts again only beyond the run's last key, not the whole table: the user below the range
    // is left to the next check (the full anti-join afterwards cost as much as the run's INSERT).
    QCOMPARE(e.fixer().missingAfter(result, &error), 1);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(missingCount(e), 2);

    // The next run gives both a profile and covers them, so nothing is left beyond it.
    const FixResult again = e.fixer().createMissing();
    QVERIFY2(again.ok, qPrintable(again.errorText));
    QCOMPARE(again.created, 2);
    QCOMPARE(e.fixer().missingAfter(again, &error), 0);
    QCOMPARE(missingCount(e), 0);
}

QTEST_GUILESS_MAIN(TestMissingProfileFixer)
#include "tst_missingprofilefixer.moc"
