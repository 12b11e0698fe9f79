// A role (a MariaDB user) that may only read. `check`, `schema` and `fix --dry-run` work for it; `fix` is
// refused before the first write with the reason ("permission denied for table ..."), and when the engine is
// driven without that pre-check (as the GUI's actions are) the first INSERT fails with the server's own words
// and rolls back. WriteAccess, which the GUI uses to disable its actions, gives the reason.
#include "CliRun.h"
#include "Connection.h"
#include "DatabaseSession.h"
#include "Faults.h"
#include "FillPlan.h"
#include "MissingProfileFixer.h"
#include "SchemaDiscovery.h"
#include "TestDatabase.h"
#include "WriteAccess.h"

#include <QTest>
#include <QUrl>

namespace {

// A login role (a MariaDB user) made for one test and dropped afterwards (after its database, which holds its
// PostgreSQL grants; MariaDB keeps a user's grants with the user).
class TestRole
{
public:
    TestRole(const TestDatabase &db, const QString &name)
        : m_admin(TestDatabase::create(db.engine(), QStringLiteral("classic"), QStringLiteral("admin")))
        , m_name(name)
        , m_mariadb(db.isMariadb())
    {
        drop();
        if (m_mariadb) {
            m_created = m_admin.exec(
                QStringList{
                    QStringLiteral("CREATE USER '%1'@'%'").arg(m_name),
                    QStringLiteral("GRANT SELECT ON \"%1\".* TO '%2'@'%'").arg(db.databaseName(), m_name)},
                &m_error);
            return;
        }
        m_created =
            m_admin.exec(QStringLiteral("CREATE ROLE %1 LOGIN").arg(m_name), &m_error) &&
            db.exec(
                QStringList{QStringLiteral("GRANT USAGE ON SCHEMA public TO %1").arg(m_name),
                            QStringLiteral("GRANT SELECT ON ALL TABLES IN SCHEMA public TO %1").arg(m_name)},
                &m_error);
    }
    // Fails quietly while the test's database still holds the role's grants (a failed test): the fixture
    // cluster is thrown away at the end anyway.
    ~TestRole() { drop(); }
    // Runs in m_admin, a database of its own on the same server, since a role belongs to the whole cluster.
    void drop()
    {
        m_admin.exec(m_mariadb ? QStringLiteral("DROP USER IF EXISTS '%1'@'%'").arg(m_name)
                               : QStringLiteral("DROP ROLE IF EXISTS %1").arg(m_name));
    }

    bool isValid() const { return m_created; }
    QString errorString() const { return m_error; }
    // `db`'s URL with this role as the user.
    QString url(const TestDatabase &db) const
    {
        QUrl url(db.url());
        url.setUserName(m_name);
        return url.toString();
    }

private:
    TestDatabase m_admin;
    QString m_name;
    bool m_mariadb;
    QString m_error;
    bool m_created = false;
};

} // namespace

class TestPermissions : public QObject
{
    Q_OBJECT

private slots:
    void cliWithLimitedRole_data();
    void cliWithLimitedRole();
    void engineRefusedAtFirstWrite_data();
    void engineRefusedAtFirstWrite();
};

void TestPermissions::cliWithLimitedRole_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<QStringList>("grants"); // %1 is the role
    QTest::addColumn<QString>("expected");
    QTest::addColumn<bool>("canEdit");
    const QString postgres = QStringLiteral("postgres");
    const QString mariadb = QStringLiteral("mariadb");
    QTest::newRow("postgres: select only")
        << postgres << QStringList()
        << "permission denied for table account_profile: the role \"%1\" may not insert "
           "rows into it"
        << false;
    QTest::newRow("postgres: insert without the sequence")
        << postgres << QStringList{QStringLiteral("GRANT INSERT, UPDATE ON account_profile TO %1")}
        << "permission denied for sequence public.account_profile_id_seq: the role \"%1\" may not take "
           "numbers "
           "from it for column \"id\""
        << true;
    QTest::newRow("postgres: read-only sessions")
        << postgres
        << QStringList{QStringLiteral("GRANT INSERT, UPDATE ON account_profile TO %1"),
                       QStringLiteral("GRANT USAGE ON SEQUENCE account_profile_id_seq TO %1"),
                       QStringLiteral("ALTER ROLE %1 SET default_transaction_read_only = on")}
        << "the session is read-only (default_transaction_read_only is on for this role or database)"
        << false;
    // MariaDB names the user as CURRENT_USER() does, with its host.
    QTest::newRow("mariadb: select only")
        << mariadb << QStringList()
        << "permission denied for table account_profile: the user %1@% may not insert rows into it" << false;
    // Its conflict guard (ON DUPLICATE KEY UPDATE) needs UPDATE, even where no row collides.
    QTest::newRow("mariadb: insert without update")
        << mariadb << QStringList{QStringLiteral("GRANT INSERT ON account_profile TO '%1'@'%'")}
        << "permission denied for table account_profile: the user %1@% may not change its rows, which "
           "creating profiles needs to keep a profile someone else creates meanwhile"
        << false;
}

void TestPermissions::cliWithLimitedRole()
{
    QFETCH(QString, engine);
    QFETCH(QStringList, grants);
    QFETCH(QString, expected);
    QFETCH(bool, canEdit);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("perm"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(db.seed(30, 10, &error), qPrintable(error));
    const QString snapshot = db.saveSnapshot(&error);
    QVERIFY2(!snapshot.isEmpty(), qPrintable(error));
    const QString roleName =
        QStringLiteral("pa_reader_%1").arg(db.databaseName().section(QLatin1Char('_'), -2));
    TestRole role(db, roleName);
    QVERIFY2(role.isValid(), qPrintable(role.errorString()));
    for (const QString &grant : grants)
        QVERIFY2(db.exec(grant.arg(roleName), &error), qPrintable(error));
    expected.replace(QLatin1String("%1"), roleName);
    const QString url = role.url(db);

    const CliRun::Result check = CliRun::run({QStringLiteral("check"), url, QStringLiteral("--json")});
    QVERIFY2(check.exitCode == 1, check.describe());
    QCOMPARE(check.json().value(u"missing").toInt(), 20);
    const CliRun::Result schema = CliRun::run({QStringLiteral("schema"), url});
    QVERIFY2(schema.exitCode == 0, schema.describe());
    const CliRun::Result dryRun = CliRun::run({QStringLiteral("fix"), url, QStringLiteral("--dry-run")});
    QVERIFY2(dryRun.exitCode == 0 && dryRun.out.contains("Would create 20 profiles"), dryRun.describe());

    const CliRun::Result fix = CliRun::run({QStringLiteral("fix"), url, QStringLiteral("--yes")});
    QVERIFY2(fix.exitCode == 2, fix.describe());
    QVERIFY2(fix.isOneSentence(QStringLiteral("fix")), fix.describe());
    QVERIFY2(fix.err.contains(QByteArray("Cannot create profiles in account_profile: " + expected.toUtf8())),
             fix.describe());
    QVERIFY2(fix.err.contains("nothing was written"), fix.describe());
    const QJsonObject verdict = db.verify(snapshot);
    QCOMPARE(verdict.value(u"missing").toInt(), 20);
    QCOMPARE(verdict.value(u"changed_count").toInt(), 0);

    // What the GUI asks to enable or disable its actions, with the reason to show.
    {
        const DatabaseSession session(DatabaseUrl::parse(url, &error), {QStringLiteral("access")});
        QVERIFY2(session.isReady(), qPrintable(session.errorText()));
        const WriteAccess &access = session.writeAccess();
        QVERIFY(!access.canCreate());
        QCOMPARE(access.createProblem(), expected);
        QCOMPARE(access.canEdit(), canEdit);
        if (!canEdit)
            QVERIFY2(!access.editProblem().isEmpty(), qPrintable(access.editProblem()));
    }
    db = TestDatabase(); // drops the database, and with it the role's grants
    role.drop();
}

void TestPermissions::engineRefusedAtFirstWrite_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<QString>("step");   // where the server refuses: MariaDB checks rights when it prepares
    QTest::addColumn<QString>("denied"); // the server's words
    QTest::newRow("postgres") << QStringLiteral("postgres") << QStringLiteral("Creating the missing profiles")
                              << QStringLiteral("permission denied for table account_profile");
    QTest::newRow("mariadb") << QStringLiteral("mariadb") << QStringLiteral("Preparing the INSERT")
                             << QStringLiteral("INSERT, UPDATE command denied to user");
}

void TestPermissions::engineRefusedAtFirstWrite()
{
    QFETCH(QString, engine);
    QFETCH(QString, step);
    QFETCH(QString, denied);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("permcore"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(db.seed(30, 10, &error), qPrintable(error));
    const QString roleName =
        QStringLiteral("pa_reader_%1").arg(db.databaseName().section(QLatin1Char('_'), -2));
    TestRole role(db, roleName);
    QVERIFY2(role.isValid(), qPrintable(role.errorString()));
    {
        const DatabaseSession session(DatabaseUrl::parse(role.url(db), &error), {QStringLiteral("reader")});
        QVERIFY2(session.isReady(), qPrintable(session.errorText()));
        const ProfileSchema &schema = session.schema();
        const MissingProfileFixer fixer(session.database(), schema,
                                        FillPlan::build(schema, session.engine()));
        QString countError;
        QCOMPARE(fixer.counts(&countError).missing, 20);

        const FixResult all = fixer.createMissing();
        QVERIFY(!all.ok);
        QCOMPARE(all.failure, SqlFailure::Kind::PermissionDenied);
        QVERIFY2(all.errorText.startsWith(step + QLatin1String(" failed, nothing was written: ") + denied),
                 qPrintable(all.errorText));
        // "Create profile" for chosen users goes the same way.
        const FixResult some = fixer.createFor(fixer.missingUserKeys(3, &countError));
        QVERIFY(!some.ok);
        QCOMPARE(some.failure, SqlFailure::Kind::PermissionDenied);
        QVERIFY2(some.errorText.contains(denied), qPrintable(some.errorText));
        QCOMPARE(fixer.counts(&countError).missing, 20);
    }
    db = TestDatabase();
    role.drop();
}

QTEST_GUILESS_MAIN(TestPermissions)
#include "tst_permissions.moc"
