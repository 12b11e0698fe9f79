// `profile-admin check|fix|schema` as scripts and cron use them: exit codes, JSON, plan, dry run, refusal
// without --yes, errors as one sentence; results judged by the real Django site.
#include "CliRun.h"
#include "TestDatabase.h"

#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {

// The runner the fault suites use too (tests/support/CliRun.h): no terminal (stdin is /dev/null), no display,
// no DATABASE_URL unless given. The short names keep this suite's checks as they read before.
using Run = CliRun::Result;

Run profileAdmin(const QStringList &arguments, const QMap<QString, QString> &environment = {})
{
    return CliRun::run(arguments, environment);
}

// An error is one sentence on one line of stderr, naming the command.
bool isOneSentence(const Run &run, const QByteArray &command)
{
    return run.isOneSentence(QString::fromUtf8(command));
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private slots:
    void mariadbConnecting();
    void checkFixCheck_data() { TestDatabase::addEngineVariantData(); }
    void checkFixCheck();
    void schemaShowsEveryColumn_data() { TestDatabase::addEngineVariantData(); }
    void schemaShowsEveryColumn();
    void databaseUrlFromEnvironment();
    void demoDatabase();
    void badDatabase_data();
    void badDatabase();
    void passwordNeverShown();
    void discoveryErrors_data();
    void discoveryErrors();
    void setOverridesThroughCli_data() { TestDatabase::addEngineData(); }
    void setOverridesThroughCli();
    void helpAndVersion_data();
    void helpAndVersion();
    void checkAndSchemaShowEveryProfileTable_data() { TestDatabase::addEngineData(); }
    void checkAndSchemaShowEveryProfileTable();
    void fixPrimaryThenNamedTables_data() { TestDatabase::addEngineData(); }
    void fixPrimaryThenNamedTables();
    void fixAllIsOneTransaction_data() { TestDatabase::addEngineData(); }
    void fixAllIsOneTransaction();
    void setNamesTheTableWhenSeveral_data() { TestDatabase::addEngineData(); }
    void setNamesTheTableWhenSeveral();
};

namespace {

const QString SettingsTable = QStringLiteral("notifications_notificationsettings");

// A two_profiles site with 20 users: 10 without a profile, 15 without notification settings.
bool seedTwoProfiles(const TestDatabase &db, QString *error)
{
    return db.migrate(error) && db.seed(20, 10, error);
}

qint64 rowsOf(const TestDatabase &db, const QString &table)
{
    return db.queryValue(QStringLiteral("SELECT count(*) FROM %1").arg(table)).toLongLong();
}

} // namespace

void TestCli::checkFixCheck()
{
    QFETCH(QString, engine);
    QFETCH(QString, variant);
    PA_TEST_DATABASE(db, engine, variant, QStringLiteral("cli"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(db.seed(200, 100, &error), qPrintable(error));
    const QString snapshot = db.saveSnapshot(&error);
    QVERIFY2(!snapshot.isEmpty(), qPrintable(error));
    const QString url = db.url();

    Run check = profileAdmin({QStringLiteral("check"), url, QStringLiteral("--json")});
    QVERIFY2(check.exitCode == 1, check.describe());
    QJsonObject counts = check.json();
    QCOMPARE(counts.value(u"users").toInt(), 200);
    QCOMPARE(counts.value(u"missing").toInt(), 100);
    QCOMPARE(counts.value(u"user_table").toString(), db.userTable());
    QCOMPARE(counts.value(u"profile_table").toString(), db.profileTable());
    QCOMPARE(counts.value(u"link_column").toString(), db.linkColumn());
    QVERIFY2(check.err.contains("100 without a profile"), check.describe());

    // --dry-run prints the plan and the SQL and writes nothing.
    const Run dryRun = profileAdmin({QStringLiteral("fix"), url, QStringLiteral("--dry-run")});
    QVERIFY2(dryRun.exitCode == 0, dryRun.describe());
    const QByteArray guard = db.isMariadb() ? "ON DUPLICATE KEY UPDATE" : "ON CONFLICT";
    QVERIFY2(dryRun.out.contains("INSERT INTO") && dryRun.out.contains(guard), dryRun.describe());
    QVERIFY2(dryRun.out.contains("Would create 100 profiles"), dryRun.describe());
    QCOMPARE(db.verify(snapshot).value(u"missing").toInt(), 100);

    // No terminal and no --yes: refuse, write nothing.
    const Run unconfirmed = profileAdmin({QStringLiteral("fix"), url});
    QVERIFY2(unconfirmed.exitCode == 2, unconfirmed.describe());
    QVERIFY2(isOneSentence(unconfirmed, "fix") && unconfirmed.err.contains("--yes"), unconfirmed.describe());
    QCOMPARE(db.verify(snapshot).value(u"missing").toInt(), 100);

    const Run fix =
        profileAdmin({QStringLiteral("fix"), url, QStringLiteral("--yes"), QStringLiteral("--json")});
    QVERIFY2(fix.exitCode == 0, fix.describe());
    const QJsonObject fixed = fix.json();
    QCOMPARE(fixed.value(u"created").toInt(), 100);
    QCOMPARE(fixed.value(u"users").toInt(), 200);
    QCOMPARE(fixed.value(u"missing_after").toInt(), 0);
    QVERIFY(fixed.value(u"seconds").isDouble());
    QVERIFY2(fix.err.contains("Created 100 profiles"), fix.describe());

    const QJsonObject verdict = db.verify(snapshot, &error);
    QVERIFY2(verdict.value(u"ok").toBool(), TestDatabase::dump(verdict).constData());

    const Run again =
        profileAdmin({QStringLiteral("fix"), url, QStringLiteral("--yes"), QStringLiteral("--json")});
    QVERIFY2(again.exitCode == 0, again.describe());
    QCOMPARE(again.json().value(u"created").toInt(), 0);

    check = profileAdmin({QStringLiteral("check"), url});
    QVERIFY2(check.exitCode == 0, check.describe());
    QVERIFY2(check.out.contains("0 without a profile"), check.describe());
}

void TestCli::schemaShowsEveryColumn()
{
    QFETCH(QString, engine);
    QFETCH(QString, variant);
    PA_TEST_DATABASE(db, engine, variant, QStringLiteral("clischema"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    const Run schema = profileAdmin({QStringLiteral("schema"), db.url(), QStringLiteral("--json")});
    QVERIFY2(schema.exitCode == 0, schema.describe());
    const QJsonObject object = schema.json();
    const QJsonArray plan = object.value(u"plan").toArray();
    QCOMPARE(plan.size(), object.value(u"profile_columns").toArray().size());
    QStringList columns;
    for (const auto &entry : plan) {
        const QJsonObject fill = entry.toObject();
        columns << fill.value(u"column").toString();
        QVERIFY2(!fill.value(u"reason").toString().isEmpty(), TestDatabase::dump(fill).constData());
        QVERIFY2(!fill.value(u"value").toString().isEmpty(), TestDatabase::dump(fill).constData());
    }
    if (variant == QLatin1String("custom")) {
        QCOMPARE(columns, (QStringList{QStringLiteral("id"), QStringLiteral("bio"),
                                       QStringLiteral("nickname"), QStringLiteral("newsletter"),
                                       QStringLiteral("karma"), QStringLiteral("preferences"),
                                       QStringLiteral("website"), QStringLiteral("joined_at"),
                                       QStringLiteral("birthday"), QStringLiteral("owner_ref")}));
    }
    // The human form names every column too, on stdout.
    const Run human = profileAdmin({QStringLiteral("schema"), db.url()});
    QVERIFY2(human.exitCode == 0, human.describe());
    for (const QString &column : columns)
        QVERIFY2(human.out.contains(QByteArray("  " + column.toUtf8() + " ")), human.describe());
}

void TestCli::databaseUrlFromEnvironment()
{
    PA_TEST_DATABASE(db, QStringLiteral("sqlite"), QStringLiteral("classic"), QStringLiteral("envurl"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(db.seed(10, 4, &error), qPrintable(error));
    const Run check = profileAdmin({QStringLiteral("check"), QStringLiteral("--json")},
                                   {{QStringLiteral("DATABASE_URL"), db.url()}});
    QVERIFY2(check.exitCode == 1, check.describe());
    QCOMPARE(check.json().value(u"missing").toInt(), 6);

    const Run none = profileAdmin({QStringLiteral("check")});
    QVERIFY2(none.exitCode == 2 && isOneSentence(none, "check"), none.describe());
    QVERIFY2(none.err.contains("DATABASE_URL"), none.describe());
}

void TestCli::demoDatabase()
{
    QTemporaryDir home;
    const QMap<QString, QString> environment{{QStringLiteral("XDG_DATA_HOME"), home.path()},
                                             {QStringLiteral("HOME"), home.path()}};
    const Run check = profileAdmin(
        {QStringLiteral("check"), QStringLiteral("--demo"), QStringLiteral("--json")}, environment);
    QVERIFY2(check.exitCode == 1, check.describe());
    QCOMPARE(check.json().value(u"users").toInt(), 300);
    QCOMPARE(check.json().value(u"missing").toInt(), 60);
    QCOMPARE(check.json().value(u"profile_table").toString(), QStringLiteral("account_profile"));
    QStringList files;
    QDirIterator it(home.path(), {QStringLiteral("*.sqlite3")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    QCOMPARE(files.size(), 1);

    const Run fix = profileAdmin(
        {QStringLiteral("fix"), QStringLiteral("--demo"), QStringLiteral("--yes"), QStringLiteral("--json")},
        environment);
    QVERIFY2(fix.exitCode == 0, fix.describe());
    QCOMPARE(fix.json().value(u"created").toInt(), 60);
    const Run after = profileAdmin({QStringLiteral("check"), QStringLiteral("--demo")}, environment);
    QVERIFY2(after.exitCode == 0, after.describe());
}

void TestCli::badDatabase_data()
{
    QTest::addColumn<QString>("database");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown scheme") << "oracle://u@h/d"
                                    << "Unsupported database scheme";
    QTest::newRow("missing database name") << "postgres://127.0.0.1"
                                           << "names no database";
    QTest::newRow("bad port") << "postgres://127.0.0.1:99999/d"
                              << "port \"99999\"";
    QTest::newRow("missing file") << "@dir@/typo.sqlite3"
                                  << "does not exist";
    QTest::newRow("missing file url") << "sqlite:///@dir@/typo.sqlite3"
                                      << "does not exist";
    QTest::newRow("not sqlite") << "@dir@/notes.txt"
                                << "is not an SQLite database";
    QTest::newRow("empty file") << "@dir@/empty.db"
                                << "is an empty file";
    QTest::newRow("directory") << "@dir@"
                               << "is a directory";
    QTest::newRow("refused port") << "postgres://postgres@127.0.0.1:1/d?connect_timeout=3"
                                  << "Could not open";
}

void TestCli::badDatabase()
{
    QFETCH(QString, database);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    QFile notes(dir.filePath(QStringLiteral("notes.txt")));
    QVERIFY(notes.open(QIODevice::WriteOnly));
    notes.write("not a database, just some notes\n");
    notes.close();
    QFile empty(dir.filePath(QStringLiteral("empty.db")));
    QVERIFY(empty.open(QIODevice::WriteOnly));
    empty.close();
    database.replace(QLatin1String("@dir@"), dir.path());

    for (const QString &command :
         {QStringLiteral("check"), QStringLiteral("fix"), QStringLiteral("schema")}) {
        const Run run = profileAdmin({command, database});
        QVERIFY2(run.exitCode == 2, run.describe());
        QVERIFY2(isOneSentence(run, command.toUtf8()) || run.err.contains("Could not open"), run.describe());
        QVERIFY2(run.err.contains(expected.toUtf8()), run.describe());
        QVERIFY2(run.out.isEmpty(), run.describe());
    }
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("typo.sqlite3"))));
    QCOMPARE(QFileInfo(dir.filePath(QStringLiteral("empty.db"))).size(), 0);

    const Run json = profileAdmin({QStringLiteral("check"), database, QStringLiteral("--json")});
    QVERIFY2(json.exitCode == 2, json.describe());
    QVERIFY2(json.json().value(u"error").toString().contains(expected), json.describe());
}

void TestCli::passwordNeverShown()
{
    const Run run =
        profileAdmin({QStringLiteral("check"),
                      QStringLiteral("postgres://admin:Sup3rSecret@127.0.0.1:1/site?connect_timeout=3")});
    QVERIFY2(run.exitCode == 2, run.describe());
    QVERIFY2(!run.err.contains("Sup3rSecret") && !run.out.contains("Sup3rSecret"), run.describe());
    QVERIFY2(run.err.contains("admin:***@127.0.0.1:1/site"), run.describe());
}

void TestCli::discoveryErrors_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<QString>("setup");
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QString>("expected");
    for (const char *engine : {"sqlite", "postgres"}) {
        const QString e = QLatin1String(engine);
        QTest::addRow("%s no profile table", engine)
            << e << "DROP TABLE account_profile" << QStringList() << "no profile table";
        QTest::addRow("%s unknown override", engine)
            << e << "" << QStringList{QStringLiteral("--profile-table"), QStringLiteral("nope")}
            << "There is no table \"nope\"";
        QTest::addRow("%s not django", engine)
            << e << "DROP TABLE account_profile; DROP TABLE auth_user CASCADE" << QStringList()
            << "does not look like a Django database";
    }
}

void TestCli::discoveryErrors()
{
    QFETCH(QString, engine);
    QFETCH(QString, setup);
    QFETCH(QStringList, options);
    QFETCH(QString, expected);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("clidisc"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    if (!setup.isEmpty()) {
        QStringList statements = setup.split(QStringLiteral("; "));
        if (!db.isPostgres())
            statements.replaceInStrings(QStringLiteral(" CASCADE"), QString());
        // Without auth_user, django_admin_log (which points to it) must go too.
        if (setup.contains(QLatin1String("auth_user")))
            statements.prepend(QStringLiteral("DROP TABLE django_admin_log"));
        QVERIFY2(db.exec(statements, &error), qPrintable(error));
    }
    for (const QString &command :
         {QStringLiteral("check"), QStringLiteral("fix"), QStringLiteral("schema")}) {
        const Run run = profileAdmin(QStringList{command, db.url()} + options);
        QVERIFY2(run.exitCode == 2, run.describe());
        QVERIFY2(isOneSentence(run, command.toUtf8()), run.describe());
        QVERIFY2(run.err.contains(expected.toUtf8()), run.describe());
    }
}

void TestCli::setOverridesThroughCli()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("custom"), QStringLiteral("cliset"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(db.seed(6, 2, &error), qPrintable(error));

    const Run wrongType = profileAdmin({QStringLiteral("fix"), db.url(), QStringLiteral("--yes"),
                                        QStringLiteral("--set"), QStringLiteral("karma=lots")});
    QVERIFY2(wrongType.exitCode == 2 && isOneSentence(wrongType, "fix"), wrongType.describe());
    QVERIFY2(wrongType.err.contains("\"karma\""), wrongType.describe());
    const Run malformed =
        profileAdmin({QStringLiteral("fix"), db.url(), QStringLiteral("--set"), QStringLiteral("karma")});
    QVERIFY2(malformed.exitCode == 2 && malformed.err.contains("COLUMN=VALUE"), malformed.describe());
    QCOMPARE(db.verify().value(u"missing").toInt(), 4);

    const QString nickname = QStringLiteral("O'Brien; --ü");
    const Run fix = profileAdmin({QStringLiteral("fix"), db.url(), QStringLiteral("--yes"),
                                  QStringLiteral("--set"), QStringLiteral("nickname=") + nickname,
                                  QStringLiteral("--set"), QStringLiteral("karma=-3")});
    QVERIFY2(fix.exitCode == 0, fix.describe());
    QCOMPARE(
        db.queryValue(QStringLiteral(
                          "SELECT count(*) FROM members_memberprofile WHERE nickname = '%1' AND karma = -3")
                          .arg(QString(nickname).replace(QLatin1String("'"), QLatin1String("''"))))
            .toInt(),
        4);
    QVERIFY2(db.verify().value(u"ok").toBool(), TestDatabase::dump(db.verify()).constData());
}

void TestCli::helpAndVersion_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("expected");
    QTest::newRow("--help") << QStringList{QStringLiteral("--help")} << "profile-admin check";
    QTest::newRow("--version") << QStringList{QStringLiteral("--version")}
                               << "profile-admin " PROFILE_ADMIN_VERSION;
    QTest::newRow("check --help") << QStringList{QStringLiteral("check"), QStringLiteral("--help")}
                                  << "--json";
    QTest::newRow("fix --help") << QStringList{QStringLiteral("fix"), QStringLiteral("--help")}
                                << "--dry-run";
    QTest::newRow("schema --help") << QStringList{QStringLiteral("schema"), QStringLiteral("--help")}
                                   << "--set";
    QTest::newRow("fix --version") << QStringList{QStringLiteral("fix"), QStringLiteral("--version")}
                                   << PROFILE_ADMIN_VERSION;
    QTest::newRow("--version names the licence") << QStringList{QStringLiteral("--version")} << "MIT License";
    QTest::newRow("check --version names the licence")
        << QStringList{QStringLiteral("check"), QStringLiteral("--version")} << "MIT License";
}

void TestCli::helpAndVersion()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, expected);
    const Run run = profileAdmin(arguments);
    QVERIFY2(run.exitCode == 0, run.describe());
    QVERIFY2(run.out.contains(expected.toUtf8()), run.describe());
    if (arguments.contains(QStringLiteral("--version")))
        QCOMPARE(run.out.split('\n').first(), QByteArray("profile-admin " PROFILE_ADMIN_VERSION));
}

void TestCli::checkAndSchemaShowEveryProfileTable()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("two_profiles"), QStringLiteral("clitwo"));
    QString error;
    QVERIFY2(seedTwoProfiles(db, &error), qPrintable(error));

    const Run check = profileAdmin({QStringLiteral("check"), db.url(), QStringLiteral("--json")});
    QVERIFY2(check.exitCode == 1, check.describe());
    const QJsonObject counts = check.json();
    QCOMPARE(counts.value(u"users").toInt(), 20);
    QCOMPARE(counts.value(u"missing").toInt(), 10);
    QCOMPARE(counts.value(u"profile_table").toString(), QStringLiteral("account_profile"));
    QCOMPARE(counts.value(u"link_column").toString(), QStringLiteral("user_id"));
    const QJsonArray tables = counts.value(u"tables").toArray();
    QCOMPARE(tables.size(), 2);
    QCOMPARE(tables.at(0).toObject().value(u"profile_table").toString(), QStringLiteral("account_profile"));
    QCOMPARE(tables.at(0).toObject().value(u"missing").toInt(), 10);
    QCOMPARE(tables.at(1).toObject().value(u"profile_table").toString(), SettingsTable);
    QCOMPARE(tables.at(1).toObject().value(u"link_column").toString(), QStringLiteral("user_id"));
    QCOMPARE(tables.at(1).toObject().value(u"missing").toInt(), 15);
    QVERIFY2(check.err.contains("20 users in auth_user, 10 without a profile in account_profile.user_id\n"
                                "20 users in auth_user, 15 without a profile in "
                                "notifications_notificationsettings.user_id\n"),
             check.describe());

    const Run schema = profileAdmin({QStringLiteral("schema"), db.url()});
    QVERIFY2(schema.exitCode == 0, schema.describe());
    QVERIFY2(schema.out.contains("profile table: account_profile (primary, of 2 profile tables)"),
             schema.describe());
    QVERIFY2(schema.out.contains("profile table: notifications_notificationsettings (of 2 profile tables)"),
             schema.describe());
    QVERIFY2(schema.out.contains("max_per_day"), schema.describe());
    const Run schemaJson = profileAdmin({QStringLiteral("schema"), db.url(), QStringLiteral("--json")});
    QVERIFY2(schemaJson.exitCode == 0, schemaJson.describe());
    const QJsonObject object = schemaJson.json();
    QCOMPARE(object.value(u"profile_table").toString(), QStringLiteral("account_profile"));
    const QJsonArray listed = object.value(u"tables").toArray();
    QCOMPARE(listed.size(), 2);
    QCOMPARE(listed.at(1).toObject().value(u"profile_table").toString(), SettingsTable);
    QVERIFY(!listed.at(1).toObject().value(u"plan").toArray().isEmpty());

    // Only the second table lacking rows still counts as missing.
    QVERIFY2(
        db.exec(QStringLiteral("INSERT INTO account_profile (user_id, photo) SELECT id, '' FROM auth_user u "
                               "WHERE NOT EXISTS (SELECT 1 FROM account_profile p WHERE p.user_id = u.id)"),
                &error),
        qPrintable(error));
    const Run second = profileAdmin({QStringLiteral("check"), db.url()});
    QVERIFY2(second.exitCode == 1, second.describe());
    QVERIFY2(second.out.contains("0 without a profile in account_profile") &&
                 second.out.contains("15 without a profile in notifications_notificationsettings"),
             second.describe());
}

void TestCli::fixPrimaryThenNamedTables()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("two_profiles"), QStringLiteral("clitwofix"));
    QString error;
    QVERIFY2(seedTwoProfiles(db, &error), qPrintable(error));

    // By default only the primary table is fixed.
    const Run primary =
        profileAdmin({QStringLiteral("fix"), db.url(), QStringLiteral("--yes"), QStringLiteral("--json")});
    QVERIFY2(primary.exitCode == 0, primary.describe());
    QCOMPARE(primary.json().value(u"created").toInt(), 10);
    QCOMPARE(primary.json().value(u"profile_table").toString(), QStringLiteral("account_profile"));
    QCOMPARE(rowsOf(db, QStringLiteral("account_profile")), 20);
    QCOMPARE(rowsOf(db, SettingsTable), 5);
    QJsonObject verdict = db.verify();
    QCOMPARE(verdict.value(u"missing").toInt(), 0);
    QCOMPARE(verdict.value(u"others").toObject().value(SettingsTable).toObject().value(u"missing").toInt(),
             15);
    QVERIFY(!verdict.value(u"ok").toBool());

    // --dry-run with two tables named prints both plans and statements and writes nothing.
    const QStringList both{QStringLiteral("--profile-table"), SettingsTable,
                           QStringLiteral("--profile-table"), QStringLiteral("account_profile")};
    const Run dryRun =
        profileAdmin(QStringList{QStringLiteral("fix"), db.url(), QStringLiteral("--dry-run")} + both);
    QVERIFY2(dryRun.exitCode == 0, dryRun.describe());
    QVERIFY2(dryRun.out.contains("Would create 15 profiles") &&
                 dryRun.out.contains("Would create 0 profiles"),
             dryRun.describe());
    const char quote = db.isMariadb() ? '`' : '"';
    QVERIFY2(dryRun.out.contains(QStringLiteral("notifications_notificationsettings%1 (%1max_per_day%1")
                                     .arg(QLatin1Char(quote))
                                     .toUtf8()) &&
                 dryRun.out.contains(QStringLiteral("account_profile%1 (").arg(QLatin1Char(quote)).toUtf8()),
             dryRun.describe());
    QCOMPARE(rowsOf(db, SettingsTable), 5);

    // --profile-table twice: both tables, in one run.
    const Run named = profileAdmin(
        QStringList{QStringLiteral("fix"), db.url(), QStringLiteral("--yes"), QStringLiteral("--json")} +
        both);
    QVERIFY2(named.exitCode == 0, named.describe());
    const QJsonObject fixed = named.json();
    QCOMPARE(fixed.value(u"created").toInt(), 15);
    const QJsonArray tables = fixed.value(u"tables").toArray();
    QCOMPARE(tables.size(), 2);
    QCOMPARE(tables.at(0).toObject().value(u"profile_table").toString(), SettingsTable);
    QCOMPARE(tables.at(0).toObject().value(u"created").toInt(), 15);
    QCOMPARE(tables.at(1).toObject().value(u"created").toInt(), 0);
    QVERIFY2(named.err.contains("Created 15 profiles (15 in notifications_notificationsettings and 0 in "
                                "account_profile) in one transaction"),
             named.describe());

    // Django's ORM reaches both relations of every user.
    verdict = db.verify();
    QVERIFY2(verdict.value(u"ok").toBool(), TestDatabase::dump(verdict).constData());
    QCOMPARE(verdict.value(u"others").toObject().value(SettingsTable).toObject().value(u"rows").toInt(), 20);

    const Run check = profileAdmin({QStringLiteral("check"), db.url()});
    QVERIFY2(check.exitCode == 0, check.describe());
    const Run nothing =
        profileAdmin({QStringLiteral("fix"), db.url(), QStringLiteral("--all"), QStringLiteral("--yes")});
    QVERIFY2(nothing.exitCode == 0 && nothing.out.contains("in each of the 2 profile tables"),
             nothing.describe());
    const Run conflicting = profileAdmin({QStringLiteral("fix"), db.url(), QStringLiteral("--all"),
                                          QStringLiteral("--profile-table"), SettingsTable});
    QVERIFY2(conflicting.exitCode == 2 && isOneSentence(conflicting, "fix"), conflicting.describe());
}

void TestCli::fixAllIsOneTransaction()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("two_profiles"), QStringLiteral("clitwoall"));
    QString error;
    QVERIFY2(seedTwoProfiles(db, &error), qPrintable(error));
    // The second table refuses the 0 the database rules give max_per_day: its INSERT fails after the first
    // table's profiles were inserted in the same transaction.
    QVERIFY2(db.refuseZeroMaxPerDay(&error), qPrintable(error));

    const Run failed =
        profileAdmin({QStringLiteral("fix"), db.url(), QStringLiteral("--all"), QStringLiteral("--yes")});
    QVERIFY2(failed.exitCode == 2, failed.describe());
    QVERIFY2(isOneSentence(failed, "fix"), failed.describe());
    QVERIFY2(failed.err.contains("notifications_notificationsettings: Creating the missing profiles failed, "
                                 "nothing was written"),
             failed.describe());
    // The first table's profiles were rolled back with the second's.
    QCOMPARE(rowsOf(db, QStringLiteral("account_profile")), 10);
    QCOMPARE(rowsOf(db, SettingsTable), 5);
    QCOMPARE(db.verify().value(u"missing").toInt(), 10);

    const Run fixed =
        profileAdmin({QStringLiteral("fix"), db.url(), QStringLiteral("--all"), QStringLiteral("--yes"),
                      QStringLiteral("--json"), QStringLiteral("--set"),
                      SettingsTable + QStringLiteral(".max_per_day=5")});
    QVERIFY2(fixed.exitCode == 0, fixed.describe());
    QCOMPARE(fixed.json().value(u"created").toInt(), 25);
    QCOMPARE(db.queryValue(QStringLiteral("SELECT count(*) FROM %1 WHERE max_per_day = 5").arg(SettingsTable))
                 .toLongLong(),
             20);
    const QJsonObject verdict = db.verify();
    QVERIFY2(verdict.value(u"ok").toBool(), TestDatabase::dump(verdict).constData());
}

void TestCli::setNamesTheTableWhenSeveral()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("two_profiles"), QStringLiteral("clitwoset"));
    QString error;
    QVERIFY2(seedTwoProfiles(db, &error), qPrintable(error));

    // A bare column is refused when several tables are acted on, and taken when one is.
    const Run bare =
        profileAdmin({QStringLiteral("fix"), db.url(), QStringLiteral("--all"), QStringLiteral("--dry-run"),
                      QStringLiteral("--set"), QStringLiteral("max_per_day=3")});
    QVERIFY2(bare.exitCode == 2 && isOneSentence(bare, "fix") && bare.err.contains("TABLE.max_per_day"),
             bare.describe());
    const Run one =
        profileAdmin({QStringLiteral("fix"), db.url(), QStringLiteral("--profile-table"), SettingsTable,
                      QStringLiteral("--dry-run"), QStringLiteral("--set"), QStringLiteral("max_per_day=3")});
    QVERIFY2(one.exitCode == 0 && QRegularExpression(QStringLiteral("max_per_day +3 "))
                                      .match(QString::fromUtf8(one.out))
                                      .hasMatch(),
             one.describe());
    const Run elsewhere =
        profileAdmin({QStringLiteral("fix"), db.url(), QStringLiteral("--dry-run"), QStringLiteral("--set"),
                      SettingsTable + QStringLiteral(".max_per_day=3")});
    QVERIFY2(elsewhere.exitCode == 2 && elsewhere.err.contains("not acted on"), elsewhere.describe());

    const Run fixed =
        profileAdmin({QStringLiteral("fix"), db.url(), QStringLiteral("--all"), QStringLiteral("--yes"),
                      QStringLiteral("--set"), SettingsTable + QStringLiteral(".max_per_day=3"),
                      QStringLiteral("--set"), QStringLiteral("account_profile.photo=none.jpg")});
    QVERIFY2(fixed.exitCode == 0, fixed.describe());
    QCOMPARE(db.queryValue(QStringLiteral("SELECT count(*) FROM %1 WHERE max_per_day = 3").arg(SettingsTable))
                 .toLongLong(),
             15);
    QCOMPARE(db.queryValue(QStringLiteral("SELECT count(*) FROM account_profile WHERE photo = 'none.jpg'"))
                 .toLongLong(),
             10);
    const QJsonObject verdict = db.verify();
    QVERIFY2(verdict.value(u"ok").toBool(), TestDatabase::dump(verdict).constData());
}

// MySQL URLs as the mysql client reads them: empty parts from ~/.my.cnf's [client] group; a wrong password
// and a port nobody listens on are one sentence each, the password never repeated.
void TestCli::mariadbConnecting()
{
    PA_TEST_DATABASE(db, QStringLiteral("mariadb"), QStringLiteral("classic"), QStringLiteral("mycnf"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(10, 4, &error), qPrintable(error));
    QTemporaryDir home;
    QVERIFY(home.isValid());
    QFile options(home.filePath(QStringLiteral(".my.cnf")));
    QVERIFY(options.open(QIODevice::WriteOnly));
    options.write(QStringLiteral("[mysqld]\nport = 1\n[client]\nhost = 127.0.0.1\nport = %1\nuser = root\n")
                      .arg(TestDatabase::mariadbPort())
                      .toUtf8());
    options.close();
    const Run check = profileAdmin(
        {QStringLiteral("check"), QStringLiteral("mysql:///") + db.databaseName(), QStringLiteral("--json")},
        {{QStringLiteral("HOME"), home.path()}});
    QVERIFY2(check.exitCode == 1, check.describe());
    QCOMPARE(check.json().value(u"missing").toInt(), 6);

    const QString wrong = QStringLiteral("mariadb://root:Wr0ngSecret@127.0.0.1:%1/%2")
                              .arg(TestDatabase::mariadbPort(), db.databaseName());
    const Run refused = profileAdmin({QStringLiteral("check"), wrong});
    QVERIFY2(refused.exitCode == 2 && isOneSentence(refused, "check"), refused.describe());
    QVERIFY2(refused.mentions(QStringLiteral("password")) && !refused.mentions(QStringLiteral("Wr0ngSecret")),
             refused.describe());

    const Run unreachable = profileAdmin(
        {QStringLiteral("check"),
         QStringLiteral("mysql://root@127.0.0.1:1/%1?connect_timeout=3").arg(db.databaseName())});
    QVERIFY2(unreachable.exitCode == 2 && isOneSentence(unreachable, "check"), unreachable.describe());
    QVERIFY2(unreachable.mentions(QStringLiteral("server is running")), unreachable.describe());

    // The test server offers no TLS: ssl-mode=REQUIRED refuses to go on unencrypted (Qt's driver adds a
    // warning line of its own about CLIENT_SSL, the only way it has to ask for TLS without certificates).
    const Run plain = profileAdmin(
        {QStringLiteral("check"), QStringLiteral("mysql://root@127.0.0.1:%1/%2?ssl-mode=REQUIRED")
                                      .arg(TestDatabase::mariadbPort(), db.databaseName())});
    QVERIFY2(plain.exitCode == 2 && plain.mentions(QStringLiteral("the connection is not encrypted")),
             plain.describe());
    QCOMPARE(db.verify().value(u"missing").toInt(), 6);
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
