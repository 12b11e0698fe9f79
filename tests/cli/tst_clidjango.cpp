// Django-aware mode end to end: the real binary given the test site's own manage.py (--django) and Python
// (--python). The connection comes from the site's settings, the plan from its models; SQL mode and
// --via-django each leave every user with both profiles holding the model's values, judged by the site's ORM;
// a broken settings module is reported with the end of Python's traceback; the password is never shown.
#include "CliRun.h"
#include "TestDatabase.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include <csignal>

namespace {

using Run = CliRun::Result;

const QString SettingsTable = QStringLiteral("notifications_notificationsettings");
// Passed to the site as its database password: PostgreSQL's test cluster trusts every local connection, so
// the password reaches libpq and is ignored by the server; MariaDB's site user is refused without it. It
// must appear in no output.
const QString Password = QStringLiteral("pw-Zq81-never-shown");

QString python()
{
    const QString custom = qEnvironmentVariable("PA_TEST_PYTHON");
    return custom.isEmpty() ? QStringLiteral("/usr/bin/python3") : custom;
}

QStringList djangoArguments()
{
    return {QStringLiteral("--django"),
            TestDatabase::sourceDir() + QStringLiteral("/tests/django_site/manage.py"),
            QStringLiteral("--python"), python()};
}

// The MariaDB user the site connects as: the test server's root has no password, this one needs one.
const QString MariadbUser = QStringLiteral("pa_site_user");

// The site's settings for `db` (tests/django_site/site_config/settings.py reads them), with a password.
QMap<QString, QString> siteEnvironment(const TestDatabase &db)
{
    QMap<QString, QString> environment = db.siteEnvironment();
    if (db.isPostgres() || db.isMariadb())
        environment.insert(QStringLiteral("PA_PG_PASSWORD"), Password);
    if (db.isMariadb())
        environment.insert(QStringLiteral("PA_PG_USER"), MariadbUser);
    return environment;
}

// On MariaDB, makes the site's user, who is refused without the password; elsewhere nothing to do.
bool createSiteUser(const TestDatabase &db, QString *error)
{
    if (!db.isMariadb())
        return true;
    return db.exec(
        {QStringLiteral("CREATE USER IF NOT EXISTS '%1'@'%' IDENTIFIED BY '%2'").arg(MariadbUser, Password),
         QStringLiteral("ALTER USER '%1'@'%' IDENTIFIED BY '%2'").arg(MariadbUser, Password),
         QStringLiteral("GRANT ALL ON *.* TO '%1'@'%'").arg(MariadbUser)},
        error);
}

Run profileAdmin(const TestDatabase &db, const QStringList &arguments)
{
    const Run run = CliRun::run(arguments + djangoArguments(), siteEnvironment(db));
    return run;
}

bool showsPassword(const Run &run)
{
    return run.mentions(Password);
}

qint64 valueOf(const TestDatabase &db, const QString &sql)
{
    QString error;
    const QVariant value = db.queryValue(sql, &error);
    return value.isValid() ? value.toLongLong() : -1;
}

// Every user has a row in both tables, by the ORM, and the settings rows hold the model's values.
void verifyBothTables(const TestDatabase &db, const QString &digest)
{
    const QJsonObject verdict = db.verify();
    QVERIFY2(verdict.value(u"ok").toBool(), TestDatabase::dump(verdict).constData());
    QCOMPARE(verdict.value(u"others").toObject().value(SettingsTable).toObject().value(u"rows").toInt(), 20);
    QCOMPARE(valueOf(db, QStringLiteral("SELECT count(*) FROM %1 WHERE max_per_day = 5").arg(SettingsTable)),
             20);
    QCOMPARE(
        valueOf(db, QStringLiteral("SELECT count(*) FROM %1 WHERE digest = '%2'").arg(SettingsTable, digest)),
        20);
    QCOMPARE(
        valueOf(db, QStringLiteral("SELECT count(*) FROM %1 WHERE updated_at IS NULL").arg(SettingsTable)),
        0);
}

} // namespace

class TestCliDjango : public QObject
{
    Q_OBJECT

private slots:
    void schemaShowsModelValuesAndRefusesSql_data() { TestDatabase::addEngineData(); }
    void schemaShowsModelValuesAndRefusesSql();
    void sqlModeWithSetFillsBothTables_data() { TestDatabase::addEngineData(); }
    void sqlModeWithSetFillsBothTables();
    void viaDjangoRunsSaveAndSignals_data() { TestDatabase::addEngineData(); }
    void viaDjangoRunsSaveAndSignals();
    void killedViaDjangoWritesNothing_data() { TestDatabase::addEngineData(); }
    void killedViaDjangoWritesNothing();
    void brokenSettingsShowTraceback();
    void viaDjangoNeedsProject();
};

void TestCliDjango::schemaShowsModelValuesAndRefusesSql()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("two_profiles"), QStringLiteral("djschema"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(20, 10, &error) && createSiteUser(db, &error), qPrintable(error));

    // No DATABASE: the connection is the site's own.
    const Run schema = profileAdmin(db, {QStringLiteral("schema")});
    QVERIFY2(schema.exitCode == 0, schema.describe());
    QVERIFY2(schema.out.contains("from the model: default 5"), schema.describe());
    QVERIFY2(schema.out.contains("from the model: default 'weekly'"), schema.describe());
    QVERIFY2(schema.out.contains("from the model: default django.utils.timezone.now()"), schema.describe());
    QVERIFY2(schema.out.contains("notifications.models.new_unsubscribe_token(), which cannot be mapped"),
             schema.describe());
    QVERIFY2(schema.out.contains("--via-django"), schema.describe());
    QVERIFY(!showsPassword(schema));
    // The site's MySQL OPTIONS that a mysql:// URL cannot carry are named, beside those it can.
    if (db.isMariadb())
        QVERIFY2(
            schema.err.contains("OPTIONS charset, init_command are not passed on (profile-admin passes on "
                                "unix_socket, connect_timeout and ssl_mode)"),
            schema.describe());

    const Run json = profileAdmin(db, {QStringLiteral("schema"), QStringLiteral("--json")});
    QVERIFY2(json.exitCode == 0, json.describe());
    QVERIFY(!showsPassword(json));
    const QJsonArray tables = json.json().value(u"tables").toArray();
    QCOMPARE(tables.size(), 2);
    const QJsonObject settings = tables.at(1).toObject();
    QCOMPARE(settings.value(u"profile_table").toString(), SettingsTable);
    QVERIFY(settings.contains(u"needs_django"));
    for (const QJsonValue &column : settings.value(u"plan").toArray()) {
        const QJsonObject object = column.toObject();
        if (object.value(u"column").toString() == QLatin1String("unsubscribe_token"))
            QCOMPARE(object.value(u"kind").toString(), QStringLiteral("model-only"));
        if (object.value(u"column").toString() == QLatin1String("max_per_day"))
            QCOMPARE(object.value(u"value").toString(), QStringLiteral("5"));
    }

    // check works from the project as well, and names no password either.
    const Run check = profileAdmin(db, {QStringLiteral("check"), QStringLiteral("--json")});
    QVERIFY2(check.exitCode == 1, check.describe());
    QCOMPARE(check.json().value(u"missing").toInt(), 10);
    QVERIFY(!showsPassword(check));

    // fix in SQL mode refuses what only the model's Python can fill, and writes nothing.
    const QString snapshot = db.saveSnapshot(&error);
    QVERIFY2(!snapshot.isEmpty(), qPrintable(error));

    const Run fix =
        profileAdmin(db, {QStringLiteral("fix"), QStringLiteral("--all"), QStringLiteral("--yes")});
    QCOMPARE(fix.exitCode, 2);
    QVERIFY2(fix.err.contains("--via-django") && fix.err.contains("--set"), fix.describe());
    QVERIFY2(fix.err.contains("unsubscribe_token"), fix.describe());
    QVERIFY(!showsPassword(fix));
    QCOMPARE(valueOf(db, QStringLiteral("SELECT count(*) FROM %1").arg(SettingsTable)), 5);
    QCOMPARE(db.verify(snapshot).value(u"changed_count").toInt(), 0);
    QCOMPARE(db.verify().value(u"missing").toInt(), 10);

    // A server that cannot be reached: the error names the connection, never its password.
    if (db.isPostgres() || db.isMariadb()) {
        QMap<QString, QString> unreachable = siteEnvironment(db);
        unreachable.insert(QStringLiteral("PA_PG_PORT"), QStringLiteral("1"));
        const Run refused =
            CliRun::run(QStringList{QStringLiteral("check")} + djangoArguments(), unreachable);
        QCOMPARE(refused.exitCode, 2);
        QVERIFY(!showsPassword(refused));
    }
    if (db.isMariadb()) {
        // The password reaches the server: a wrong one is refused, and is not shown either.
        const QString wrongPassword = QStringLiteral("pw-Wr0ng-not-shown");
        QMap<QString, QString> wrong = siteEnvironment(db);
        wrong.insert(QStringLiteral("PA_PG_PASSWORD"), wrongPassword);
        const Run denied = CliRun::run(QStringList{QStringLiteral("check")} + djangoArguments(), wrong);
        QCOMPARE(denied.exitCode, 2);
        QVERIFY2(denied.err.contains("password"), denied.describe());
        QVERIFY2(!denied.mentions(wrongPassword), denied.describe());

        // HOST given as the server's socket path: the connection goes through the socket.
        QMap<QString, QString> socket = siteEnvironment(db);
        socket.insert(QStringLiteral("PA_PG_HOST"), qEnvironmentVariable("PA_TEST_MARIADB_SOCKET"));
        socket.remove(QStringLiteral("PA_PG_PORT"));
        const Run bySocket = CliRun::run(
            QStringList{QStringLiteral("check"), QStringLiteral("--json")} + djangoArguments(), socket);
        QVERIFY2(bySocket.exitCode == 1, bySocket.describe());
        QCOMPARE(bySocket.json().value(u"missing").toInt(), 10);
        QVERIFY(!showsPassword(bySocket));
    }
}

void TestCliDjango::sqlModeWithSetFillsBothTables()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("two_profiles"), QStringLiteral("djsql"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(20, 10, &error) && createSiteUser(db, &error), qPrintable(error));

    const Run fix = profileAdmin(db, {QStringLiteral("fix"), QStringLiteral("--all"), QStringLiteral("--yes"),
                                      QStringLiteral("--json"), QStringLiteral("--set"),
                                      SettingsTable + QStringLiteral(".unsubscribe_token=set-by-test")});
    QVERIFY2(fix.exitCode == 0, fix.describe());
    QCOMPARE(fix.json().value(u"created").toInt(), 25);
    QVERIFY(!showsPassword(fix));
    verifyBothTables(db, QStringLiteral("weekly"));
    QCOMPARE(valueOf(db, QStringLiteral("SELECT count(*) FROM %1 WHERE unsubscribe_token = 'set-by-test'")
                             .arg(SettingsTable)),
             15);
}

void TestCliDjango::viaDjangoRunsSaveAndSignals()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("two_profiles"), QStringLiteral("djorm"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(20, 10, &error) && createSiteUser(db, &error), qPrintable(error));
    const QString snapshot = db.saveSnapshot(&error);

    // The model's save() turns a digest outside its choices into 'weekly': proof that save() ran.
    const Run fix =
        profileAdmin(db, {QStringLiteral("fix"), QStringLiteral("--all"), QStringLiteral("--yes"),
                          QStringLiteral("--json"), QStringLiteral("--via-django"), QStringLiteral("--set"),
                          SettingsTable + QStringLiteral(".digest=bogus")});
    QVERIFY2(fix.exitCode == 0, fix.describe());
    const QJsonObject result = fix.json();
    QCOMPARE(result.value(u"created").toInt(), 25);
    QCOMPARE(result.value(u"via").toString(), QStringLiteral("django"));
    QVERIFY(!showsPassword(fix));
    verifyBothTables(db, QStringLiteral("weekly"));
    QCOMPARE(db.verify(snapshot).value(u"changed_count").toInt(), 0);
    // The callable default ran per object: every token is there and distinct.
    QCOMPARE(valueOf(db, QStringLiteral("SELECT count(DISTINCT unsubscribe_token) FROM %1 WHERE "
                                        "length(unsubscribe_token) = 32")
                             .arg(SettingsTable)),
             20);

    // Run again: nothing left to do.
    const Run again = profileAdmin(db, {QStringLiteral("fix"), QStringLiteral("--all"),
                                        QStringLiteral("--yes"), QStringLiteral("--via-django")});
    QVERIFY2(again.exitCode == 0, again.describe());
    QVERIFY2(again.out.contains("Created 0 profiles"), again.describe());
}

void TestCliDjango::killedViaDjangoWritesNothing()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("two_profiles"), QStringLiteral("djkill"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(20, 10, &error) && createSiteUser(db, &error), qPrintable(error));
    const QString snapshot = db.saveSnapshot(&error);
    const QString rows = QStringLiteral("SELECT count(*) FROM %1").arg(SettingsTable);
    const qint64 before = valueOf(db, rows);

    // The site's Python holds after its first batch (inside its transaction) and says so with a file.
    const QString holding = db.tempPath() + QStringLiteral("/holding");
    QMap<QString, QString> environment = siteEnvironment(db);
    environment.insert(QStringLiteral("PA_DJANGO_BATCH"), QStringLiteral("3"));
    environment.insert(QStringLiteral("PA_DJANGO_HOLD_AFTER_BATCH"), holding);
    CliRun fix(QStringList{QStringLiteral("fix"), QStringLiteral("--all"), QStringLiteral("--yes"),
                           QStringLiteral("--via-django")} +
                   djangoArguments(),
               environment);
    fix.start();
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(holding) || !fix.isRunning(), 120000);
    if (!fix.isRunning())
        QFAIL(fix.wait().describe().constData());
    ::kill(static_cast<pid_t>(fix.processId()), SIGKILL);
    fix.wait();

    // profile-admin is gone, so the site's Python reads the end of its input and rolls back; taking the
    // table's write lock waits for its transaction to end either way.
    const QStringList waitForWriter =
        db.isPostgres()  ? QStringList{QStringLiteral("BEGIN"),
                                      QStringLiteral("LOCK TABLE %1 IN SHARE MODE").arg(SettingsTable),
                                      QStringLiteral("COMMIT")}
        : db.isMariadb() ? QStringList{QStringLiteral("LOCK TABLES %1 READ").arg(SettingsTable),
                                       QStringLiteral("UNLOCK TABLES")}
                         : QStringList{QStringLiteral("BEGIN IMMEDIATE"), QStringLiteral("COMMIT")};
    QVERIFY2(db.exec(waitForWriter, &error), qPrintable(error));
    QCOMPARE(valueOf(db, rows), before);
    QCOMPARE(db.verify(snapshot).value(u"changed_count").toInt(), 0);
    QCOMPARE(db.verify().value(u"missing").toInt(), 10);
}

void TestCliDjango::brokenSettingsShowTraceback()
{
    PA_TEST_DATABASE(db, QStringLiteral("sqlite"), QStringLiteral("two_profiles"),
                     QStringLiteral("djbroken"));
    QMap<QString, QString> environment = siteEnvironment(db);
    environment.insert(QStringLiteral("PA_VARIANT"), QStringLiteral("no_such_variant"));
    const Run check = CliRun::run(QStringList{QStringLiteral("check")} + djangoArguments(), environment);
    QCOMPARE(check.exitCode, 2);
    QVERIFY2(check.err.contains("ImproperlyConfigured: PA_VARIANT must be classic, custom or two_profiles"),
             check.describe());
    QVERIFY2(check.err.contains("settings.py\", line"), check.describe());

    // An interpreter that is not there is said, with the option to fix it.
    const Run noPython =
        CliRun::run({QStringLiteral("check"), QStringLiteral("--django"),
                     TestDatabase::sourceDir() + QStringLiteral("/tests/django_site/manage.py"),
                     QStringLiteral("--python"), QStringLiteral("/nonexistent/python")},
                    environment);
    QCOMPARE(noPython.exitCode, 2);
    QVERIFY2(noPython.err.contains("--python"), noPython.describe());
}

void TestCliDjango::viaDjangoNeedsProject()
{
    PA_TEST_DATABASE(db, QStringLiteral("sqlite"), QStringLiteral("two_profiles"), QStringLiteral("djneeds"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(20, 10, &error) && createSiteUser(db, &error), qPrintable(error));
    const Run fix = CliRun::run(
        {QStringLiteral("fix"), db.url(), QStringLiteral("--yes"), QStringLiteral("--via-django")});
    QCOMPARE(fix.exitCode, 2);
    QVERIFY2(fix.err.contains("--django"), fix.describe());
    QVERIFY2(fix.isOneSentence(QStringLiteral("fix")), fix.describe());
    // --python alone is a mistake said aloud, not ignored.
    const Run python = CliRun::run(
        {QStringLiteral("check"), db.url(), QStringLiteral("--python"), QStringLiteral("/usr/bin/python3")});
    QCOMPARE(python.exitCode, 2);
    QCOMPARE(db.verify().value(u"missing").toInt(), 10);
}

QTEST_GUILESS_MAIN(TestCliDjango)
#include "tst_clidjango.moc"
