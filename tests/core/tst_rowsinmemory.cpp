// RowsInMemory on every engine: a page read into memory stays readable through a model after its connection
// is closed and opened again, which on MariaDB kills the driver's prepared statement (reading that one then
// touches freed memory, which the sanitizer build catches); a failed query stays failed, with the driver's
// error.
#include "Connection.h"
#include "DatabaseUrl.h"
#include "RowsInMemory.h"
#include "TestDatabase.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QSqlQueryModel>
#include <QSqlRecord>
#include <QTest>

class TestRowsInMemory : public QObject
{
    Q_OBJECT

private slots:
    void keepsRowsAcrossReconnect_data() { TestDatabase::addEngineData(); }
    void keepsRowsAcrossReconnect();
    void failedQueryStaysFailed_data() { TestDatabase::addEngineData(); }
    void failedQueryStaysFailed();
};

void TestRowsInMemory::keepsRowsAcrossReconnect()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("rowsinmemory"));
    QString error;
    // (profile-admin opens no empty SQLite file; a server's empty database is enough.)
    QVERIFY2(engine != QLatin1String("sqlite") || db.migrate(&error), qPrintable(error));
    const DatabaseUrl url = DatabaseUrl::parse(db.url(), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    Connection connection(url, QStringLiteral("rows"));
    QVERIFY2(connection.isOpen(), qPrintable(connection.errorText()));
    QSqlQueryModel model;
    {
        // Prepared and bound, as a page is: QMYSQL then keeps a server-side statement.
        QSqlQuery page(connection.database());
        QVERIFY(page.prepare(QStringLiteral("SELECT :first AS n, 'one' AS word UNION ALL SELECT 2, 'two'")));
        page.bindValue(QStringLiteral(":first"), 1);
        QVERIFY2(page.exec(), qPrintable(page.lastError().text()));
        QSqlQuery rows = RowsInMemory::readAll(page);
        QVERIFY(rows.isActive());
        QVERIFY(!page.isActive()); // the driver's result is let go at once
        model.setQuery(std::move(rows));
    }
    QVERIFY(connection.reconnect());

    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), 2);
    QCOMPARE(model.record().fieldName(1).toLower(), QStringLiteral("word"));
    QCOMPARE(model.index(0, 0).data().toInt(), 1);
    QCOMPARE(model.index(1, 1).data().toString(), QStringLiteral("two"));
    QCOMPARE(model.record(0).value(1).toString(), QStringLiteral("one"));
    QVERIFY(!model.index(2, 0).data().isValid());
    // The connection opened again works as before.
    QSqlQuery again(connection.database());
    QVERIFY2(again.exec(QStringLiteral("SELECT 3")) && again.next(), qPrintable(again.lastError().text()));
    QCOMPARE(again.value(0).toInt(), 3);
}

void TestRowsInMemory::failedQueryStaysFailed()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("rowsinmemory_fail"));
    QString error;
    // (profile-admin opens no empty SQLite file; a server's empty database is enough.)
    QVERIFY2(engine != QLatin1String("sqlite") || db.migrate(&error), qPrintable(error));
    const DatabaseUrl url = DatabaseUrl::parse(db.url(), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    Connection connection(url, QStringLiteral("rows"));
    QVERIFY2(connection.isOpen(), qPrintable(connection.errorText()));
    QSqlQuery failed(connection.database());
    QVERIFY(!failed.exec(QStringLiteral("SELECT * FROM no_such_table")));
    const QSqlQuery rows = RowsInMemory::readAll(failed);
    QVERIFY(!rows.isActive());
    QVERIFY(rows.lastError().isValid());
    QCOMPARE(rows.lastError().text(), failed.lastError().text());
    QSqlQueryModel model;
    model.setQuery(RowsInMemory::readAll(failed));
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(model.lastError().isValid());
}

QTEST_GUILESS_MAIN(TestRowsInMemory)
#include "tst_rowsinmemory.moc"
