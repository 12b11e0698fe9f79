// UsersQuery: the Users view's SQL, run for real on an SQLite file whose names need quoting. Filters and
// search are done by the database with bound values; what the user types is matched literally, never as SQL
// or as LIKE wildcards.
#include "DatabaseSession.h"
#include "UsersQuery.h"

#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

// "a b c" -> {"a", "b", "c"}: the usernames of the test table contain no spaces.
QStringList words(const char *text)
{
    return QString::fromLatin1(text).split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

} // namespace

class TestUsersQuery final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void showsTheUsefulColumnsNeverThePassword();
    void shapeHasTheColumnsAndNoRows();
    void countsWhatTheFilterLetsThrough_data();
    void countsWhatTheFilterLetsThrough();
    void pagesFromEitherEndAgree();
    void columnFiltersCombineWithTheRest_data();
    void columnFiltersCombineWithTheRest();

private:
    QStringList usernames(const UsersQuery &query, bool fromEnd, qint64 limit, qint64 offset,
                          QList<bool> *missing = nullptr);

    QTemporaryDir m_dir;
    std::unique_ptr<DatabaseSession> m_session;
};

void TestUsersQuery::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString path = m_dir.filePath(QStringLiteral("users.sqlite3"));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("setup"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        // A custom user model with names that need quoting, found by its one-to-one profile link.
        const QStringList statements{
            QStringLiteral(
                "CREATE TABLE \"we\"\"ird users\" (\"user id\" integer PRIMARY KEY, "
                "username varchar(150) NOT NULL, email varchar(254) NOT NULL, "
                "password varchar(128) NOT NULL, last_login datetime NULL, is_active bool NOT NULL)"),
            QStringLiteral(
                "CREATE TABLE \"pro files\" (id integer PRIMARY KEY, owner integer NOT NULL UNIQUE "
                "REFERENCES \"we\"\"ird users\" (\"user id\"))"),
            QStringLiteral(
                "INSERT INTO \"we\"\"ird users\" VALUES "
                "(1, 'ann', 'ann@example.org', '!', NULL, 1), (2, 'Bob', 'bob@example.org', '!', NULL, 1), "
                "(3, '100%', 'pct@example.org', '!', NULL, 1), (4, 'a_b', 'ab@example.org', '!', NULL, 0), "
                "(5, 'axb', 'axb@example.org', '!', NULL, 1), (6, 'zed', 'zed@example.org', '!', NULL, 1)"),
            QStringLiteral("INSERT INTO \"pro files\" (owner) VALUES (1), (6)")};
        for (const QString &sql : statements)
            QVERIFY2(q.exec(sql), qPrintable(q.lastError().text()));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("setup"));

    QString error;
    m_session = std::make_unique<DatabaseSession>(DatabaseUrl::parse(path, &error),
                                                  SessionOptions{QStringLiteral("test")});
    QVERIFY2(m_session->isReady(), qPrintable(m_session->errorText()));
    QCOMPARE(m_session->schema().userTable.name, QStringLiteral("we\"ird users"));
}

void TestUsersQuery::cleanupTestCase()
{
    m_session.reset();
}

QStringList TestUsersQuery::usernames(const UsersQuery &query, bool fromEnd, qint64 limit, qint64 offset,
                                      QList<bool> *missing)
{
    QSqlQuery q(m_session->database());
    if (!q.prepare(query.pageStatement(fromEnd))) {
        qWarning("%s", qPrintable(q.lastError().text()));
        return {};
    }
    query.bindFilter(q);
    q.bindValue(QStringLiteral(":limit"), limit);
    q.bindValue(QStringLiteral(":offset"), offset);
    if (!q.exec()) {
        qWarning("%s", qPrintable(q.lastError().text()));
        return {};
    }
    QStringList names;
    while (q.next()) {
        names << q.value(1).toString();
        if (missing)
            missing->append(q.value(q.record().count() - 1).toBool());
    }
    return names;
}

void TestUsersQuery::showsTheUsefulColumnsNeverThePassword()
{
    const UsersQuery query(m_session->schema(), m_session->engine());
    QStringList names;
    for (const ColumnInfo &column : query.columns())
        names << column.name;
    QCOMPARE(names,
             (QStringList{QStringLiteral("user id"), QStringLiteral("username"), QStringLiteral("email"),
                          QStringLiteral("is_active"), QStringLiteral("last_login")}));
}

void TestUsersQuery::shapeHasTheColumnsAndNoRows()
{
    const UsersQuery query(m_session->schema(), m_session->engine());
    QSqlQuery q(m_session->database());
    QVERIFY2(q.exec(query.shapeStatement()), qPrintable(q.lastError().text()));
    QCOMPARE(q.record().count(), int(query.columns().size()));
    QVERIFY(!q.next());
}

void TestUsersQuery::countsWhatTheFilterLetsThrough_data()
{
    QTest::addColumn<bool>("onlyMissing");
    QTest::addColumn<QString>("search");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("everyone") << false << QString() << words("ann Bob 100% a_b axb zed");
    QTest::newRow("only missing") << true << QString() << words("Bob 100% a_b axb");
    QTest::newRow("case does not matter") << false << QStringLiteral("BOB") << words("Bob");
    QTest::newRow("a typed % is a percent sign") << false << QStringLiteral("0%") << words("100%");
    QTest::newRow("a typed _ is an underscore") << false << QStringLiteral("a_") << words("a_b");
    QTest::newRow("quotes are data") << false << QStringLiteral("x' OR '1'='1") << QStringList();
    QTest::newRow("email too") << false << QStringLiteral("@example.org")
                               << words("ann Bob 100% a_b axb zed");
    QTest::newRow("search and only missing") << true << QStringLiteral("b@") << words("Bob a_b axb");
}

void TestUsersQuery::countsWhatTheFilterLetsThrough()
{
    QFETCH(bool, onlyMissing);
    QFETCH(QString, search);
    QFETCH(QStringList, expected);
    UsersQuery query(m_session->schema(), m_session->engine());
    query.setOnlyMissing(onlyMissing);
    query.setSearchText(search);
    QCOMPARE(query.isUnfiltered(), !onlyMissing && search.isEmpty());

    QSqlQuery count(m_session->database());
    QVERIFY2(count.prepare(query.countStatement()), qPrintable(count.lastError().text()));
    query.bindFilter(count);
    QVERIFY2(count.exec() && count.next(), qPrintable(count.lastError().text()));
    QCOMPARE(count.value(0).toInt(), int(expected.size()));
    QCOMPARE(usernames(query, false, 100, 0), expected);
}

void TestUsersQuery::pagesFromEitherEndAgree()
{
    UsersQuery query(m_session->schema(), m_session->engine());
    query.setSort(1, true); // username, descending (SQLite compares text by code point)
    QList<bool> missing;
    const QStringList all = usernames(query, false, 100, 0, &missing);
    QCOMPARE(all, (words("zed axb ann a_b Bob 100%")));
    QCOMPARE(missing, (QList<bool>{false, true, false, true, true, true}));
    // The last two rows, read from the end (OFFSET counts the rows after the page), in view order.
    QCOMPARE(usernames(query, true, 2, 0), all.mid(4, 2));
    QCOMPARE(usernames(query, true, 2, 1), all.mid(3, 2));
    QCOMPARE(usernames(query, false, 2, 2), all.mid(2, 2));
}

void TestUsersQuery::columnFiltersCombineWithTheRest_data()
{
    QTest::addColumn<bool>("onlyMissing");
    QTest::addColumn<QString>("search");
    QTest::addColumn<int>("column");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected");
    const int contains = int(ColumnFilter::Kind::Contains);
    const int isNull = int(ColumnFilter::Kind::IsNull);
    const int isNotNull = int(ColumnFilter::Kind::IsNotNull);
    // Columns: 0 user id, 1 username, 2 email, 3 is_active, 4 last_login (always NULL here).
    QTest::newRow("username contains, any case")
        << false << QString() << 1 << contains << QStringLiteral("A") << words("ann a_b axb");
    QTest::newRow("a typed _ is an underscore")
        << false << QString() << 1 << contains << QStringLiteral("_") << words("a_b");
    QTest::newRow("is NULL") << false << QString() << 4 << isNull << QString()
                             << words("ann Bob 100% a_b axb zed");
    QTest::newRow("is not NULL") << false << QString() << 4 << isNotNull << QString() << QStringList();
    QTest::newRow("AND only missing")
        << true << QString() << 2 << contains << QStringLiteral("x") << words("Bob 100% a_b axb");
    QTest::newRow("AND search") << false << QStringLiteral("b") << 1 << contains << QStringLiteral("a")
                                << words("a_b axb");
    QTest::newRow("AND search AND only missing")
        << true << QStringLiteral("b") << 2 << contains << QStringLiteral("ab@") << words("a_b");
    QTest::newRow("contains on a number matches nothing")
        << false << QString() << 0 << contains << QStringLiteral("1") << QStringList();
}

void TestUsersQuery::columnFiltersCombineWithTheRest()
{
    QFETCH(bool, onlyMissing);
    QFETCH(QString, search);
    QFETCH(int, column);
    QFETCH(int, kind);
    QFETCH(QString, text);
    QFETCH(QStringList, expected);
    UsersQuery query(m_session->schema(), m_session->engine());
    query.setOnlyMissing(onlyMissing);
    query.setSearchText(search);
    ColumnFilter filter;
    filter.set(column, {ColumnFilter::Kind(kind), text});
    query.setColumnFilter(filter);
    QVERIFY(query.isNarrowed());
    QVERIFY(!query.isUnfiltered());

    QSqlQuery count(m_session->database());
    QVERIFY2(count.prepare(query.countStatement()), qPrintable(count.lastError().text()));
    query.bindFilter(count);
    QVERIFY2(count.exec() && count.next(), qPrintable(count.lastError().text()));
    QCOMPARE(count.value(0).toInt(), int(expected.size()));
    QCOMPARE(usernames(query, false, 100, 0), expected);
    QCOMPARE(usernames(query, true, 100, 0), expected);
}

QTEST_GUILESS_MAIN(TestUsersQuery)
#include "tst_usersquery.moc"
