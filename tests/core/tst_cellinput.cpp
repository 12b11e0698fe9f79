// CellInput: what a person types into a cell of the Profiles grid becomes exactly that value, or is refused
// with a reason; never another value (no day rolled over, no number clipped, no text cut). Pure values.
#include "CellInput.h"

#include <QDate>
#include <QDateTime>
#include <QTest>

namespace {

ProfilesQuery::Column columnOf(ColumnFamily family, const QString &sqlType, bool nullable = true,
                               int maxLength = -1)
{
    ProfilesQuery::Column column;
    column.name = QStringLiteral("cell");
    column.sqlType = sqlType;
    column.family = family;
    column.nullable = nullable;
    column.maxLength = maxLength;
    column.editable = true;
    return column;
}

} // namespace

class TestCellInput final : public QObject
{
    Q_OBJECT

private slots:
    void datesAreTakenExactly_data();
    void datesAreTakenExactly();
    void impossibleDatesAreRefused_data();
    void impossibleDatesAreRefused();
    void dateTimes_data();
    void dateTimes();
    void integersWithinTheirType_data();
    void integersWithinTheirType();
    void decimalsWithinPrecisionAndScale_data();
    void decimalsWithinPrecisionAndScale();
    void textWithinItsLength();
    void booleans_data();
    void booleans();
    void jsonAndUuids();
    void emptyIsNullOrRefused();
    void textRoundTrips();
};

void TestCellInput::datesAreTakenExactly_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QDate>("expected");
    // The dates QDateEdit's section typing turned into others.
    QTest::newRow("over 1981-03-05") << QStringLiteral("1990-05-04") << QDate(1990, 5, 4);
    QTest::newRow("into NULL") << QStringLiteral("1985-07-14") << QDate(1985, 7, 14);
    QTest::newRow("leap day") << QStringLiteral("2024-02-29") << QDate(2024, 2, 29);
    QTest::newRow("spaces around") << QStringLiteral(" 2001-12-31 ") << QDate(2001, 12, 31);
}

void TestCellInput::datesAreTakenExactly()
{
    QFETCH(QString, typed);
    QFETCH(QDate, expected);
    const CellInput::Result result =
        CellInput::parse(typed, columnOf(ColumnFamily::Date, QStringLiteral("date")));
    QVERIFY2(result.ok(), qPrintable(result.reason));
    QCOMPARE(result.value.typeId(), int(QMetaType::QDate));
    QCOMPARE(result.value.toDate(), expected);
}

void TestCellInput::impossibleDatesAreRefused_data()
{
    QTest::addColumn<QString>("typed");
    QTest::newRow("no separators") << QStringLiteral("20230231");
    QTest::newRow("31 February") << QStringLiteral("2023-02-31");
    QTest::newRow("month 13") << QStringLiteral("2023-13-01");
    QTest::newRow("29 February, not a leap year") << QStringLiteral("2023-02-29");
    QTest::newRow("day 0") << QStringLiteral("2023-01-00");
    QTest::newRow("letters") << QStringLiteral("yesterday");
    QTest::newRow("two-digit year") << QStringLiteral("23-02-01");
}

void TestCellInput::impossibleDatesAreRefused()
{
    QFETCH(QString, typed);
    const CellInput::Result result =
        CellInput::parse(typed, columnOf(ColumnFamily::Date, QStringLiteral("date")));
    QVERIFY(!result.ok());
    QVERIFY2(result.reason.contains(typed), qPrintable(result.reason));
    QVERIFY(!result.value.isValid());
}

void TestCellInput::dateTimes_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QDateTime>("expected"); // UTC; invalid when refused
    const auto utc = [](int y, int mo, int d, int h, int mi, int s, int ms = 0) {
        return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), Qt::UTC);
    };
    QTest::newRow("no zone is UTC") << QStringLiteral("2024-05-06 07:08:09") << utc(2024, 5, 6, 7, 8, 9);
    QTest::newRow("T and Z") << QStringLiteral("2024-05-06T07:08:09Z") << utc(2024, 5, 6, 7, 8, 9);
    QTest::newRow("offset") << QStringLiteral("2024-05-06 09:08:09+02:00") << utc(2024, 5, 6, 7, 8, 9);
    QTest::newRow("negative offset") << QStringLiteral("2024-05-06 02:08-0500") << utc(2024, 5, 6, 7, 8, 0);
    QTest::newRow("milliseconds") << QStringLiteral("2024-05-06 07:08:09.250+00:00")
                                  << utc(2024, 5, 6, 7, 8, 9, 250);
    QTest::newRow("date only") << QStringLiteral("2024-05-06") << utc(2024, 5, 6, 0, 0, 0);
    QTest::newRow("31 April") << QStringLiteral("2024-04-31 10:00:00") << QDateTime();
    QTest::newRow("hour 24") << QStringLiteral("2024-04-30 24:00:00") << QDateTime();
    QTest::newRow("microseconds lost") << QStringLiteral("2024-04-30 10:00:00.123456") << QDateTime();
    QTest::newRow("garbage") << QStringLiteral("soon") << QDateTime();
}

void TestCellInput::dateTimes()
{
    QFETCH(QString, typed);
    QFETCH(QDateTime, expected);
    const CellInput::Result result =
        CellInput::parse(typed, columnOf(ColumnFamily::DateTime, QStringLiteral("timestamp with time zone")));
    if (!expected.isValid()) {
        QVERIFY(!result.ok());
        return;
    }
    QVERIFY2(result.ok(), qPrintable(result.reason));
    QCOMPARE(result.value.toDateTime(), expected);
    QCOMPARE(result.value.toDateTime().timeSpec(), Qt::UTC);
}

void TestCellInput::integersWithinTheirType_data()
{
    QTest::addColumn<QString>("sqlType");
    QTest::addColumn<QString>("typed");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("integer") << QStringLiteral("integer") << QStringLiteral("-42") << true;
    QTest::newRow("integer max") << QStringLiteral("integer") << QStringLiteral("2147483647") << true;
    QTest::newRow("integer over") << QStringLiteral("integer") << QStringLiteral("2147483648") << false;
    QTest::newRow("smallint over") << QStringLiteral("smallint") << QStringLiteral("32768") << false;
    QTest::newRow("smallint under") << QStringLiteral("smallint") << QStringLiteral("-32768") << true;
    QTest::newRow("bigint") << QStringLiteral("bigint") << QStringLiteral("9223372036854775807") << true;
    QTest::newRow("bigint over") << QStringLiteral("bigint") << QStringLiteral("9223372036854775808")
                                 << false;
    QTest::newRow("positive") << QStringLiteral("integer unsigned") << QStringLiteral("-1") << false;
    QTest::newRow("letters") << QStringLiteral("integer") << QStringLiteral("12a") << false;
    QTest::newRow("decimal point") << QStringLiteral("integer") << QStringLiteral("1.5") << false;
}

void TestCellInput::integersWithinTheirType()
{
    QFETCH(QString, sqlType);
    QFETCH(QString, typed);
    QFETCH(bool, accepted);
    const CellInput::Result result = CellInput::parse(typed, columnOf(ColumnFamily::Integer, sqlType));
    QCOMPARE(result.ok(), accepted);
    if (accepted)
        QCOMPARE(QString::number(result.value.toLongLong()), typed);
}

void TestCellInput::decimalsWithinPrecisionAndScale_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("expected"); // empty when refused
    QTest::newRow("two places") << QStringLiteral("12345678.90") << QStringLiteral("12345678.90");
    QTest::newRow("negative") << QStringLiteral("-0.5") << QStringLiteral("-0.5");
    QTest::newRow("whole") << QStringLiteral("7") << QStringLiteral("7");
    QTest::newRow("three places") << QStringLiteral("1.234") << QString();
    QTest::newRow("nine whole digits") << QStringLiteral("123456789") << QString();
    QTest::newRow("comma") << QStringLiteral("1,5") << QString();
    QTest::newRow("letters") << QStringLiteral("ten") << QString();
}

void TestCellInput::decimalsWithinPrecisionAndScale()
{
    QFETCH(QString, typed);
    QFETCH(QString, expected);
    for (const QString &type : {QStringLiteral("decimal(10,2)"), QStringLiteral("numeric(10,2)")}) {
        const CellInput::Result result = CellInput::parse(typed, columnOf(ColumnFamily::Decimal, type));
        QCOMPARE(result.ok(), !expected.isEmpty());
        if (result.ok())
            QCOMPARE(result.value.toString(), expected);
    }
}

void TestCellInput::textWithinItsLength()
{
    const ProfilesQuery::Column column =
        columnOf(ColumnFamily::Text, QStringLiteral("varchar(100)"), false, 100);
    QVERIFY(CellInput::parse(QString(100, QLatin1Char('x')), column).ok());
    const CellInput::Result tooLong = CellInput::parse(QString(101, QLatin1Char('x')), column);
    QVERIFY(!tooLong.ok());
    QVERIFY2(tooLong.reason.contains(QLatin1String("101 characters")), qPrintable(tooLong.reason));
    // Characters, not UTF-16 units: an emoji is one character in the database.
    QVERIFY(CellInput::parse(QString(99, QLatin1Char('x')) + QStringLiteral("\U0001F600"), column).ok());
    // Text is kept as typed, spaces included.
    QCOMPARE(CellInput::parse(QStringLiteral(" a "), column).value.toString(), QStringLiteral(" a "));
}

void TestCellInput::booleans_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QVariant>("expected"); // invalid when refused
    QTest::newRow("true") << QStringLiteral("true") << QVariant(true);
    QTest::newRow("TRUE") << QStringLiteral("TRUE") << QVariant(true);
    QTest::newRow("1") << QStringLiteral("1") << QVariant(true);
    QTest::newRow("false") << QStringLiteral("false") << QVariant(false);
    QTest::newRow("0") << QStringLiteral("0") << QVariant(false);
    QTest::newRow("maybe") << QStringLiteral("maybe") << QVariant();
    QTest::newRow("2") << QStringLiteral("2") << QVariant();
}

void TestCellInput::booleans()
{
    QFETCH(QString, typed);
    QFETCH(QVariant, expected);
    const CellInput::Result result =
        CellInput::parse(typed, columnOf(ColumnFamily::Boolean, QStringLiteral("bool")));
    QCOMPARE(result.ok(), expected.isValid());
    if (result.ok())
        QCOMPARE(result.value, expected);
}

void TestCellInput::jsonAndUuids()
{
    const ProfilesQuery::Column json = columnOf(ColumnFamily::Json, QStringLiteral("jsonb"));
    QVERIFY(CellInput::parse(QStringLiteral("{\"a\": [1, 2]}"), json).ok());
    QVERIFY(CellInput::parse(QStringLiteral("42"), json).ok());
    QVERIFY(CellInput::parse(QStringLiteral("\"text\""), json).ok());
    QVERIFY(!CellInput::parse(QStringLiteral("{a: 1}"), json).ok());
    QVERIFY(!CellInput::parse(QStringLiteral("[1, 2"), json).ok());

    const ProfilesQuery::Column uuid = columnOf(ColumnFamily::Uuid, QStringLiteral("uuid"));
    QCOMPARE(CellInput::parse(QStringLiteral("6F9619FF-8B86-D011-B42D-00CF4FC964FF"), uuid).value.toString(),
             QStringLiteral("6f9619ff-8b86-d011-b42d-00cf4fc964ff"));
    QVERIFY(!CellInput::parse(QStringLiteral("6f9619ff-8b86"), uuid).ok());
    // Django's char(32) form where the database has no uuid type.
    const ProfilesQuery::Column hex = columnOf(ColumnFamily::Uuid, QStringLiteral("char(32)"));
    QCOMPARE(CellInput::parse(QStringLiteral("6f9619ff-8b86-d011-b42d-00cf4fc964ff"), hex).value.toString(),
             QStringLiteral("6f9619ff8b86d011b42d00cf4fc964ff"));
}

void TestCellInput::emptyIsNullOrRefused()
{
    const CellInput::Result null =
        CellInput::parse(QString(), columnOf(ColumnFamily::Date, QStringLiteral("date")));
    QVERIFY(null.ok());
    QVERIFY(null.value.isNull());
    QCOMPARE(null.value.typeId(), int(QMetaType::QDate));
    QVERIFY(
        !CellInput::parse(QString(), columnOf(ColumnFamily::Integer, QStringLiteral("integer"), false)).ok());
    // Text stays text: empty is the empty string, not NULL.
    const CellInput::Result empty =
        CellInput::parse(QString(), columnOf(ColumnFamily::Text, QStringLiteral("text"), false));
    QVERIFY(empty.ok());
    QVERIFY(!empty.value.isNull());
}

void TestCellInput::textRoundTrips()
{
    const QDateTime moment(QDate(2024, 5, 6), QTime(7, 8, 9, 250), Qt::UTC);
    QCOMPARE(CellInput::text(moment, ColumnFamily::DateTime),
             QStringLiteral("2024-05-06 07:08:09.250+00:00"));
    const ProfilesQuery::Column dateTime = columnOf(ColumnFamily::DateTime, QStringLiteral("datetime"));
    QCOMPARE(CellInput::parse(CellInput::text(moment, ColumnFamily::DateTime), dateTime).value.toDateTime(),
             moment);
    QCOMPARE(CellInput::text(QDate(1981, 3, 5), ColumnFamily::Date), QStringLiteral("1981-03-05"));
    QCOMPARE(CellInput::text(true, ColumnFamily::Boolean), QStringLiteral("true"));
    QCOMPARE(CellInput::text(QVariant(QMetaType::fromType<QDate>()), ColumnFamily::Date), QString());
}

QTEST_GUILESS_MAIN(TestCellInput)
#include "tst_cellinput.moc"
