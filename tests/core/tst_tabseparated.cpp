// TabSeparated: cells as text a person would type back, blocks formatted as spreadsheets put them on the
// clipboard, and blocks read back from LibreOffice, Excel and the grid itself. Pure text: no database.
#include "TabSeparated.h"

#include <QDate>
#include <QDateTime>
#include <QRegularExpression>
#include <QTest>
#include <QTimeZone>

using Rows = QList<QStringList>;

class TestTabSeparated final : public QObject
{
    Q_OBJECT

private slots:
    void cellText_data();
    void cellText();
    void dateTimesKeepTheirMoment_data();
    void dateTimesKeepTheirMoment();
    void quotesOnlyWhatNeedsIt_data();
    void quotesOnlyWhatNeedsIt();
    void formatsBlocks_data();
    void formatsBlocks();
    void parsesSpreadsheetText_data();
    void parsesSpreadsheetText();
    void roundTrips_data();
    void roundTrips();
};

void TestTabSeparated::cellText_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QString>("text");
    QTest::newRow("NULL") << QVariant() << QString();
    QTest::newRow("typed NULL date") << QVariant(QMetaType::fromType<QDate>()) << QString();
    QTest::newRow("typed NULL text") << QVariant(QMetaType::fromType<QString>()) << QString();
    QTest::newRow("true") << QVariant(true) << QStringLiteral("true");
    QTest::newRow("false") << QVariant(false) << QStringLiteral("false");
    QTest::newRow("date") << QVariant(QDate(1985, 7, 14)) << QStringLiteral("1985-07-14");
    QTest::newRow("integer") << QVariant(qlonglong(-42)) << QStringLiteral("-42");
    QTest::newRow("text") << QVariant(QStringLiteral("a\tb")) << QStringLiteral("a\tb");
    QTest::newRow("empty text") << QVariant(QString(QLatin1String(""))) << QString();
    QTest::newRow("decimal") << QVariant(QStringLiteral("12.50")) << QStringLiteral("12.50");
}

void TestTabSeparated::cellText()
{
    QFETCH(QVariant, value);
    QFETCH(QString, text);
    QCOMPARE(TabSeparated::cellText(value), text);
}

void TestTabSeparated::dateTimesKeepTheirMoment_data()
{
    QTest::addColumn<QDateTime>("moment");
    QTest::newRow("UTC") << QDateTime(QDate(2024, 3, 5), QTime(10, 11, 12), Qt::UTC);
    QTest::newRow("milliseconds") << QDateTime(QDate(2024, 3, 5), QTime(10, 11, 12, 345), Qt::UTC);
    QTest::newRow("summer, an offset") << QDateTime(QDate(2023, 7, 1), QTime(23, 59, 0), QTimeZone(7200));
}

void TestTabSeparated::dateTimesKeepTheirMoment()
{
    QFETCH(QDateTime, moment);
    const QString text = TabSeparated::cellText(moment);
    // ISO 8601 with the offset from UTC: the same moment wherever it is pasted.
    QVERIFY2(QRegularExpression(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{3})?"
                                               "(Z|[+-]\\d\\d:\\d\\d)$"))
                 .match(text)
                 .hasMatch(),
             qPrintable(text));
    QCOMPARE(QDateTime::fromString(text, Qt::ISODateWithMs).toUTC(), moment.toUTC());
}

void TestTabSeparated::quotesOnlyWhatNeedsIt_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("quoted");
    QTest::newRow("plain") << QStringLiteral("plain text") << QStringLiteral("plain text");
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("tab") << QStringLiteral("a\tb") << QStringLiteral("\"a\tb\"");
    QTest::newRow("line feed") << QStringLiteral("a\nb") << QStringLiteral("\"a\nb\"");
    QTest::newRow("CRLF") << QStringLiteral("a\r\nb") << QStringLiteral("\"a\r\nb\"");
    QTest::newRow("quote") << QStringLiteral("say \"hi\"") << QStringLiteral("\"say \"\"hi\"\"\"");
    QTest::newRow("comma and semicolon") << QStringLiteral("a,b;c") << QStringLiteral("a,b;c");
}

void TestTabSeparated::quotesOnlyWhatNeedsIt()
{
    QFETCH(QString, field);
    QFETCH(QString, quoted);
    QCOMPARE(TabSeparated::quoteField(field), quoted);
}

void TestTabSeparated::formatsBlocks_data()
{
    QTest::addColumn<Rows>("rows");
    QTest::addColumn<QStringList>("headers");
    QTest::addColumn<QString>("text");
    QTest::newRow("one cell, alone") << Rows{{QStringLiteral("x")}} << QStringList() << QStringLiteral("x");
    QTest::newRow("one empty cell") << Rows{{QString()}} << QStringList() << QString();
    QTest::newRow("one cell with a line end is quoted")
        << Rows{{QStringLiteral("a\nb")}} << QStringList() << QStringLiteral("\"a\nb\"");
    QTest::newRow("a row") << Rows{{QStringLiteral("a"), QStringLiteral("b")}} << QStringList()
                           << QStringLiteral("a\tb\n");
    QTest::newRow("a block with NULLs")
        << Rows{{QStringLiteral("1"), QString()}, {QString(), QStringLiteral("d")}} << QStringList()
        << QStringLiteral("1\t\n\td\n");
    QTest::newRow("headers") << Rows{{QStringLiteral("1"), QStringLiteral("x")}}
                             << QStringList{QStringLiteral("id"), QStringLiteral("photo")}
                             << QStringLiteral("id\tphoto\n1\tx\n");
    QTest::newRow("headers over one cell")
        << Rows{{QStringLiteral("x")}} << QStringList{QStringLiteral("photo")}
        << QStringLiteral("photo\nx\n");
}

void TestTabSeparated::formatsBlocks()
{
    QFETCH(Rows, rows);
    QFETCH(QStringList, headers);
    QFETCH(QString, text);
    QCOMPARE(TabSeparated::format(rows, headers), text);
}

void TestTabSeparated::parsesSpreadsheetText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<Rows>("rows");
    const QString a = QStringLiteral("a"), b = QStringLiteral("b"), c = QStringLiteral("c"),
                  d = QStringLiteral("d");
    QTest::newRow("one value") << QStringLiteral("a") << Rows{{a}};
    QTest::newRow("empty: one empty field") << QString() << Rows{{QString()}};
    QTest::newRow("Excel: CRLF after every row")
        << QStringLiteral("a\tb\r\nc\td\r\n") << Rows{{a, b}, {c, d}};
    QTest::newRow("LibreOffice: LF after every row")
        << QStringLiteral("a\tb\nc\td\n") << Rows{{a, b}, {c, d}};
    QTest::newRow("no line end at the end") << QStringLiteral("a\tb\nc\td") << Rows{{a, b}, {c, d}};
    QTest::newRow("a lone CR ends a row") << QStringLiteral("a\rb") << Rows{{a}, {b}};
    QTest::newRow("one value and its line end") << QStringLiteral("a\r\n") << Rows{{a}};
    QTest::newRow("empty fields kept") << QStringLiteral("\ta\t\n\t\t\n")
                                       << Rows{{QString(), a, QString()}, {QString(), QString(), QString()}};
    QTest::newRow("a last row of one empty field") << QStringLiteral("a\n\n") << Rows{{a}, {QString()}};
    QTest::newRow("quoted tab, LF and CRLF")
        << QStringLiteral("\"x\ty\"\t\"line 1\nline 2\"\r\n\"p\r\nq\"\tz\r\n")
        << Rows{{QStringLiteral("x\ty"), QStringLiteral("line 1\nline 2")},
                {QStringLiteral("p\r\nq"), QStringLiteral("z")}};
    QTest::newRow("doubled quotes") << QStringLiteral("\"say \"\"hi\"\"\"\tb")
                                    << Rows{{QStringLiteral("say \"hi\""), b}};
    QTest::newRow("quoted empty field") << QStringLiteral("\"\"\tb") << Rows{{QString(), b}};
    QTest::newRow("a quote inside unquoted text stays")
        << QStringLiteral("5\" screen\tb") << Rows{{QStringLiteral("5\" screen"), b}};
    QTest::newRow("an unclosed quote is text")
        << QStringLiteral("\"open\tb\nc") << Rows{{QStringLiteral("\"open"), b}, {c}};
    QTest::newRow("text after a closing quote is text")
        << QStringLiteral("\"a\"b\tc") << Rows{{QStringLiteral("\"a\"b"), c}};
    QTest::newRow("ragged rows stay ragged") << QStringLiteral("a\tb\tc\nd\n") << Rows{{a, b, c}, {d}};
    QTest::newRow("spaces are data") << QStringLiteral(" a \t b")
                                     << Rows{{QStringLiteral(" a "), QStringLiteral(" b")}};
}

void TestTabSeparated::parsesSpreadsheetText()
{
    QFETCH(QString, text);
    QFETCH(Rows, rows);
    QCOMPARE(TabSeparated::parse(text), rows);
}

void TestTabSeparated::roundTrips_data()
{
    QTest::addColumn<Rows>("rows");
    QTest::newRow("one cell") << Rows{{QStringLiteral("x")}};
    QTest::newRow("one empty cell") << Rows{{QString()}};
    QTest::newRow("one cell holding a quote") << Rows{{QStringLiteral("\"")}};
    QTest::newRow("a column ending in an empty cell") << Rows{{QStringLiteral("a")}, {QString()}};
    QTest::newRow("empty cells only") << Rows{{QString(), QString()}, {QString(), QString()}};
    QTest::newRow("awkward values") << Rows{
        {QStringLiteral("tab\there"), QStringLiteral("line\nfeed"), QStringLiteral("cr\r\nlf")},
        {QStringLiteral("\"quoted\""), QStringLiteral("unicode \u00e9\u4e2d\U0001F600"),
         QStringLiteral(" spaced ")},
        {QString(), QStringLiteral("\"\t\n\""), QStringLiteral("\\back\\slash")}};
}

void TestTabSeparated::roundTrips()
{
    QFETCH(Rows, rows);
    QCOMPARE(TabSeparated::parse(TabSeparated::format(rows)), rows);
    // With headers, the first row read back is the headers.
    QStringList headers;
    for (qsizetype i = 0; i < rows.first().size(); ++i)
        headers << QStringLiteral("col %1").arg(i);
    const Rows withHeaders = TabSeparated::parse(TabSeparated::format(rows, headers));
    QCOMPARE(withHeaders.first(), headers);
    QCOMPARE(withHeaders.mid(1), rows);
}

QTEST_APPLESS_MAIN(TestTabSeparated)
#include "tst_tabseparated.moc"
