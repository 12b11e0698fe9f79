// DatabaseEngine::sqlLiteral() on real SQLite, PostgreSQL and MariaDB databases: every literal, read back by
// the database, is the value a bound parameter stores (quotes, backslashes, newlines, unicode, NUL, numbers
// at their limits, dates, times, binary, JSON), and the engine's notDistinct() guard finds the row by it.
#include "Connection.h"
#include "CoreTest.h"
#include "DatabaseEngine.h"
#include "TestDatabase.h"

#include <QDate>
#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <limits>

namespace {

struct Case
{
    const char *name;
    ColumnFamily family;
    QVariant value;
};

QList<Case> cases()
{
    const QString awkward[] = {
        QStringLiteral("plain"),
        QStringLiteral(""),
        QStringLiteral("it's"),
        QStringLiteral("''"),
        QStringLiteral("back\\slash \\' \\\\ \\n"),
        QStringLiteral("double \"quotes\""),
        QStringLiteral("new\nline and\r\nCRLF and\ttab"),
        QStringLiteral("Zoë, Ñandú, 日本語, 🎉"),
        QStringLiteral("'; DROP TABLE t; --"),
        QStringLiteral("E'x' $$ $tag$ %_"),
    };
    QList<Case> list;
    for (const QString &text : awkward)
        list << Case{"text", ColumnFamily::Text, text};
    for (const qlonglong number :
         {qlonglong(0), qlonglong(-1), qlonglong(9007199254740993LL), std::numeric_limits<qlonglong>::max(),
          std::numeric_limits<qlonglong>::min()})
        list << Case{"integer", ColumnFamily::Integer, number};
    for (const double number : {0.1, 1.0 / 3.0, -2.5e-10, 1e300, 123456789.125})
        list << Case{"decimal", ColumnFamily::Decimal, number};
    list << Case{"boolean", ColumnFamily::Boolean, true} << Case{"boolean", ColumnFamily::Boolean, false};
    list << Case{"date", ColumnFamily::Date, QDate(1985, 6, 7)}
         << Case{"date", ColumnFamily::Date, QDate(2, 1, 31)};
    list << Case{"datetime", ColumnFamily::DateTime,
                 QDateTime(QDate(2020, 2, 29), QTime(23, 59, 58, 125), Qt::UTC)}
         << Case{"datetime", ColumnFamily::DateTime,
                 QDateTime(QDate(2021, 7, 1), QTime(1, 30), Qt::OffsetFromUTC, 2 * 3600)};
    list << Case{"binary", ColumnFamily::Binary, QByteArray("\x00\xff'\\\"x", 6)}
         << Case{"binary", ColumnFamily::Binary, QByteArray("", 0)};
    list << Case{"json", ColumnFamily::Json,
                 QStringLiteral("{\"a\": \"it's \\\\ \\\"q\\\"\", \"b\": [1, 2.5, null]}")};
    for (const ColumnFamily family : {ColumnFamily::Text, ColumnFamily::Integer, ColumnFamily::Date})
        list << Case{"null", family, QVariant()};
    return list;
}

// The test table's column type for a family, as Django makes it on each engine.
QString columnType(const TestDatabase &db, ColumnFamily family)
{
    const bool postgres = db.isPostgres();
    const bool mariadb = db.isMariadb();
    switch (family) {
    case ColumnFamily::Integer:
        return QStringLiteral("bigint");
    case ColumnFamily::Decimal:
        return postgres || mariadb ? QStringLiteral("double precision") : QStringLiteral("real");
    case ColumnFamily::Boolean:
        return QStringLiteral("bool");
    case ColumnFamily::Date:
        return QStringLiteral("date");
    case ColumnFamily::DateTime:
        return postgres  ? QStringLiteral("timestamp with time zone")
               : mariadb ? QStringLiteral("datetime(6)")
                         : QStringLiteral("datetime");
    case ColumnFamily::Binary:
        return postgres  ? QStringLiteral("bytea")
               : mariadb ? QStringLiteral("longblob")
                         : QStringLiteral("BLOB");
    case ColumnFamily::Json:
        return postgres ? QStringLiteral("jsonb") : mariadb ? QStringLiteral("json") : QStringLiteral("text");
    default:
        return mariadb ? QStringLiteral("longtext") : QStringLiteral("text");
    }
}

} // namespace

class TestSqlLiteral : public QObject
{
    Q_OBJECT

private slots:
    void literalsReadBackAsBoundValues_data() { TestDatabase::addEngineData(); }
    void literalsReadBackAsBoundValues();
    void nulIsKeptOrRefused_data() { TestDatabase::addEngineData(); }
    void nulIsKeptOrRefused();
    void guardFindsATimeTheDriverReadRounded_data() { TestDatabase::addEngineData(); }
    void guardFindsATimeTheDriverReadRounded();
};

void TestSqlLiteral::literalsReadBackAsBoundValues()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("literal"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    Connection connection(CoreTest::urlOf(db), QStringLiteral("literals"));
    QVERIFY2(connection.isOpen(), qPrintable(connection.errorText()));
    const DatabaseEngine &dialect = connection.engine();
    QSqlQuery q(connection.database());

    int checked = 0;
    for (const Case &c : cases()) {
        const QString label = QStringLiteral("%1 %2").arg(QLatin1String(c.name), c.value.toString());
        QVERIFY2(q.exec(QStringLiteral("DROP TABLE IF EXISTS rt")), qPrintable(q.lastError().text()));
        QVERIFY2(q.exec(QStringLiteral("CREATE TABLE rt (id integer PRIMARY KEY, v %1)")
                            .arg(columnType(db, c.family))),
                 qPrintable(q.lastError().text()));
        // Row 1 through a bound value, as the save writes it; row 2 through the literal.
        const QVariant stored = dialect.toStorage(c.value, c.family);
        QVERIFY(q.prepare(QStringLiteral("INSERT INTO rt (id, v) VALUES (1, ?)")));
        q.addBindValue(stored.isNull() ? QVariant(QMetaType::fromType<QString>()) : stored);
        QVERIFY2(q.exec(), qPrintable(label + q.lastError().text()));
        QString literalError;
        const QString literal = dialect.sqlLiteral(stored, c.family, &literalError);
        QVERIFY2(!literal.isEmpty(), qPrintable(label + literalError));
        QVERIFY2(q.exec(QStringLiteral("INSERT INTO rt (id, v) VALUES (2, %1)").arg(literal)),
                 qPrintable(label + QStringLiteral(" as ") + literal + q.lastError().text()));

        // The database finds them equal, and the guard finds the bound row by the literal.
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM rt a, rt b WHERE a.id = 1 AND b.id = 2 AND %1")
                           .arg(dialect.notDistinct(QStringLiteral("a.v"), QStringLiteral("b.v")))));
        QVERIFY(q.next());
        QVERIFY2(q.value(0).toInt() == 1, qPrintable(label + QStringLiteral(" as ") + literal));
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM rt WHERE id = 1 AND %1")
                           .arg(dialect.notDistinct(QStringLiteral("v"), literal, c.family))));
        QVERIFY(q.next());
        QVERIFY2(q.value(0).toInt() == 1, qPrintable(label + QStringLiteral(" guard ") + literal));

        // And the driver reads back the same value from both.
        QVERIFY(q.exec(QStringLiteral("SELECT v FROM rt ORDER BY id")));
        QVERIFY(q.next());
        const QVariant bound = q.value(0);
        QVERIFY(q.next());
        const QVariant fromLiteral = q.value(0);
        QCOMPARE(fromLiteral.isNull(), bound.isNull());
        QVERIFY2(fromLiteral == bound, qPrintable(label + QStringLiteral(": ") + fromLiteral.toString() +
                                                  QStringLiteral(" != ") + bound.toString()));
        ++checked;
    }
    QCOMPARE(checked, cases().size());
}

void TestSqlLiteral::nulIsKeptOrRefused()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("literal_nul"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    Connection connection(CoreTest::urlOf(db), QStringLiteral("literals"));
    QVERIFY2(connection.isOpen(), qPrintable(connection.errorText()));
    const QString text = QStringLiteral("a") + QChar(0) + QStringLiteral("'b");
    const QString literal = connection.engine().sqlLiteral(text, ColumnFamily::Text, &error);
    if (db.isPostgres()) {
        // PostgreSQL text cannot hold it at all: refused in words, never cut short.
        QVERIFY(literal.isEmpty());
        QVERIFY2(error.contains(QLatin1String("NUL")), qPrintable(error));
        return;
    }
    QSqlQuery q(connection.database());
    QVERIFY2(q.exec(QStringLiteral("SELECT %1, length(%1)").arg(literal)), qPrintable(q.lastError().text()));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), text);
}

void TestSqlLiteral::guardFindsATimeTheDriverReadRounded()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("literal_micro"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    Connection connection(CoreTest::urlOf(db), QStringLiteral("literals"));
    QVERIFY2(connection.isOpen(), qPrintable(connection.errorText()));
    const DatabaseEngine &dialect = connection.engine();
    QSqlQuery q(connection.database());
    // Django keeps microseconds on every engine; Qt's driver reads milliseconds on PostgreSQL and MariaDB.
    QVERIFY2(
        q.exec(
            db.isPostgres()
                ? QStringLiteral("CREATE TABLE ts AS SELECT TIMESTAMPTZ '2020-05-06 07:08:09.123456+00' AS v")
            : db.isMariadb() ? QStringLiteral("CREATE TABLE ts AS SELECT CAST('2020-05-06 07:08:09.123456' "
                                              "AS DATETIME(6)) AS v")
                             : QStringLiteral("CREATE TABLE ts AS SELECT '2020-05-06 07:08:09.123456' AS v")),
        qPrintable(q.lastError().text()));
    QVERIFY(q.exec(QStringLiteral("SELECT v FROM ts")) && q.next());
    const QVariant read = q.value(0);
    q.finish();
    const auto matches = [&](const QVariant &value) {
        const QString literal =
            dialect.sqlLiteral(dialect.toStorage(value, ColumnFamily::DateTime), ColumnFamily::DateTime);
        QSqlQuery count(connection.database());
        if (!count.exec(
                QStringLiteral("SELECT count(*) FROM ts WHERE %1")
                    .arg(dialect.notDistinct(QStringLiteral("v"), literal, ColumnFamily::DateTime))) ||
            !count.next())
            return -1;
        return count.value(0).toInt();
    };
    QCOMPARE(matches(read), 1);
    // A change the grid can show is not taken for the same time.
    QCOMPARE(matches(QDateTime(QDate(2020, 5, 6), QTime(7, 8, 9, 128), Qt::UTC)), 0);
    QCOMPARE(matches(QVariant(QMetaType::fromType<QDateTime>())), 0);
}

QTEST_MAIN(TestSqlLiteral)
#include "tst_sqlliteral.moc"
