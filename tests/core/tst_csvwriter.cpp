// CsvWriter against RFC 4180: commas between fields, CRLF after every record, quotes only where a field needs
// them, quotes doubled, UTF-8, NULL apart from the empty text; and how GridExport words values.
#include "CsvWriter.h"
#include "GridExport.h"

#include <QBuffer>
#include <QDate>
#include <QDateTime>
#include <QTest>

class TestCsvWriter : public QObject
{
    Q_OBJECT

private slots:
    void formatsFields_data();
    void formatsFields();
    void writesRecordsWithCrLf();
    void nullIsAnEmptyFieldAndEmptyTextIsQuoted();
    void writesTheByteOrderMarkOnlyWhenAsked();
    void reportsADeviceThatRefusesBytes();
    void wordsValuesAsTheGridMeansThem();
};

void TestCsvWriter::formatsFields_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("plain") << QStringLiteral("alice") << QByteArray("alice");
    QTest::newRow("spaces kept") << QStringLiteral(" a b ") << QByteArray(" a b ");
    QTest::newRow("comma") << QStringLiteral("a,b") << QByteArray("\"a,b\"");
    QTest::newRow("quote") << QStringLiteral("say \"hi\"") << QByteArray("\"say \"\"hi\"\"\"");
    QTest::newRow("only a quote") << QStringLiteral("\"") << QByteArray("\"\"\"\"");
    QTest::newRow("LF") << QStringLiteral("a\nb") << QByteArray("\"a\nb\"");
    QTest::newRow("CR") << QStringLiteral("a\rb") << QByteArray("\"a\rb\"");
    QTest::newRow("CRLF") << QStringLiteral("a\r\nb") << QByteArray("\"a\r\nb\"");
    QTest::newRow("semicolon and tab need nothing") << QStringLiteral("a;\tb") << QByteArray("a;\tb");
    QTest::newRow("single quote needs nothing") << QStringLiteral("O'Brien") << QByteArray("O'Brien");
    QTest::newRow("unicode as UTF-8")
        << QStringLiteral("Zoë 日本 🎉") << QByteArray("Zo\xC3\xAB \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x8E\x89");
}

void TestCsvWriter::formatsFields()
{
    QFETCH(QString, field);
    QFETCH(QByteArray, bytes);
    QCOMPARE(CsvWriter::formatField(field), bytes);
}

void TestCsvWriter::writesRecordsWithCrLf()
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    CsvWriter csv(&buffer);
    QVERIFY(csv.writeRecord({QStringLiteral("id"), QStringLiteral("name")}));
    QVERIFY(csv.writeRecord({QStringLiteral("1"), QStringLiteral("a,\"b\"\nc")}));
    QCOMPARE(buffer.data(), QByteArray("id,name\r\n1,\"a,\"\"b\"\"\nc\"\r\n"));
}

void TestCsvWriter::nullIsAnEmptyFieldAndEmptyTextIsQuoted()
{
    QCOMPARE(CsvWriter::format({QString(), QStringLiteral(""), QStringLiteral("x")}),
             QByteArray(",\"\",x\r\n"));
    QCOMPARE(CsvWriter::format({QStringLiteral("x"), QString()}), QByteArray("x,\r\n"));
}

void TestCsvWriter::writesTheByteOrderMarkOnlyWhenAsked()
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    CsvWriter csv(&buffer);
    QVERIFY(csv.writeRecord({QStringLiteral("a")}));
    QVERIFY(!buffer.data().startsWith("\xEF\xBB\xBF"));

    QBuffer withBom;
    withBom.open(QIODevice::WriteOnly);
    CsvWriter excel(&withBom);
    QVERIFY(excel.writeByteOrderMark());
    QVERIFY(excel.writeRecord({QStringLiteral("a")}));
    QCOMPARE(withBom.data(), QByteArray("\xEF\xBB\xBF"
                                        "a\r\n"));
}

void TestCsvWriter::reportsADeviceThatRefusesBytes()
{
    QBuffer closed;
    CsvWriter csv(&closed);
    QTest::ignoreMessage(QtWarningMsg, "QIODevice::write (QBuffer): device not open");
    QVERIFY(!csv.writeRecord({QStringLiteral("a")}));
}

void TestCsvWriter::wordsValuesAsTheGridMeansThem()
{
    QVERIFY(GridExport::csvText(QVariant(), ColumnFamily::Text).isNull());
    QVERIFY(GridExport::csvText(QVariant(QMetaType::fromType<QDate>()), ColumnFamily::Date).isNull());
    QCOMPARE(GridExport::csvText(QStringLiteral(""), ColumnFamily::Text), QStringLiteral(""));
    QVERIFY(!GridExport::csvText(QStringLiteral(""), ColumnFamily::Text).isNull());
    QCOMPARE(GridExport::csvText(true, ColumnFamily::Boolean), QStringLiteral("true"));
    QCOMPARE(GridExport::csvText(0, ColumnFamily::Boolean), QStringLiteral("false"));
    QCOMPARE(GridExport::csvText(QDate(1985, 6, 7), ColumnFamily::Date), QStringLiteral("1985-06-07"));
    // SQLite's Django text forms come out as ISO too.
    QCOMPARE(GridExport::csvText(QStringLiteral("1985-06-07"), ColumnFamily::Date),
             QStringLiteral("1985-06-07"));
    QCOMPARE(GridExport::csvText(QStringLiteral("2020-01-01 00:01:00.250000"), ColumnFamily::DateTime),
             QStringLiteral("2020-01-01T00:01:00.250Z"));
    QCOMPARE(GridExport::csvText(QDateTime(QDate(2020, 1, 1), QTime(1, 1), Qt::OffsetFromUTC, 3600),
                                 ColumnFamily::DateTime),
             QStringLiteral("2020-01-01T00:01:00.000Z"));
    QCOMPARE(GridExport::csvText(qlonglong(42), ColumnFamily::Integer), QStringLiteral("42"));
    QCOMPARE(GridExport::csvText(QByteArray("\x00\xff", 2), ColumnFamily::Binary), QStringLiteral("\\x00ff"));
}

QTEST_APPLESS_MAIN(TestCsvWriter)
#include "tst_csvwriter.moc"
