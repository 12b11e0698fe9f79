// DatabaseUrl: every form the README lists, and a clear sentence for each bad input.
#include "DatabaseUrl.h"
#include "MysqlOptionFiles.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

class TestDatabaseUrl : public QObject
{
    Q_OBJECT

private slots:
    void postgres_data();
    void postgres();
    void mysql_data();
    void mysql();
    void mysqlOptionFiles();
    void invalid_data();
    void invalid();
    void sqliteForms();
    void sqliteMissingFileIsNeverCreated();
    void passwordIsMasked();
    void displayStringParsesBack();
};

void TestDatabaseUrl::postgres_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("database");
    QTest::addColumn<QString>("options");

    QTest::newRow("full") << "postgres://alice:pw@db.example.org:5433/site?sslmode=require&connect_timeout=3"
                          << "db.example.org" << 5433 << "alice"
                          << "pw"
                          << "site"
                          << "connect_timeout=3,sslmode=require";
    QTest::newRow("postgresql scheme") << "postgresql://bob@localhost/shop"
                                       << "localhost" << -1 << "bob"
                                       << ""
                                       << "shop"
                                       << "";
    QTest::newRow("pgsql scheme") << "pgsql://h/d"
                                  << "h" << -1 << ""
                                  << ""
                                  << "d"
                                  << "";
    QTest::newRow("upper-case scheme") << "POSTGRES://h/d"
                                       << "h" << -1 << ""
                                       << ""
                                       << "d"
                                       << "";
    QTest::newRow("libpq defaults for host and user") << "postgres:///mysite"
                                                      << "" << -1 << ""
                                                      << ""
                                                      << "mysite"
                                                      << "";
    QTest::newRow("user without host") << "postgres://carol@/mysite"
                                       << "" << -1 << "carol"
                                       << ""
                                       << "mysite"
                                       << "";
    QTest::newRow("port without host") << "postgres://:6543/mysite"
                                       << "" << 6543 << ""
                                       << ""
                                       << "mysite"
                                       << "";
    QTest::newRow("socket directory") << "postgres:///mysite?host=/var/run/postgresql"
                                      << "/var/run/postgresql" << -1 << ""
                                      << ""
                                      << "mysite"
                                      << "";
    QTest::newRow("percent-encoded password") << "postgres://u:p%40ss%3Aw%2Fd@h/d"
                                              << "h" << -1 << "u"
                                              << "p@ss:w/d"
                                              << "d"
                                              << "";
    QTest::newRow("ipv6 host") << "postgres://u@[::1]:5432/d"
                               << "::1" << 5432 << "u"
                               << ""
                               << "d"
                               << "";
    QTest::newRow("unicode database") << "postgres://h/caf%C3%A9"
                                      << "h" << -1 << ""
                                      << ""
                                      << "café"
                                      << "";
    QTest::newRow("surrounding spaces") << "  postgres://h/d  "
                                        << "h" << -1 << ""
                                        << ""
                                        << "d"
                                        << "";
}

void TestDatabaseUrl::postgres()
{
    QFETCH(QString, text);
    QString error;
    const DatabaseUrl url = DatabaseUrl::parse(text, &error);
    QVERIFY2(url.isValid(), qPrintable(error));
    QCOMPARE(url.kind(), DatabaseUrl::Kind::PostgreSQL);
    QTEST(url.host(), "host");
    QTEST(url.port(), "port");
    QTEST(url.user(), "user");
    QTEST(url.password(), "password");
    QTEST(url.databaseName(), "database");
    QStringList options;
    const auto map = url.options();
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        options << it.key() + QLatin1Char('=') + it.value();
    QTEST(options.join(QLatin1Char(',')), "options");
}

void TestDatabaseUrl::mysql_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("database");
    QTest::addColumn<QString>("options");
    QTest::addColumn<QString>("shown");

    QTest::newRow("full") << "mysql://alice:pw@db.example.org:3307/site?ssl-mode=required&connect_timeout=3"
                          << "db.example.org" << 3307 << "alice"
                          << "pw"
                          << "site"
                          << "connect_timeout=3,ssl-mode=REQUIRED"
                          << "mysql://alice:***@db.example.org:3307/site?connect_timeout=3&ssl-mode=REQUIRED";
    QTest::newRow("mariadb scheme") << "mariadb://bob@localhost/shop"
                                    << "localhost" << -1 << "bob"
                                    << ""
                                    << "shop"
                                    << ""
                                    << "mariadb://bob@localhost/shop";
    QTest::newRow("option file defaults") << "mysql:///mysite"
                                          << "" << -1 << ""
                                          << ""
                                          << "mysite"
                                          << ""
                                          << "mysql:///mysite";
    QTest::newRow("unix socket") << "mysql://u@/d?unix_socket=/run/mysqld/mysqld.sock"
                                 << "" << -1 << "u"
                                 << ""
                                 << "d"
                                 << "unix_socket=/run/mysqld/mysqld.sock"
                                 << "mysql://u@/d?unix_socket=/run/mysqld/mysqld.sock";
    QTest::newRow("percent-encoded password") << "MySQL://u:p%40ss%3Bw@h/d"
                                              << "h" << -1 << "u"
                                              << "p@ss;w"
                                              << "d"
                                              << ""
                                              << "mysql://u:***@h/d";
}

void TestDatabaseUrl::mysql()
{
    QFETCH(QString, text);
    QString error;
    const DatabaseUrl url = DatabaseUrl::parse(text, &error);
    QVERIFY2(url.isValid(), qPrintable(error));
    QCOMPARE(url.kind(), DatabaseUrl::Kind::MySQL);
    QTEST(url.host(), "host");
    QTEST(url.port(), "port");
    QTEST(url.user(), "user");
    QTEST(url.password(), "password");
    QTEST(url.databaseName(), "database");
    QStringList options;
    const auto map = url.options();
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        options << it.key() + QLatin1Char('=') + it.value();
    QTEST(options.join(QLatin1Char(',')), "options");
    QTEST(url.toDisplayString(), "shown");
    const DatabaseUrl again = DatabaseUrl::parse(url.toStorableString(), &error);
    QVERIFY2(again.isValid(), qPrintable(error));
    QCOMPARE(again.kind(), DatabaseUrl::Kind::MySQL);
    QCOMPARE(again.options(), url.options());
    QCOMPARE(again.databaseName(), url.databaseName());
}

void TestDatabaseUrl::mysqlOptionFiles()
{
    // The [client] groups of the files, later files winning, includes followed, other groups ignored.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto write = [&](const QString &name, const QByteArray &text) {
        QFile file(dir.filePath(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(text);
    };
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("conf.d")));
    write(QStringLiteral("conf.d/50-client.cnf"), "[client-mariadb]\nsocket = /run/x.sock\n");
    write(QStringLiteral("etc.cnf"),
          "[mysqld]\nuser = mysql\nport = 1\n[client]\nhost=db1\nport=3307\n!includedir " +
              dir.filePath(QStringLiteral("conf.d")).toUtf8() + "\n");
    write(QStringLiteral("home.cnf"),
          "# mine\n[client]\nuser = \"carol\"\npassword='se cret' \ndatabase=site # c\n"
          "[mysql]\nhost = ignored\n");
    const MysqlClientOptions options = MysqlOptionFiles::read({dir.filePath(QStringLiteral("etc.cnf")),
                                                               dir.filePath(QStringLiteral("missing.cnf")),
                                                               dir.filePath(QStringLiteral("home.cnf"))});
    QCOMPARE(options.host, QStringLiteral("db1"));
    QCOMPARE(options.port, 3307);
    QCOMPARE(options.user, QStringLiteral("carol"));
    QCOMPARE(options.password, QStringLiteral("se cret"));
    QCOMPARE(options.database, QStringLiteral("site"));
    QCOMPARE(options.socket, QStringLiteral("/run/x.sock"));
}

void TestDatabaseUrl::invalid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected"); // a fragment the one-sentence message must contain

    QTest::newRow("empty") << ""
                           << "No database given";
    QTest::newRow("unknown scheme") << "oracle://u@h/d"
                                    << "Unsupported database scheme \"oracle\"";
    QTest::newRow("mysql without database") << "mysql://u@h"
                                            << "mysql://host/dbname";
    QTest::newRow("mysql unknown option") << "mysql://h/d?sslmode=require"
                                          << "unix_socket, ssl-mode and connect_timeout";
    QTest::newRow("mysql bad ssl-mode") << "mysql://h/d?ssl-mode=sometimes"
                                        << "Unknown ssl-mode";
    QTest::newRow("mysql unverifiable ssl-mode") << "mariadb://h/d?ssl-mode=VERIFY_IDENTITY"
                                                 << "cannot verify";
    QTest::newRow("mysql option smuggling") << "mysql://h/d?unix_socket=/tmp/s%3BCLIENT_SSL%3D1"
                                            << "not allowed";
    QTest::newRow("mysql bad connect_timeout") << "mysql://h/d?connect_timeout=-1"
                                               << "whole number";
    QTest::newRow("mysql one slash") << "mysql:/u@h/d"
                                     << "mysql:// (two slashes)";
    QTest::newRow("mariadb bad port") << "mariadb://h:99999/d"
                                      << "from 1 to 65535";
    QTest::newRow("http") << "http://example.org/"
                          << "Unsupported database scheme";
    QTest::newRow("missing database name") << "postgres://u@h"
                                           << "names no database";
    QTest::newRow("missing database name, slash") << "postgres://u@h:5432/"
                                                  << "names no database";
    QTest::newRow("port not a number") << "postgres://h:abc/d"
                                       << "port \"abc\"";
    QTest::newRow("port too large") << "postgres://h:70000/d"
                                    << "port \"70000\"";
    QTest::newRow("port zero") << "postgres://h:0/d"
                               << "port \"0\"";
    QTest::newRow("negative port") << "postgres://h:-5/d"
                                   << "port \"-5\"";
    QTest::newRow("unknown option") << "postgres://h/d?foo=bar"
                                    << "Unknown option \"foo\"";
    QTest::newRow("bad sslmode") << "postgres://h/d?sslmode=always"
                                 << "Unknown sslmode \"always\"";
    QTest::newRow("bad connect_timeout") << "postgres://h/d?connect_timeout=soon"
                                         << "connect_timeout";
    QTest::newRow("option smuggling another keyword") << "postgres://h/d?application_name=x%20host%3Devil"
                                                      << "not allowed there";
    QTest::newRow("option with quote") << "postgres://h/d?application_name=a'b"
                                       << "not allowed there";
    QTest::newRow("host twice") << "postgres://h/d?host=/tmp"
                                << "gives the host twice";
    QTest::newRow("slash in database") << "postgres://h/a/b"
                                       << "contains a slash";
    QTest::newRow("sqlite url without path") << "sqlite://"
                                             << "three slashes";
    QTest::newRow("sqlite url two slashes") << "sqlite://x.db"
                                            << "three slashes";
    QTest::newRow("missing sqlite file") << "/nonexistent/folder/site.db"
                                         << "does not exist";
    QTest::newRow("missing sqlite url") << "sqlite:////nonexistent/site.db"
                                        << "does not exist";
    QTest::newRow("directory") << "/tmp"
                               << "is a directory";
    QTest::newRow("bad host characters") << "postgres://bad host/d"
                                         << "malformed";
}

void TestDatabaseUrl::invalid()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QString error;
    const DatabaseUrl url = DatabaseUrl::parse(text, &error);
    QVERIFY(!url.isValid());
    QCOMPARE(url.kind(), DatabaseUrl::Kind::Invalid);
    QVERIFY2(error.contains(expected), qPrintable(error));
    QVERIFY2(error.endsWith(QLatin1Char('.')), qPrintable(error));
    QVERIFY2(!error.contains(QLatin1Char('\n')), qPrintable(error));
}

void TestDatabaseUrl::sqliteForms()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("site.sqlite3"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();

    QString error;
    const DatabaseUrl plain = DatabaseUrl::parse(path, &error);
    QVERIFY2(plain.isValid(), qPrintable(error));
    QCOMPARE(plain.kind(), DatabaseUrl::Kind::SQLite);
    QCOMPARE(plain.filePath(), path);

    const DatabaseUrl absolute = DatabaseUrl::parse(QStringLiteral("sqlite:///") + path, &error);
    QVERIFY2(absolute.isValid(), qPrintable(error));
    QCOMPARE(absolute.filePath(), path);

    QVERIFY(QDir::setCurrent(dir.path()));
    const DatabaseUrl relative = DatabaseUrl::parse(QStringLiteral("sqlite:///site.sqlite3"), &error);
    QVERIFY2(relative.isValid(), qPrintable(error));
    QCOMPARE(relative.filePath(), path);
    QCOMPARE(relative.toDisplayString(), path);
}

void TestDatabaseUrl::sqliteMissingFileIsNeverCreated()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("typo.sqlite3"));
    QString error;
    QVERIFY(!DatabaseUrl::parse(path, &error).isValid());
    QVERIFY(!DatabaseUrl::parse(QStringLiteral("sqlite:///") + path, &error).isValid());
    QVERIFY(!QFile::exists(path));
}

void TestDatabaseUrl::passwordIsMasked()
{
    QString error;
    const DatabaseUrl url = DatabaseUrl::parse(QStringLiteral("postgres://alice:s3cret@h:5433/site"), &error);
    QVERIFY2(url.isValid(), qPrintable(error));
    QCOMPARE(url.toDisplayString(), QStringLiteral("postgres://alice:***@h:5433/site"));
    QCOMPARE(url.toStorableString(), QStringLiteral("postgres://alice@h:5433/site"));
    QVERIFY(!url.toDisplayString().contains(QLatin1String("s3cret")));
}

void TestDatabaseUrl::displayStringParsesBack()
{
    const QStringList inputs{QStringLiteral("postgres://alice@db:5433/site?sslmode=require"),
                             QStringLiteral("postgres:///mysite?host=/var/run/postgresql"),
                             QStringLiteral("postgres://:6543/caf%C3%A9"),
                             QStringLiteral("postgres://u@[::1]/d")};
    for (const QString &input : inputs) {
        QString error;
        const DatabaseUrl url = DatabaseUrl::parse(input, &error);
        QVERIFY2(url.isValid(), qPrintable(error));
        const DatabaseUrl again = DatabaseUrl::parse(url.toStorableString(), &error);
        QVERIFY2(again.isValid(), qPrintable(input + QStringLiteral(" -> ") + error));
        QCOMPARE(again.host(), url.host());
        QCOMPARE(again.port(), url.port());
        QCOMPARE(again.user(), url.user());
        QCOMPARE(again.databaseName(), url.databaseName());
        QCOMPARE(again.options(), url.options());
    }
}

QTEST_APPLESS_MAIN(TestDatabaseUrl)
#include "tst_databaseurl.moc"
