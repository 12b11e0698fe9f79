// UsersModel's window on databases made by the real Django site: with more users than the window holds, the
// view's rows are a window of the result, each row the user at its result position (checked against the keys
// the database lists in key order), the window moves to the end and back, and the total stays the result's.
// Ctrl+End's end comes from the server's estimate of the table's size before the count arrives: the last
// rows are the real last users at once, and the count puts every row at its position after.
#include "Connection.h"
#include "CoreTest.h"
#include "DatabaseEngine.h"
#include "DatabaseSession.h"
#include "HeldUserCounts.h"
#include "TestDatabase.h"
#include "UsersModel.h"

#include <QAbstractItemModelTester>
#include <QScopeGuard>
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
    void estimateIsAboutTheTablesSize_data() { TestDatabase::addEngineData(); }
    void estimateIsAboutTheTablesSize();
    void endIsReachedBeforeTheCount_data();
    void endIsReachedBeforeTheCount();
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

void TestUsersWindow::estimateIsAboutTheTablesSize()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("estimate"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(Users, 0, &error), qPrintable(error));
    // What autovacuum or a site's maintenance would have done by now.
    QVERIFY2(db.exec(db.isMariadb() ? QStringLiteral("ANALYZE TABLE auth_user") : QStringLiteral("ANALYZE"),
                     &error),
             qPrintable(error));
    Connection connection(CoreTest::urlOf(db), QStringLiteral("estimate"));
    QVERIFY2(connection.isOpen(), qPrintable(connection.errorText()));
    QVariantMap values;
    const QString sql = connection.engine().estimatedRowsStatement(
        TableName{QString(), QStringLiteral("auth_user")}, &values);
    if (engine == QLatin1String("sqlite")) {
        // SQLite keeps no size in its catalog; its count is quick enough to wait for.
        QVERIFY(sql.isEmpty());
        return;
    }
    QSqlQuery q(connection.database());
    QVERIFY2(q.prepare(sql), qPrintable(q.lastError().text()));
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        q.bindValue(it.key(), it.value());
    QVERIFY2(q.exec() && q.next(), qPrintable(q.lastError().text()));
    const qint64 estimate = q.value(0).toLongLong();
    qInfo("%s estimates %lld users of %d", qPrintable(engine), estimate, Users);
    // PostgreSQL's ANALYZE reads a table this small whole; InnoDB samples pages.
    if (engine == QLatin1String("postgres"))
        QCOMPARE(estimate, qint64(Users));
    else
        QVERIFY2(estimate >= Users / 2 && estimate <= 2 * Users, qPrintable(QString::number(estimate)));
}

void TestUsersWindow::endIsReachedBeforeTheCount_data()
{
    // The estimate as the catalog has it: below the real size (users added since the last ANALYZE) and above
    // it (users deleted).
    QTest::addColumn<int>("estimate");
    QTest::newRow("estimate too low") << Users * 2 / 3;
    QTest::newRow("estimate too high") << Users * 4 / 3;
}

void TestUsersWindow::endIsReachedBeforeTheCount()
{
    QFETCH(int, estimate);
    PA_TEST_DATABASE(db, QStringLiteral("postgres"), QStringLiteral("classic"), QStringLiteral("earlyend"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(Users, Users / 2, &error), qPrintable(error));
    QVERIFY2(HeldUserCounts::setEstimate(db, estimate, &error), qPrintable(error));
    HeldUserCounts held(db);
    QVERIFY2(held.error().isEmpty(), qPrintable(held.error()));
    const DatabaseUrl url = DatabaseUrl::parse(held.url(), &error);
    DatabaseSession session(url, SessionOptions{QStringLiteral("gui")});
    QVERIFY2(session.isReady(), qPrintable(session.errorText()));
    const QVariantList keys = keysInOrder(CoreTest::urlOf(db), session.schema(), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    UsersModel model(session.database(), url, session.schema());
    // The model's workers end with it, after the counts they wait for.
    const auto releaseFirst = qScopeGuard([&] { held.release(); });
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setWindowRows(Window);
    // The estimate arrives while the count waits: the window goes to the estimated end, whose last row is
    // the last user, read backwards from the real end.
    QTRY_VERIFY_WITH_TIMEOUT(model.moveToEnd(), 20000);
    QVERIFY(model.isPositionEstimated());
    QCOMPARE(model.resultRows(), qint64(estimate));
    QCOMPARE(model.windowStart() + model.rowCount(), qint64(estimate));
    const int last = model.rowCount() - 1;
    model.data(model.index(last, 0));
    QTRY_VERIFY_WITH_TIMEOUT(model.isRowLoaded(last), 20000);
    QCOMPARE(model.data(model.index(last, 0), UsersModel::UserKeyRole), keys.last());
    QCOMPARE(model.data(model.index(last - 1, 0), UsersModel::UserKeyRole), keys.at(Users - 2));
    QVERIFY(!model.isTotalKnown());

    // The count arrives: the positions are the counted ones, and the end is the last user again.
    QSignalSpy known(&model, &UsersModel::totalKnown);
    QVERIFY(held.release());
    QTRY_VERIFY_WITH_TIMEOUT(model.isTotalKnown(), 20000);
    QCOMPARE(known.size(), 1);
    QVERIFY(!model.isPositionEstimated());
    QCOMPARE(model.matchCount(), qint64(Users));
    QVERIFY(model.moveToEnd());
    QCOMPARE(model.windowStart() + model.rowCount(), qint64(Users));
    QVERIFY(loadWindow(model));
    QCOMPARE(windowKeys(model), keys.mid(model.windowStart()));
    model.moveWindowTo(0);
    QVERIFY(loadWindow(model));
    QCOMPARE(windowKeys(model), keys.mid(0, Window));
}

QTEST_GUILESS_MAIN(TestUsersWindow)
#include "tst_userswindow.moc"
