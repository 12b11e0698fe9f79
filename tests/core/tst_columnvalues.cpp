// ColumnValues: one type per column family whichever driver a value comes from, equality as the models see
// it, and the short form used in messages. Pure values: no database.
#include "ColumnValues.h"

#include <QDate>
#include <QDateTime>
#include <QTest>

class TestColumnValues final : public QObject
{
    Q_OBJECT

private slots:
    void nullKeepsTheFamilysType_data();
    void nullKeepsTheFamilysType();
    void booleans_data();
    void booleans();
    void dates_data();
    void dates();
    void dateTimes_data();
    void dateTimes();
    void otherFamiliesPassThrough_data();
    void otherFamiliesPassThrough();
    void same_data();
    void same();
    void describe_data();
    void describe();
};

void TestColumnValues::nullKeepsTheFamilysType_data()
{
    QTest::addColumn<ColumnFamily>("family");
    QTest::addColumn<int>("type");
    QTest::newRow("boolean") << ColumnFamily::Boolean << int(QMetaType::Bool);
    QTest::newRow("date") << ColumnFamily::Date << int(QMetaType::QDate);
    QTest::newRow("datetime") << ColumnFamily::DateTime << int(QMetaType::QDateTime);
    QTest::newRow("integer") << ColumnFamily::Integer << int(QMetaType::LongLong);
    QTest::newRow("text") << ColumnFamily::Text << int(QMetaType::QString);
    QTest::newRow("decimal") << ColumnFamily::Decimal << int(QMetaType::QString);
    QTest::newRow("json") << ColumnFamily::Json << int(QMetaType::QString);
    QTest::newRow("uuid") << ColumnFamily::Uuid << int(QMetaType::QString);
    QTest::newRow("other") << ColumnFamily::Other << int(QMetaType::QString);
}

void TestColumnValues::nullKeepsTheFamilysType()
{
    QFETCH(ColumnFamily, family);
    QFETCH(int, type);
    // A NULL of any driver type (or none) becomes a NULL of the family's type, so editors know what to offer.
    for (const QVariant &null :
         {QVariant(), QVariant(QMetaType::fromType<QString>()), QVariant(QMetaType::fromType<int>())}) {
        const QVariant shown = ColumnValues::fromDatabase(null, family);
        QVERIFY(shown.isNull());
        QCOMPARE(shown.typeId(), type);
    }
}

void TestColumnValues::booleans_data()
{
    QTest::addColumn<QVariant>("stored");
    QTest::addColumn<bool>("expected");
    // PostgreSQL hands over bool, SQLite (Django's 0/1) integers.
    QTest::newRow("true") << QVariant(true) << true;
    QTest::newRow("false") << QVariant(false) << false;
    QTest::newRow("sqlite 1") << QVariant(1) << true;
    QTest::newRow("sqlite 0") << QVariant(0) << false;
    QTest::newRow("sqlite 1 as long long") << QVariant(qlonglong(1)) << true;
    QTest::newRow("text 1") << QVariant(QStringLiteral("1")) << true;
    QTest::newRow("text 0") << QVariant(QStringLiteral("0")) << false;
}

void TestColumnValues::booleans()
{
    QFETCH(QVariant, stored);
    QFETCH(bool, expected);
    const QVariant shown = ColumnValues::fromDatabase(stored, ColumnFamily::Boolean);
    QCOMPARE(shown.typeId(), int(QMetaType::Bool));
    QCOMPARE(shown.toBool(), expected);
}

void TestColumnValues::dates_data()
{
    QTest::addColumn<QVariant>("stored");
    QTest::addColumn<QVariant>("expected");
    const QDate leap(2024, 2, 29);
    QTest::newRow("postgres QDate") << QVariant(leap) << QVariant(leap);
    QTest::newRow("sqlite ISO text") << QVariant(QStringLiteral("2024-02-29")) << QVariant(leap);
    QTest::newRow("sqlite text with a time")
        << QVariant(QStringLiteral("2024-02-29 13:45:00")) << QVariant(leap);
    // Text that is no date is shown as it is rather than lost.
    QTest::newRow("not a date") << QVariant(QStringLiteral("someday")) << QVariant(QStringLiteral("someday"));
    QTest::newRow("impossible date") << QVariant(QStringLiteral("2023-02-29"))
                                     << QVariant(QStringLiteral("2023-02-29"));
}

void TestColumnValues::dates()
{
    QFETCH(QVariant, stored);
    QFETCH(QVariant, expected);
    const QVariant shown = ColumnValues::fromDatabase(stored, ColumnFamily::Date);
    QCOMPARE(shown.typeId(), expected.typeId());
    QCOMPARE(shown, expected);
}

void TestColumnValues::dateTimes_data()
{
    QTest::addColumn<QVariant>("stored");
    QTest::addColumn<QDateTime>("expected"); // invalid: the stored value comes back unchanged
    const QDateTime utc(QDate(2024, 3, 1), QTime(12, 34, 56, 789), Qt::UTC);
    QTest::newRow("postgres QDateTime") << QVariant(utc) << utc;
    // Django writes aware datetimes to SQLite as UTC text without an offset.
    QTest::newRow("sqlite text, as Django writes it")
        << QVariant(QStringLiteral("2024-03-01 12:34:56.789000")) << utc;
    QTest::newRow("sqlite text, T") << QVariant(QStringLiteral("2024-03-01T12:34:56.789")) << utc;
    QTest::newRow("sqlite text, no fraction") << QVariant(QStringLiteral("2024-03-01T12:34:56"))
                                              << QDateTime(QDate(2024, 3, 1), QTime(12, 34, 56), Qt::UTC);
    QTest::newRow("text with an offset") << QVariant(QStringLiteral("2024-03-01T14:34:56.789+02:00")) << utc;
    QTest::newRow("not a moment") << QVariant(QStringLiteral("teatime")) << QDateTime();
}

void TestColumnValues::dateTimes()
{
    QFETCH(QVariant, stored);
    QFETCH(QDateTime, expected);
    const QVariant shown = ColumnValues::fromDatabase(stored, ColumnFamily::DateTime);
    if (!expected.isValid()) {
        QCOMPARE(shown, stored);
        return;
    }
    QCOMPARE(shown.typeId(), int(QMetaType::QDateTime));
    // The same moment: a time without an offset is read as UTC, never as local time.
    QCOMPARE(shown.toDateTime().toUTC(), expected.toUTC());
    QVERIFY(shown.toDateTime().timeSpec() != Qt::LocalTime);
}

void TestColumnValues::otherFamiliesPassThrough_data()
{
    QTest::addColumn<ColumnFamily>("family");
    QTest::addColumn<QVariant>("stored");
    QTest::newRow("text") << ColumnFamily::Text << QVariant(QStringLiteral("O'Brien \u00fc"));
    QTest::newRow("empty text") << ColumnFamily::Text << QVariant(QString(QLatin1String("")));
    QTest::newRow("integer") << ColumnFamily::Integer << QVariant(qlonglong(-3));
    QTest::newRow("decimal") << ColumnFamily::Decimal << QVariant(QStringLiteral("3.50"));
    QTest::newRow("json") << ColumnFamily::Json << QVariant(QStringLiteral("{\"a\": 1}"));
    QTest::newRow("uuid") << ColumnFamily::Uuid
                          << QVariant(QStringLiteral("7d3f0c52ad0e4b4f9f1d1b2c3d4e5f60"));
}

void TestColumnValues::otherFamiliesPassThrough()
{
    QFETCH(ColumnFamily, family);
    QFETCH(QVariant, stored);
    const QVariant shown = ColumnValues::fromDatabase(stored, family);
    QCOMPARE(shown.typeId(), stored.typeId());
    QCOMPARE(shown, stored);
}

void TestColumnValues::same_data()
{
    QTest::addColumn<QVariant>("a");
    QTest::addColumn<QVariant>("b");
    QTest::addColumn<bool>("expected");
    const QVariant nullText(QMetaType::fromType<QString>());
    const QVariant emptyText(QString(QLatin1String("")));
    QTest::newRow("NULL, NULL") << QVariant() << QVariant() << true;
    QTest::newRow("NULLs of different types") << nullText << QVariant(QMetaType::fromType<QDate>()) << true;
    // QVariant alone calls NULL text equal to the empty text; the models must not.
    QTest::newRow("NULL text, empty text") << nullText << emptyText << false;
    QTest::newRow("empty text, NULL text") << emptyText << nullText << false;
    QTest::newRow("empty text, empty text") << emptyText << emptyText << true;
    QTest::newRow("NULL, 0") << QVariant(QMetaType::fromType<qlonglong>()) << QVariant(qlonglong(0)) << false;
    QTest::newRow("NULL, false") << QVariant(QMetaType::fromType<bool>()) << QVariant(false) << false;
    QTest::newRow("same text") << QVariant(QStringLiteral("x")) << QVariant(QStringLiteral("x")) << true;
    QTest::newRow("other text") << QVariant(QStringLiteral("x")) << QVariant(QStringLiteral("y")) << false;
    QTest::newRow("int, long long") << QVariant(7) << QVariant(qlonglong(7)) << true;
    QTest::newRow("dates") << QVariant(QDate(2024, 2, 29)) << QVariant(QDate(2024, 2, 29)) << true;
    QTest::newRow("other dates") << QVariant(QDate(2024, 2, 29)) << QVariant(QDate(2024, 3, 1)) << false;
}

void TestColumnValues::same()
{
    QFETCH(QVariant, a);
    QFETCH(QVariant, b);
    QFETCH(bool, expected);
    QCOMPARE(ColumnValues::same(a, b), expected);
    QCOMPARE(ColumnValues::same(b, a), expected);
}

void TestColumnValues::describe_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QString>("expected");
    const QString forty(40, QLatin1Char('a'));
    QTest::newRow("NULL") << QVariant() << QStringLiteral("NULL");
    QTest::newRow("NULL text") << QVariant(QMetaType::fromType<QString>()) << QStringLiteral("NULL");
    QTest::newRow("empty text") << QVariant(QString(QLatin1String(""))) << QStringLiteral("\u201c\u201d");
    QTest::newRow("text") << QVariant(QStringLiteral("O'Brien")) << QStringLiteral("\u201cO'Brien\u201d");
    QTest::newRow("number") << QVariant(qlonglong(-3)) << QStringLiteral("\u201c-3\u201d");
    QTest::newRow("40 characters") << QVariant(forty) << QStringLiteral("\u201c%1\u201d").arg(forty);
    QTest::newRow("41 characters")
        << QVariant(forty + QLatin1Char('b'))
        << QStringLiteral("\u201c%1\u2026\u201d").arg(QString(39, QLatin1Char('a')));
    QTest::newRow("datetime with milliseconds")
        << QVariant(QDateTime(QDate(2024, 3, 1), QTime(12, 34, 56, 789), Qt::UTC))
        << QStringLiteral("\u201c2024-03-01T12:34:56.789Z\u201d");
    QTest::newRow("date") << QVariant(QDate(2024, 2, 29)) << QStringLiteral("\u201c2024-02-29\u201d");
}

void TestColumnValues::describe()
{
    QFETCH(QVariant, value);
    QFETCH(QString, expected);
    QCOMPARE(ColumnValues::describe(value), expected);
}

QTEST_GUILESS_MAIN(TestColumnValues)
#include "tst_columnvalues.moc"
