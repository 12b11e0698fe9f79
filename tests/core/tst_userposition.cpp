// UserPosition on databases made by the real Django site, on SQLite and PostgreSQL (both variants, so the
// custom user table's names too): the row of a user in key order is the number of smaller keys, and a user
// who does not exist is told apart from a failed query.
#include "DatabaseSession.h"
#include "TestDatabase.h"
#include "UserPosition.h"

#include <QTest>

#include <memory>

class TestUserPosition : public QObject
{
    Q_OBJECT

private slots:
    void rowIsTheNumberOfSmallerKeys_data() { TestDatabase::addEngineVariantData(); }
    void rowIsTheNumberOfSmallerKeys();
};

void TestUserPosition::rowIsTheNumberOfSmallerKeys()
{
    QFETCH(QString, engine);
    QFETCH(QString, variant);
    PA_TEST_DATABASE(db, engine, variant, QStringLiteral("userposition"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(30, 20, &error), qPrintable(error));
    const DatabaseUrl url = DatabaseUrl::parse(db.url(), &error);
    auto session = std::make_unique<DatabaseSession>(url, SessionOptions{QStringLiteral("gui")});
    QVERIFY2(session->isReady(), qPrintable(session->errorText()));
    const qint64 last =
        db.queryValue(QStringLiteral("SELECT max(id) FROM %1").arg(db.userTable())).toLongLong();
    const qint64 users =
        db.queryValue(QStringLiteral("SELECT count(*) FROM %1").arg(db.userTable())).toLongLong();
    const qint64 first =
        db.queryValue(QStringLiteral("SELECT min(id) FROM %1").arg(db.userTable())).toLongLong();

    QCOMPARE(UserPosition::rowOf(session->database(), session->schema(), first, &error), 0);
    QVERIFY(error.isEmpty());
    QCOMPARE(UserPosition::rowOf(session->database(), session->schema(), last, &error), users - 1);
    const qint64 middle = db.queryValue(QStringLiteral("SELECT id FROM %1 WHERE id > %2 ORDER BY id LIMIT 1")
                                            .arg(db.userTable())
                                            .arg(first + 10))
                              .toLongLong();
    const qint64 before =
        db.queryValue(QStringLiteral("SELECT count(*) FROM %1 WHERE id < %2").arg(db.userTable()).arg(middle))
            .toLongLong();
    QCOMPARE(UserPosition::rowOf(session->database(), session->schema(), middle, &error), before);

    // A user who is not there: no row, and no error either.
    QCOMPARE(UserPosition::rowOf(session->database(), session->schema(), last + 100, &error), -1);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestUserPosition)

#include "tst_userposition.moc"
