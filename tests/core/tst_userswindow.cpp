// UsersModel's window on databases made by the real Django site: with more users than the window holds, the
// view's rows are a window of the result, each row the user at its result position (checked against the keys
// the database lists in key order), the window moves to the end and back, and the total stays the result's.
#include "Connection.h"
#include "CoreTest.h"
#include "DatabaseEngine.h"
#include "DatabaseSession.h"
#include "TestDatabase.h"
#include "UsersModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <memory>

namespace {

constexpr int Users = 3000;
constexpr int Window = 1000;

// Every user's key in key order, read on a connection of its own.
QVariantList keysInOrder(const DatabaseUrl &url, const ProfileSchema &schema, QString *error)
{
    Connection connection(url, QStringLiteral("window-keys"));
    QVariantList keys;
    const DatabaseEngine &engine = DatabaseEngine::of(connection.database());
    QSqlQuery query(connection.database());
    const QString key = engine.quoteIdentifier(schema.userKey);
    if (!query.exec(
            QStringLiteral("SELECT %1 FROM %2 ORDER BY %1").arg(key, engine.quoteTable(schema.userTable)))) {
        *error = query.lastError().text();
        return keys;
    }
    while (query.next())
        keys << query.value(0);
    return keys;
}

// Asks for every row of the window and waits until they are all read; false on timeout.
bool loadWindow(UsersModel &model)
{
    for (int row = 0; row < model.rowCount(); row += UsersModel::BlockRows) {
        model.data(model.index(row, 0));
        if (!QTest::qWaitFor([&] { return model.isRowLoaded(row); }, 20000))
            return false;
    }
    const int last = model.rowCount() - 1;
    model.data(model.index(last, 0));
    return QTest::qWaitFor([&] { return model.isRowLoaded(last); }, 20000);
}

// The keys the window shows, in view order.
QVariantList windowKeys(UsersModel &model)
{
    QVariantList keys;
    for (int row = 0; row < model.rowCount(); ++row)
        keys << model.data(model.index(row, 0), UsersModel::UserKeyRole);
    return keys;
}

} // namespace

class TestUsersWindow : public QObject
{
    Q_OBJECT

private slots:
    void rowsAreAWindowOfTheResult_data() { TestDatabase::addEngineData(); }
    void rowsAreAWindowOfTheResult();
};

void TestUsersWindow::rowsAreAWindowOfTheResult()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("window"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(db.seed(Users, Users / 2, &error), qPrintable(error));
    const DatabaseUrl url = CoreTest::urlOf(db);
    DatabaseSession session(url, SessionOptions{QStringLiteral("gui")});
    QVERIFY2(session.isReady(), qPrintable(session.errorText()));
    const QVariantList keys = keysInOrder(url, session.schema(), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(keys.size(), Users);

    UsersModel model(session.database(), url, session.schema());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setWindowRows(Window);
    QTRY_VERIFY_WITH_TIMEOUT(model.isTotalKnown(), 20000);
    QCOMPARE(model.matchCount(), qint64(Users));
    QCOMPARE(model.rowCount(), Window);
    QCOMPARE(model.windowStart(), qint64(0));
    QVERIFY(model.isWindowed());
    QVERIFY(loadWindow(model));
    QCOMPARE(windowKeys(model), keys.mid(0, Window));

    // The end: the last window holds the last user on its last row, and the total is still the result's.
    QSignalSpy moves(&model, &UsersModel::windowMoved);
    model.moveWindowTo(Users - 1);
    QCOMPARE(moves.size(), 1);
    const qint64 start = model.windowStart();
    QCOMPARE(moves.first().at(0).toLongLong(), start);
    QCOMPARE(moves.first().at(1).toInt(), model.rowCount());
    QCOMPARE(start % UsersModel::BlockRows, 0);
    QCOMPARE(start + model.rowCount(), qint64(Users));
    QVERIFY(model.rowCount() <= Window);
    QCOMPARE(model.rowAt(Users - 1), model.rowCount() - 1);
    QCOMPARE(model.rowAt(start - 1), -1);
    QCOMPARE(model.matchCount(), qint64(Users));
    QCOMPARE(model.resultRows(), qint64(Users));
    QVERIFY(loadWindow(model));
    QCOMPARE(windowKeys(model), keys.mid(start));
    QCOMPARE(model.data(model.index(model.rowCount() - 1, 0), UsersModel::UserKeyRole), keys.last());
    // A position already in the window moves nothing.
    model.moveWindowTo(Users - 2);
    QCOMPARE(moves.size(), 1);

    // Half a window back, then the top again.
    model.shiftWindow(-Window / 2);
    QCOMPARE(moves.size(), 2);
    QVERIFY(model.windowStart() < start);
    QCOMPARE(model.rowCount(), Window);
    QVERIFY(loadWindow(model));
    QCOMPARE(windowKeys(model), keys.mid(model.windowStart(), Window));
    model.moveWindowTo(0);
    QCOMPARE(model.windowStart(), qint64(0));
    QVERIFY(loadWindow(model));
    QCOMPARE(model.data(model.index(0, 0), UsersModel::UserKeyRole), keys.first());

    // A new order starts at the window's top again; its end is the first key.
    model.moveWindowTo(Users - 1);
    model.sort(0, Qt::DescendingOrder);
    QCOMPARE(model.windowStart(), qint64(0));
    QTRY_VERIFY_WITH_TIMEOUT(model.isTotalKnown(), 20000);
    QCOMPARE(model.rowCount(), Window);
    model.moveWindowTo(model.resultRows() - 1);
    QVERIFY(loadWindow(model));
    QCOMPARE(model.data(model.index(model.rowCount() - 1, 0), UsersModel::UserKeyRole), keys.first());
    QCOMPARE(model.data(model.index(0, 0), UsersModel::UserKeyRole),
             keys.at(Users - 1 - model.windowStart()));

    // A filter starts at the top too, and its total is the filter's.
    model.setOnlyMissing(true);
    QCOMPARE(model.windowStart(), qint64(0));
    QTRY_VERIFY_WITH_TIMEOUT(model.isTotalKnown(), 20000);
    QCOMPARE(model.matchCount(), qint64(Users / 2));
    QCOMPARE(model.rowCount(), Window);
}

QTEST_GUILESS_MAIN(TestUsersWindow)
#include "tst_userswindow.moc"
