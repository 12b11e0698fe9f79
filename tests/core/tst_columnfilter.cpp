// ColumnFilter: the quick filters of a grid as SQL, for both engines' dialects, with every typed text bound
// (never pasted into the statement) and matched literally, wildcards and quotes included.
#include "ColumnFilter.h"
#include "DatabaseEngine.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace {

const DatabaseEngine &sqliteEngine()
{
    return DatabaseEngine::forKind(DatabaseUrl::Kind::SQLite);
}

const DatabaseEngine &postgresEngine()
{
    return DatabaseEngine::forKind(DatabaseUrl::Kind::PostgreSQL);
}

// The columns of the test table t: name (text), note (text, may be NULL), size (integer, may be NULL).
const QList<ColumnFilter::Column> Columns{{QStringLiteral("t.\"name\""), ColumnFamily::Text},
                                          {QStringLiteral("t.\"note\""), ColumnFamily::Text},
                                          {QStringLiteral("t.\"size\""), ColumnFamily::Integer}};

ColumnFilter::Condition contains(const QString &text)
{
    return {ColumnFilter::Kind::Contains, text};
}

const ColumnFilter::Condition IsNull{ColumnFilter::Kind::IsNull, {}};
const ColumnFilter::Condition IsNotNull{ColumnFilter::Kind::IsNotNull, {}};

} // namespace

Q_DECLARE_METATYPE(ColumnFilter)

class TestColumnFilter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void emptyFilterAddsNothing();
    void conditionsAreJoinedByAndInColumnOrder();
    void containsUsesTheEnginesCaseBlindLike();
    void containsOnANonTextColumnMatchesNothing();
    void emptyContainsClearsTheColumn();
    void describesEachCondition();
    void filtersRunOnSqlite_data();
    void filtersRunOnSqlite();

private:
    QTemporaryDir m_dir;
    QSqlDatabase m_db;
};

void TestColumnFilter::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("filter"));
    m_db.setDatabaseName(m_dir.filePath(QStringLiteral("filter.sqlite3")));
    QVERIFY(m_db.open());
    QSqlQuery q(m_db);
    QVERIFY(q.exec(QStringLiteral("CREATE TABLE t (id integer PRIMARY KEY, name text NOT NULL, note text, "
                                  "size integer)")));
    QVERIFY(q.exec(QStringLiteral("INSERT INTO t VALUES (1, 'Ann', 'likes 100%', 3), (2, 'bob', NULL, NULL), "
                                  "(3, 'a_b', 'x''y', 5), (4, 'axb', 'ANNex', NULL), (5, 'zed', '', 7)")));
}

void TestColumnFilter::cleanupTestCase()
{
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("filter"));
}

void TestColumnFilter::emptyFilterAddsNothing()
{
    const ColumnFilter filter;
    QVERIFY(filter.isEmpty());
    QCOMPARE(filter.sql(Columns, sqliteEngine()), QString());
}

void TestColumnFilter::conditionsAreJoinedByAndInColumnOrder()
{
    ColumnFilter filter;
    filter.set(2, IsNotNull);
    filter.set(1, IsNull);
    QCOMPARE(filter.columns(), (QList<int>{1, 2}));
    QCOMPARE(filter.sql(Columns, postgresEngine()),
             QStringLiteral("t.\"note\" IS NULL AND t.\"size\" IS NOT NULL"));
    // One condition per column: the latest wins.
    filter.set(1, IsNotNull);
    QCOMPARE(filter.sql(Columns, postgresEngine()),
             QStringLiteral("t.\"note\" IS NOT NULL AND t.\"size\" IS NOT NULL"));
    filter.clear(2);
    QCOMPARE(filter.sql(Columns, postgresEngine()), QStringLiteral("t.\"note\" IS NOT NULL"));
}

void TestColumnFilter::containsUsesTheEnginesCaseBlindLike()
{
    ColumnFilter filter;
    filter.set(0, contains(QStringLiteral("x' OR 1=1 --")));
    // The text is bound to a placeholder of its column, never pasted in.
    QCOMPARE(filter.sql(Columns, postgresEngine()),
             QStringLiteral("lower(t.\"name\") LIKE :filter0 ESCAPE '\\'"));
    QCOMPARE(filter.sql(Columns, sqliteEngine()), QStringLiteral("t.\"name\" LIKE :filter0 ESCAPE '\\'"));
}

void TestColumnFilter::containsOnANonTextColumnMatchesNothing()
{
    QVERIFY(!ColumnFilter::accepts(ColumnFamily::Integer, contains(QStringLiteral("3"))));
    QVERIFY(ColumnFilter::accepts(ColumnFamily::Integer, IsNull));
    QVERIFY(ColumnFilter::accepts(ColumnFamily::Text, contains(QStringLiteral("3"))));
    ColumnFilter filter;
    filter.set(2, contains(QStringLiteral("3")));
    // Never dropped silently: a condition that cannot be asked shows nothing.
    QCOMPARE(filter.sql(Columns, sqliteEngine()), QStringLiteral("1 = 0"));
    filter.set(7, IsNull);
    QCOMPARE(filter.sql(Columns, sqliteEngine()), QStringLiteral("1 = 0 AND 1 = 0"));
}

void TestColumnFilter::emptyContainsClearsTheColumn()
{
    ColumnFilter filter;
    filter.set(0, contains(QStringLiteral("a")));
    QVERIFY(filter.has(0));
    filter.set(0, contains(QString()));
    QVERIFY(!filter.has(0));
    QVERIFY(filter.isEmpty());
}

void TestColumnFilter::describesEachCondition()
{
    QCOMPARE(ColumnFilter::describe(contains(QStringLiteral("ann"))), QStringLiteral("contains “ann”"));
    QCOMPARE(ColumnFilter::describe(IsNull), QStringLiteral("is NULL"));
    QCOMPARE(ColumnFilter::describe(IsNotNull), QStringLiteral("is not NULL"));
}

void TestColumnFilter::filtersRunOnSqlite_data()
{
    QTest::addColumn<ColumnFilter>("filter");
    QTest::addColumn<QList<int>>("expected");
    const auto with = [](std::initializer_list<std::pair<int, ColumnFilter::Condition>> conditions) {
        ColumnFilter filter;
        for (const auto &condition : conditions)
            filter.set(condition.first, condition.second);
        return filter;
    };
    QTest::newRow("none") << ColumnFilter() << QList<int>{1, 2, 3, 4, 5};
    QTest::newRow("contains, any case") << with({{0, contains(QStringLiteral("AN"))}}) << QList<int>{1};
    QTest::newRow("a typed % is a percent sign")
        << with({{1, contains(QStringLiteral("0%"))}}) << QList<int>{1};
    QTest::newRow("a typed _ is an underscore")
        << with({{0, contains(QStringLiteral("a_"))}}) << QList<int>{3};
    QTest::newRow("quotes are data") << with({{1, contains(QStringLiteral("x'y"))}}) << QList<int>{3};
    QTest::newRow("is NULL is not empty") << with({{1, IsNull}}) << QList<int>{2};
    QTest::newRow("is not NULL") << with({{1, IsNotNull}}) << QList<int>{1, 3, 4, 5};
    QTest::newRow("AND of columns") << with({{1, IsNotNull}, {2, IsNull}}) << QList<int>{4};
    QTest::newRow("contains AND NULL")
        << with({{1, contains(QStringLiteral("ann"))}, {2, IsNull}}) << QList<int>{4};
}

void TestColumnFilter::filtersRunOnSqlite()
{
    QFETCH(ColumnFilter, filter);
    QFETCH(QList<int>, expected);
    const QString where = filter.sql(Columns, sqliteEngine());
    QSqlQuery q(m_db);
    const QString sql = QStringLiteral("SELECT id FROM t%1 ORDER BY id")
                            .arg(where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where);
    QVERIFY2(q.prepare(sql), qPrintable(q.lastError().text() + QStringLiteral(" in ") + sql));
    filter.bind(q, Columns, sqliteEngine());
    QVERIFY2(q.exec(), qPrintable(q.lastError().text() + QStringLiteral(" in ") + sql));
    QList<int> ids;
    while (q.next())
        ids << q.value(0).toInt();
    QCOMPARE(ids, expected);
}

QTEST_GUILESS_MAIN(TestColumnFilter)
#include "tst_columnfilter.moc"
