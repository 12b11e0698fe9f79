// DatabaseUrl: every form the README lists, and a clear sentence for each bad input.
#include "DatabaseUrl.h"

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

void TestDatabaseUrl::invalid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected"); // a fragment the one-sentence message must contain

    QTest::newRow("empty") << ""
                           << "No database given";
    QTest::newRow("unknown scheme") << "mysql://u@h/d"
                                    << "Unsupported database scheme \"mysql\"";
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
