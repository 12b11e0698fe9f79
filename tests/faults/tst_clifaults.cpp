// Through the real binary: bad input everywhere. Malformed database URLs (every one
// carrying a password), unreachable servers that give up after the connect timeout and say so, identifiers
// that need quoting and --set values with quotes, semicolons and unicode that must reach the database
// exactly, and --set values of the wrong type, refused with the column's name. Every failure is exit 2 and
// one sentence on stderr, and no password is ever printed.
#include "CliRun.h"
#include "Faults.h"
#include "TestDatabase.h"

#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

bool showsSecret(const CliRun::Result &run)
{
    return run.mentions(QStringLiteral("Hunter")) || run.mentions(QStringLiteral("ter2pw"));
}

// A TCP port on 127.0.0.1 that accepts connections into its backlog and never answers: a server that hangs,
// or a firewall that lets the handshake through. libpq can only give up on it by its connect timeout.
class SilentServer
{
public:
    SilentServer()
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof(address);
        if (m_fd < 0 || ::bind(m_fd, reinterpret_cast<sockaddr *>(&address), length) != 0 ||
            ::listen(m_fd, 8) != 0 ||
            ::getsockname(m_fd, reinterpret_cast<sockaddr *>(&address), &length) != 0)
            return;
        m_port = ntohs(address.sin_port);
    }
    ~SilentServer()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    SilentServer(const SilentServer &) = delete;
    SilentServer &operator=(const SilentServer &) = delete;

    int port() const { return m_port; }

    // A port nothing listens on: bound once, then released.
    static int closedPort()
    {
        SilentServer server;
        return server.port();
    }

private:
    int m_fd = -1;
    int m_port = 0;
};

} // namespace

class TestCliFaults : public QObject
{
    Q_OBJECT

private slots:
    void badDatabaseUrl_data();
    void badDatabaseUrl();
    void unreachableServer_data();
    void unreachableServer();
    void identifiersAndValuesReachTheDatabase_data();
    void identifiersAndValuesReachTheDatabase();
    void wrongSetValuesAreRefused_data();
    void wrongSetValuesAreRefused();
    void mysqlWrongPassword();
    void mysqlNonTransactionalTableIsRefused();
};

void TestCliFaults::badDatabaseUrl_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("expected"); // part of the one sentence on stderr
    const auto row = [](const char *name, const char *url, const char *expected) {
        QTest::newRow(name) << QString::fromUtf8(url) << QString::fromUtf8(expected);
    };
    row("empty", "", "No database given");
    row("only spaces", "   ", "No database given");
    row("unknown scheme", "oracle://admin:Hunter2pw@db/site", "Unsupported database scheme \"oracle\"");
    row("http", "http://admin:Hunter2pw@example.org/site", "Unsupported database scheme \"http\"");
    row("one slash", "postgres:/admin:Hunter2pw@db/site", "must start with postgres:// (two slashes)");
    row("no slashes", "postgresql:admin:Hunter2pw@db/site", "must start with postgresql:// (two slashes)");
    row("no scheme at all", "admin:Hunter2pw@db/site", "does not exist");
    row("no database name", "postgres://admin:Hunter2pw@db.example.org", "names no database");
    row("no database name after slash", "postgres://admin:Hunter2pw@db:5432/", "names no database");
    row("port not a number", "postgres://admin:Hunter2pw@db:abc/site", "port \"abc\"");
    row("port too large", "postgres://admin:Hunter2pw@db:70000/site", "port \"70000\"");
    row("port zero", "postgres://admin:Hunter2pw@db:0/site", "port \"0\"");
    row("negative port", "postgres://admin:Hunter2pw@db:-5/site", "port \"-5\"");
    row("unclosed IPv6 bracket", "postgres://admin:Hunter2pw@[::1/site", "malformed");
    row("space in host", "postgres://admin:Hunter2pw@bad host/site", "malformed");
    row("bad percent escape", "postgres://admin:Hunter2%zz@db/site", "malformed");
    row("doubled @", "postgres://admin:Hunter2pw@@db/site", "malformed");
    row("unencoded / in password", "postgres://admin:Hun/ter2pw@db/site", "must be percent-encoded");
    row("unencoded / after a numeric start", "postgres://admin:4711/Hunter2pw@db/site",
        "must be percent-encoded");
    row("unencoded ? in password", "postgres://admin:Hun?ter2pw@db/site", "must be percent-encoded");
    row("unencoded # in password", "postgres://admin:Hun#ter2pw@db/site", "must be percent-encoded");
    row("space in password", "postgres://admin:Hun ter2pw@db/site", "must be percent-encoded");
    row("@ in the query after a password", "postgres://admin:Hun@db/site?application_name=ter2pw@x",
        "must be percent-encoded");
    row("fragment", "postgres://admin:Hunter2pw@db/site#main", "#fragment");
    row("unknown option", "postgres://admin:Hunter2pw@db/site?foo=bar", "Unknown option \"foo\"");
    row("password as an option", "postgres://admin@db/site?password=Hunter2pw",
        "Unknown option \"password\"");
    row("bad sslmode", "postgres://admin:Hunter2pw@db/site?sslmode=always", "Unknown sslmode \"always\"");
    row("empty sslmode", "postgres://admin:Hunter2pw@db/site?sslmode=", "not allowed there");
    row("connect_timeout a word", "postgres://admin:Hunter2pw@db/site?connect_timeout=soon",
        "connect_timeout in the database URL must be a whole number of seconds");
    row("connect_timeout negative", "postgres://admin:Hunter2pw@db/site?connect_timeout=-1",
        "connect_timeout in the database URL must be a whole number of seconds");
    row("option smuggling a keyword",
        "postgres://admin:Hunter2pw@db/site?application_name=x%20password%3Devil", "not allowed there");
    row("quote in an option", "postgres://admin:Hunter2pw@db/site?application_name=a'b", "not allowed there");
    row("host twice", "postgres://admin:Hunter2pw@db/site?host=/tmp", "gives the host twice");
    row("slash in database", "postgres://admin:Hunter2pw@db/a/b", "contains a slash");
    row("mysql: one slash", "mysql:/admin:Hunter2pw@db/site", "must start with mysql:// (two slashes)");
    row("mysql: no database name", "mysql://admin:Hunter2pw@db:3306/", "names no database");
    row("mysql: port too large", "mariadb://admin:Hunter2pw@db:70000/site", "port \"70000\"");
    row("mysql: unencoded / in password", "mysql://admin:Hun/ter2pw@db/site", "must be percent-encoded");
    row("mysql: unknown option", "mysql://admin:Hunter2pw@db/site?sslmode=require",
        "Unknown option \"sslmode\"");
    row("mysql: password as an option", "mysql://admin@db/site?password=Hunter2pw",
        "Unknown option \"password\"");
    row("mysql: bad ssl-mode", "mysql://admin:Hunter2pw@db/site?ssl-mode=always",
        "Unknown ssl-mode \"always\"");
    row("mysql: unverifiable ssl-mode", "mariadb://admin:Hunter2pw@db/site?ssl-mode=VERIFY_CA",
        "ssl-mode=VERIFY_CA is not supported");
    row("mysql: connect_timeout a word", "mysql://admin:Hunter2pw@db/site?connect_timeout=soon",
        "connect_timeout in the database URL must be a whole number of seconds");
    row("mysql: semicolon in an option", "mysql://admin:Hunter2pw@db/site?unix_socket=/tmp/a;b",
        "not allowed there");
    row("sqlite without path", "sqlite://", "three slashes");
    row("sqlite two slashes", "sqlite://site.db", "three slashes");
    row("sqlite only slashes", "sqlite:///", "three slashes");
}

void TestCliFaults::badDatabaseUrl()
{
    QFETCH(QString, url);
    QFETCH(QString, expected);
    for (const QString &command :
         {QStringLiteral("check"), QStringLiteral("fix"), QStringLiteral("schema")}) {
        const CliRun::Result run = CliRun::run({command, url});
        QVERIFY2(run.exitCode == 2 && run.isOneSentence(command), run.describe());
        QVERIFY2(run.err.contains(expected.toUtf8()), run.describe());
        QVERIFY2(run.out.isEmpty(), run.describe());
        QVERIFY2(!showsSecret(run), run.describe());
    }
    // The same from DATABASE_URL, and as JSON for scripts.
    const CliRun::Result json = CliRun::run({QStringLiteral("check"), QStringLiteral("--json")},
                                            {{QStringLiteral("DATABASE_URL"), url}});
    QVERIFY2(json.exitCode == 2, json.describe());
    if (!url.trimmed().isEmpty()) // (an empty DATABASE_URL is no DATABASE_URL: a message of its own)
        QVERIFY2(json.json().value(u"error").toString().contains(expected), json.describe());
    QVERIFY2(!showsSecret(json), json.describe());
}

void TestCliFaults::unreachableServer_data()
{
    QTest::addColumn<QString>("url"); // @silent@ and @closed@ are ports
    QTest::addColumn<QString>("expected");
    QTest::newRow("closed port") << "postgres://admin:Hunter2pw@127.0.0.1:@closed@/site?connect_timeout=2"
                                 << "Connection refused";
    QTest::newRow("unknown host") << "postgres://admin:Hunter2pw@no-such-host.invalid/site?connect_timeout=2"
                                  << "could not translate host name \"no-such-host.invalid\"";
    QTest::newRow("silent server, connect_timeout=2")
        << "postgres://admin:Hunter2pw@127.0.0.1:@silent@/site?connect_timeout=2"
        << ": no answer within the connect timeout of 2 s; check the host, the port and any firewall, or "
           "raise "
           "connect_timeout in the URL.";
    // Without connect_timeout libpq would wait for the operating system (minutes); profile-admin's default
    // of 10 s must apply.
    QTest::newRow("silent server, default timeout") << "postgres://admin:Hunter2pw@127.0.0.1:@silent@/site"
                                                    << ": no answer within the connect timeout of 10 s";
    QTest::newRow("mysql: closed port") << "mysql://admin:Hunter2pw@127.0.0.1:@closed@/site?connect_timeout=2"
                                        << "check the host, the port (or the socket) and any firewall";
    QTest::newRow("mysql: silent server")
        << "mariadb://admin:Hunter2pw@127.0.0.1:@silent@/site?connect_timeout=2"
        << "and that the server is running (connect timeout 2 s).";
}

void TestCliFaults::unreachableServer()
{
    QFETCH(QString, url);
    QFETCH(QString, expected);
    SilentServer silent;
    QVERIFY(silent.port() > 0);
    url.replace(QLatin1String("@silent@"), QString::number(silent.port()))
        .replace(QLatin1String("@closed@"), QString::number(SilentServer::closedPort()));
    const CliRun::Result run = CliRun::run({QStringLiteral("check"), url});
    QVERIFY2(run.exitCode == 2 && run.isOneSentence(QStringLiteral("check")), run.describe());
    QVERIFY2(run.err.contains("Could not open postgres://admin:***@127.0.0.1") ||
                 run.err.contains("Could not open mysql://admin:***@127.0.0.1") ||
                 run.err.contains("Could not open mariadb://admin:***@127.0.0.1") ||
                 run.err.contains("admin:***@no-such"),
             run.describe());
    QVERIFY2(run.err.contains(expected.toUtf8()), run.describe());
    QVERIFY2(!showsSecret(run), run.describe());
}

void TestCliFaults::identifiersAndValuesReachTheDatabase_data()
{
    QTest::addColumn<QString>("engine");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    QTest::newRow("postgres") << QStringLiteral("postgres");
    QTest::newRow("mariadb") << QStringLiteral("mariadb");
}

void TestCliFaults::identifiersAndValuesReachTheDatabase()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("quoting"));
    // Not Django's tables: names with upper case, spaces, quotes, a semicolon and non-ASCII letters.
    const bool pg = db.isPostgres();
    QString error;
    QVERIFY2(
        db.exec(
            QStringList{
                QStringLiteral("CREATE TABLE \"Site User\" (\"User ID\" integer PRIMARY KEY, \"Name\" "
                               "varchar(40) NOT NULL)"),
                QStringLiteral("CREATE TABLE \"Pro\"\"file \"\"X\"\"\" (\"Key\" %1 PRIMARY KEY, "
                               "\"Owner Ref\" integer NOT NULL UNIQUE REFERENCES \"Site User\" "
                               "(\"User ID\"), \"Nick \"\"Name\"\"\" varchar(60) NOT NULL, "
                               "\"Motto; DROP\" text NOT NULL DEFAULT 'none', \"\u00dcn\u00efcode\" "
                               "varchar(20) NULL)")
                    .arg(pg               ? QStringLiteral("serial")
                         : db.isMariadb() ? QStringLiteral("integer AUTO_INCREMENT")
                                          : QStringLiteral("integer")),
                QStringLiteral("INSERT INTO \"Site User\" VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'), "
                               "(5, 'e')"),
                QStringLiteral("INSERT INTO \"Pro\"\"file \"\"X\"\"\" (\"Owner Ref\", \"Nick \"\"Name\"\"\") "
                               "VALUES (2, 'kept')")},
            &error),
        qPrintable(error));
    const QString nick = QStringLiteral("O'Brien\"; DROP TABLE \"Site User\"; --");
    const QString unicode = QStringLiteral("Zo\u00eb \U0001F680 \u00df");
    const QStringList overrides{QStringLiteral("--user-table"),    QStringLiteral("Site User"),
                                QStringLiteral("--profile-table"), QStringLiteral("Pro\"file \"X\""),
                                QStringLiteral("--link-column"),   QStringLiteral("Owner Ref")};

    const CliRun::Result check =
        CliRun::run(QStringList{QStringLiteral("check"), db.url(), QStringLiteral("--json")} + overrides);
    QVERIFY2(check.exitCode == 1, check.describe());
    QCOMPARE(check.json().value(u"missing").toInt(), 4);
    QCOMPARE(check.json().value(u"profile_table").toString(), QStringLiteral("Pro\"file \"X\""));
    QCOMPARE(check.json().value(u"link_column").toString(), QStringLiteral("Owner Ref"));

    const CliRun::Result fix = CliRun::run(
        QStringList{QStringLiteral("fix"), db.url(), QStringLiteral("--yes"), QStringLiteral("--json"),
                    QStringLiteral("--set"), QStringLiteral("Nick \"Name\"=") + nick, QStringLiteral("--set"),
                    QStringLiteral("\u00dcn\u00efcode=") + unicode} +
        overrides);
    QVERIFY2(fix.exitCode == 0, fix.describe());
    QCOMPARE(fix.json().value(u"created").toInt(), 4);

    // Read back with bound values: exactly what was typed, in the columns named, and nothing else touched.
    const QString name = QStringLiteral("exact");
    {
        QSqlDatabase raw = Faults::openRaw(db, name, &error);
        QVERIFY2(raw.isOpen(), qPrintable(error));
        QSqlQuery q(raw);
        if (db.isMariadb()) // (so that the same SQL quotes the names)
            QVERIFY2(q.exec(QStringLiteral("SET SESSION sql_mode = CONCAT(@@sql_mode, ',ANSI_QUOTES')")),
                     qPrintable(q.lastError().text()));
        QVERIFY(q.prepare(
            QStringLiteral("SELECT count(*) FROM \"Pro\"\"file \"\"X\"\"\" WHERE \"Nick \"\"Name\"\"\" "
                           "= ? AND \"\u00dcn\u00efcode\" = ? AND \"Motto; DROP\" = 'none'")));
        q.addBindValue(nick);
        q.addBindValue(unicode);
        QVERIFY2(q.exec() && q.next(), qPrintable(q.lastError().text()));
        QCOMPARE(q.value(0).toInt(), 4);
        QVERIFY(q.exec(QStringLiteral(
                    "SELECT \"Owner Ref\" FROM \"Pro\"\"file \"\"X\"\"\" WHERE \"Nick \"\"Name\"\"\" "
                    "= 'kept'")) &&
                q.next());
        QCOMPARE(q.value(0).toInt(), 2);
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM \"Site User\"")) && q.next());
        QCOMPARE(q.value(0).toInt(), 5);
    }
    Faults::closeRaw(name);
    const CliRun::Result after = CliRun::run(QStringList{QStringLiteral("check"), db.url()} + overrides);
    QVERIFY2(after.exitCode == 0, after.describe());
}

void TestCliFaults::wrongSetValuesAreRefused_data()
{
    QTest::addColumn<QString>("engine");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    QTest::newRow("postgres") << QStringLiteral("postgres");
    QTest::newRow("mariadb") << QStringLiteral("mariadb");
}

void TestCliFaults::wrongSetValuesAreRefused()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("custom"), QStringLiteral("wrongset"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(db.seed(20, 5, &error), qPrintable(error));
    const QString snapshot = db.saveSnapshot(&error);
    QVERIFY2(!snapshot.isEmpty(), qPrintable(error));

    // --set argument, then the sentence that must name the column.
    const QList<QPair<QString, QString>> cases{
        {QStringLiteral("karma=lots"), QStringLiteral("for column \"karma\" is not a whole number")},
        {QStringLiteral("karma=1.5"), QStringLiteral("for column \"karma\" is not a whole number")},
        {QStringLiteral("karma=3000000000"),
         QStringLiteral("for column \"karma\" is not a whole number from -2147483648 to 2147483647")},
        {QStringLiteral("karma=99999999999999999999"),
         QStringLiteral("for column \"karma\" is not a whole number")},
        {QStringLiteral("newsletter=maybe"),
         QStringLiteral("for column \"newsletter\" is not true or false")},
        {QStringLiteral("preferences={\"a\": "),
         QStringLiteral("for column \"preferences\" is not valid JSON")},
        {QStringLiteral("birthday=2020-13-45"),
         QStringLiteral("for column \"birthday\" is not a date (YYYY-MM-DD)")},
        {QStringLiteral("joined_at=yesterday"),
         QStringLiteral("for column \"joined_at\" is not a date and time")},
        {QStringLiteral("nickname=") + QString(41, QLatin1Char('n')),
         QStringLiteral("column \"nickname\" is 41 characters long; the column holds 40")},
        {QStringLiteral("shoe_size=42"), QStringLiteral("has no column \"shoe_size\"")},
        {QStringLiteral("owner_ref=3"), QStringLiteral("Column \"owner_ref\" is the link to the user")},
        {QStringLiteral("karma"), QStringLiteral("--set takes COLUMN=VALUE")},
    };
    for (const auto &[assignment, expected] : cases) {
        for (const QString &command : {QStringLiteral("fix"), QStringLiteral("schema")}) {
            QStringList arguments{command, db.url(), QStringLiteral("--set"), assignment};
            if (command == QLatin1String("fix"))
                arguments << QStringLiteral("--yes");
            const CliRun::Result run = CliRun::run(arguments);
            QVERIFY2(run.exitCode == 2 && run.isOneSentence(command), run.describe());
            QVERIFY2(run.err.contains(expected.toUtf8()), run.describe());
        }
    }
    const QJsonObject verdict = db.verify(snapshot);
    QCOMPARE(verdict.value(u"missing").toInt(), 15);
    QCOMPARE(verdict.value(u"changed_count").toInt(), 0);

    // The limits themselves are accepted, and Django takes the result.
    const CliRun::Result edge =
        CliRun::run({QStringLiteral("fix"), db.url(), QStringLiteral("--yes"), QStringLiteral("--set"),
                     QStringLiteral("karma=-2147483648"), QStringLiteral("--set"),
                     QStringLiteral("nickname=") + QString(40, QLatin1Char('n'))});
    QVERIFY2(edge.exitCode == 0, edge.describe());
    const QJsonObject after = db.verify(snapshot);
    QVERIFY2(after.value(u"ok").toBool(), TestDatabase::dump(after).constData());
}

void TestCliFaults::mysqlWrongPassword()
{
    PA_TEST_DATABASE(db, QStringLiteral("mariadb"), QStringLiteral("classic"), QStringLiteral("password"));
    const QString user = QStringLiteral("pa_pw_%1").arg(db.databaseName().section(QLatin1Char('_'), -2));
    QString error;
    QVERIFY2(
        db.exec(QStringList{QStringLiteral("DROP USER IF EXISTS '%1'@'%'").arg(user),
                            QStringLiteral("CREATE USER '%1'@'%' IDENTIFIED BY 'Right4711pw'").arg(user),
                            QStringLiteral("GRANT ALL ON \"%1\".* TO '%2'@'%'").arg(db.databaseName(), user)},
                &error),
        qPrintable(error));
    const auto dropUser =
        qScopeGuard([&] { db.exec(QStringLiteral("DROP USER IF EXISTS '%1'@'%'").arg(user)); });
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QUrl url(db.url());
    url.setUserName(user);
    url.setPassword(QStringLiteral("Hunter2pw"));
    for (const QString &command : {QStringLiteral("check"), QStringLiteral("fix")}) {
        QStringList arguments{command, url.toString()};
        if (command == QLatin1String("fix"))
            arguments << QStringLiteral("--yes");
        const CliRun::Result run = CliRun::run(arguments);
        QVERIFY2(run.exitCode == 2 && run.isOneSentence(command), run.describe());
        QVERIFY2(run.err.contains("Access denied for user"), run.describe());
        QVERIFY2(run.err.contains("check the user name and password"), run.describe());
        QVERIFY2(run.err.contains(QByteArray(":***@127.0.0.1")), run.describe());
        QVERIFY2(!showsSecret(run), run.describe());
    }
    // The right password opens it: the refusal was the password's, nothing else.
    url.setPassword(QStringLiteral("Right4711pw"));
    const CliRun::Result right = CliRun::run({QStringLiteral("check"), url.toString()});
    QVERIFY2(right.exitCode == 0, right.describe());
}

// MyISAM cannot roll back a failed run, and keeps no foreign keys: a profile table there (as Django makes it
// when the server's default engine is MyISAM) is never taken for one, so fix refuses before writing anything.
void TestCliFaults::mysqlNonTransactionalTableIsRefused()
{
    PA_TEST_DATABASE(db, QStringLiteral("mariadb"), QStringLiteral("classic"), QStringLiteral("myisam"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(db.seed(20, 5, &error), qPrintable(error));
    // InnoDB will not convert a table that takes part in a foreign key.
    const QString foreignKey =
        db.queryValue(
              QStringLiteral("SELECT CONSTRAINT_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS "
                             "WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = 'account_profile'"),
              &error)
            .toString();
    QVERIFY2(!foreignKey.isEmpty(), qPrintable(error));
    QVERIFY2(db.exec({QStringLiteral("ALTER TABLE account_profile DROP FOREIGN KEY \"%1\"").arg(foreignKey),
                      QStringLiteral("ALTER TABLE account_profile ENGINE=MyISAM")},
                     &error),
             qPrintable(error));
    const QString snapshot = db.saveSnapshot(&error);
    QVERIFY2(!snapshot.isEmpty(), qPrintable(error));
    const QStringList tables{QStringLiteral("--user-table"),    QStringLiteral("auth_user"),
                             QStringLiteral("--profile-table"), QStringLiteral("account_profile"),
                             QStringLiteral("--link-column"),   QStringLiteral("user_id")};
    for (const QStringList &arguments :
         {QStringList{QStringLiteral("fix"), db.url(), QStringLiteral("--yes")},
          QStringList{QStringLiteral("fix"), db.url(), QStringLiteral("--yes")} + tables}) {
        const CliRun::Result fix = CliRun::run(arguments);
        QVERIFY2(fix.exitCode == 2 && fix.isOneSentence(QStringLiteral("fix")), fix.describe());
        QVERIFY2(fix.err.contains("one-to-one link"), fix.describe());
    }
    QCOMPARE(db.queryValue(QStringLiteral("SELECT count(*) FROM account_profile")).toInt(), 5);
    const QJsonObject verdict = db.verify(snapshot);
    QCOMPARE(verdict.value(u"missing").toInt(), 15);
    QCOMPARE(verdict.value(u"changed_count").toInt(), 0);
}

QTEST_GUILESS_MAIN(TestCliFaults)
#include "tst_clifaults.moc"
