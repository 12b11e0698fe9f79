// Server faults on a PostgreSQL server of the test's own (a PostgresCluster), for what must not
// happen to the shared fixture: the server crashes while `fix` is writing (nothing is written, and running
// fix again after the restart does the job), and password authentication (scram-sha-256): a wrong or
// missing password is reported as such, the right one works from the URL, PGPASSWORD or ~/.pgpass, and no
// password ever appears in anything profile-admin prints, even with all of Qt's debug logging on.
#include "CliRun.h"
#include "Faults.h"
#include "TestDatabase.h"

#include <QDir>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <memory>

namespace {

// A password with characters that need percent-encoding in a URL and escaping in ~/.pgpass.
const QString Password = QStringLiteral("S3cret:pa/ss@w\u00f6rd\\x");
const QString Role = QStringLiteral("pa_secretive");

QString encodedPassword()
{
    return QString::fromUtf8(QUrl::toPercentEncoding(Password));
}

// True when `run` shows the password in any form: as typed, percent-encoded, or its distinctive middle.
bool showsPassword(const CliRun::Result &run)
{
    for (const QString &form : {Password, encodedPassword(), QStringLiteral("pa/ss"),
                                QStringLiteral("S3cret"), QStringLiteral("Wr0ngPassw0rd")}) {
        if (run.mentions(form))
            return true;
    }
    return false;
}

} // namespace

class TestPgServerFaults : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void serverCrashesMidRun();
    void authentication_data();
    void authentication();

private:
    // A test database on the private cluster.
    TestDatabase create(const QString &variant, const QString &tag);

    std::unique_ptr<PostgresCluster> m_cluster;
};

void TestPgServerFaults::initTestCase()
{
    if (TestDatabase::postgresDisabled())
        QSKIP("PostgreSQL tests are switched off (PA_TEST_NO_PG=1)");
    m_cluster = Faults::startPrivateCluster();
    QVERIFY2(m_cluster->isRunning(), qPrintable(m_cluster->errorString()));
    QString error;
    QVERIFY2(
        m_cluster->exec(QStringLiteral("postgres"),
                        {QStringLiteral("SET password_encryption = 'scram-sha-256'"),
                         QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD '%2'")
                             .arg(Role, QString(Password).replace(QLatin1String("'"), QLatin1String("''")))},
                        &error),
        qPrintable(error));
    // Everyone else keeps trust; this role must prove its password.
    QVERIFY2(
        m_cluster->prependHba(QStringLiteral("host all %1 127.0.0.1/32 scram-sha-256").arg(Role), &error),
        qPrintable(error));
}

void TestPgServerFaults::cleanupTestCase()
{
    m_cluster.reset();
}

TestDatabase TestPgServerFaults::create(const QString &variant, const QString &tag)
{
    // TestDatabase takes its server from PA_TEST_PG_PORT when the database is made, and keeps it.
    const QByteArray fixturePort = qgetenv("PA_TEST_PG_PORT");
    qputenv("PA_TEST_PG_PORT", QByteArray::number(m_cluster->port()));
    TestDatabase db = TestDatabase::create(QStringLiteral("postgres"), variant, tag);
    qputenv("PA_TEST_PG_PORT", fixturePort);
    return db;
}

void TestPgServerFaults::serverCrashesMidRun()
{
    TestDatabase db = create(QStringLiteral("classic"), QStringLiteral("crash"));
    QVERIFY2(db.isValid(), qPrintable(db.errorString()));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(Faults::addUsers(db, 100000, &error), qPrintable(error));

    // As in tst_connectionloss: an uncommitted profile of user 60,000 holds the fixer in its second batch.
    const QString blocker = QStringLiteral("blocker");
    const QString monitor = QStringLiteral("monitor");
    QVERIFY2(Faults::holdSecondBatch(db, blocker, monitor, &error), qPrintable(error));
    CliRun fix({QStringLiteral("fix"), db.url(), QStringLiteral("--yes")});
    fix.start();
    bool written = false;
    QVERIFY(Faults::waitFor([&] {
        return Faults::profileAdminWaitingForLock(QSqlDatabase::database(monitor), &written) > 0 ||
               !fix.isRunning();
    }));
    if (!fix.isRunning())
        QFAIL(fix.wait().describe().constData());
    QVERIFY2(written, "the fixer had written nothing before the crash");
    // The crash comes first: ending the blocker's transaction would let the fixer go on.
    QVERIFY2(m_cluster->crash(&error), qPrintable(error));
    Faults::closeRaw(blocker);
    Faults::closeRaw(monitor);
    const CliRun::Result run = fix.wait();
    QVERIFY2(m_cluster->restart(&error), qPrintable(error));
    QVERIFY2(run.exitCode == 2 && run.isOneSentence(QStringLiteral("fix")), run.describe());
    QVERIFY2(run.err.contains("The connection to the database was lost while creating the missing profiles"),
             run.describe());
    QVERIFY2(run.err.contains("nothing was written"), run.describe());

    // After recovery nothing of the run (nor the site's open transaction) is there; fix again does it all.
    QCOMPARE(db.queryValue(QStringLiteral("SELECT count(*) FROM account_profile")).toInt(), 0);
    const CliRun::Result again =
        CliRun::run({QStringLiteral("fix"), db.url(), QStringLiteral("--yes"), QStringLiteral("--json")});
    QVERIFY2(again.exitCode == 0, again.describe());
    QCOMPARE(again.json().value(u"created").toInt(), 100000);
}

void TestPgServerFaults::authentication_data()
{
    QTest::addColumn<QString>("password");    // in the URL; empty for none
    QTest::addColumn<QString>("environment"); // PGPASSWORD=..., PGPASS (a ~/.pgpass file), or empty
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("expected");
    const QString failed =
        QStringLiteral("password authentication failed for user \"%1\"; check the user name and "
                       "password (prefer ~/.pgpass or PGPASSWORD to a password in the URL).")
            .arg(Role);
    QTest::newRow("right password in the URL")
        << encodedPassword() << QString() << 1 << "30 without a profile";
    QTest::newRow("wrong password in the URL") << QStringLiteral("Wr0ngPassw0rd") << QString() << 2 << failed;
    QTest::newRow("no password")
        << QString() << QString() << 2
        << "no password supplied; check the user name and password (prefer ~/.pgpass or "
           "PGPASSWORD to a password in the URL).";
    QTest::newRow("PGPASSWORD") << QString() << QStringLiteral("PGPASSWORD=") + Password << 1
                                << "30 without a profile";
    QTest::newRow("wrong PGPASSWORD")
        << QString() << QStringLiteral("PGPASSWORD=Wr0ngPassw0rd") << 2 << failed;
    QTest::newRow("~/.pgpass") << QString() << QStringLiteral("PGPASS") << 1 << "30 without a profile";
    QTest::newRow("URL wins over ~/.pgpass")
        << QStringLiteral("Wr0ngPassw0rd") << QStringLiteral("PGPASS") << 2 << failed;
}

void TestPgServerFaults::authentication()
{
    QFETCH(QString, password);
    QFETCH(QString, environment);
    QFETCH(int, exitCode);
    QFETCH(QString, expected);
    TestDatabase db = create(QStringLiteral("classic"), QStringLiteral("auth"));
    QVERIFY2(db.isValid(), qPrintable(db.errorString()));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(db.seed(40, 10, &error), qPrintable(error));
    QVERIFY2(
        db.exec(
            QStringList{
                QStringLiteral("GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO %1").arg(Role),
                QStringLiteral("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO %1").arg(Role)},
            &error),
        qPrintable(error));

    QUrl url(db.url());
    url.setUserName(Role);
    QString text = url.toString();
    if (!password.isEmpty())
        text.replace(QStringLiteral("%1@").arg(Role), QStringLiteral("%1:%2@").arg(Role, password));
    // A home of our own: for ~/.pgpass, and so that the user's own is not used.
    QTemporaryDir home;
    QMap<QString, QString> env{{QStringLiteral("HOME"), home.path()}};
    if (environment == QLatin1String("PGPASS")) {
        QFile pgpass(home.filePath(QStringLiteral(".pgpass")));
        QVERIFY(pgpass.open(QIODevice::WriteOnly));
        QString escaped = Password;
        escaped.replace(QLatin1String("\\"), QLatin1String("\\\\"))
            .replace(QLatin1String(":"), QLatin1String("\\:"));
        pgpass.write(QStringLiteral("127.0.0.1:%1:*:%2:%3\n")
                         .arg(QString::number(m_cluster->port()), Role, escaped)
                         .toUtf8());
        pgpass.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    } else if (!environment.isEmpty()) {
        env.insert(environment.section(QLatin1Char('='), 0, 0), environment.section(QLatin1Char('='), 1));
    }

    const CliRun::Result check = CliRun::run({QStringLiteral("check"), text}, env);
    QVERIFY2(check.exitCode == exitCode, check.describe());
    QVERIFY2(check.mentions(expected), check.describe());
    QVERIFY2(!showsPassword(check), check.describe());
    // Not in Qt's logging either, all of it switched on.
    QMap<QString, QString> verbose = env;
    verbose.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("*.debug=true"));
    const CliRun::Result logged = CliRun::run({QStringLiteral("check"), text}, verbose);
    QVERIFY2(logged.exitCode == exitCode && logged.err.contains("qt."), logged.describe());
    QVERIFY2(!showsPassword(logged), logged.describe());
    if (exitCode == 2) {
        QVERIFY2(check.isOneSentence(QStringLiteral("check")), check.describe());
        const CliRun::Result json = CliRun::run({QStringLiteral("fix"), text, QStringLiteral("--json")}, env);
        QVERIFY2(json.exitCode == 2 && json.json().value(u"error").toString().contains(expected),
                 json.describe());
        QVERIFY2(!showsPassword(json), json.describe());
        return;
    }
    // Everything a working session prints, with the password nowhere in it.
    for (const QStringList &arguments :
         {QStringList{QStringLiteral("schema"), text, QStringLiteral("--json")},
          QStringList{QStringLiteral("fix"), text, QStringLiteral("--dry-run")},
          QStringList{QStringLiteral("fix"), text, QStringLiteral("--yes"), QStringLiteral("--json")},
          QStringList{QStringLiteral("check"), text, QStringLiteral("--json")}}) {
        const CliRun::Result run = CliRun::run(arguments, env);
        QVERIFY2(run.exitCode == 0, run.describe());
        QVERIFY2(!showsPassword(run), run.describe());
    }
    QCOMPARE(db.verify().value(u"missing").toInt(), 0);
}

QTEST_GUILESS_MAIN(TestPgServerFaults)
#include "tst_pgserverfaults.moc"
