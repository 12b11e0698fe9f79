// Plans on a PostgreSQL database that no ANALYZE has seen, as after pg_restore or a bulk load: the fix-up's
// batch and the Users view's statements must stay linear in the users whatever the planner guesses. Judged by
// the rows EXPLAIN ANALYZE reports (rows every plan node produced, rows a join filter threw away), never by
// the clock; then the real fix-up runs and Django's ORM checks the result.
#include "DatabaseEngine.h"
#include "DatabaseSession.h"
#include "ExplainedPlan.h"
#include "FillPlan.h"
#include "MissingProfileFixer.h"
#include "TestDatabase.h"
#include "UsersQuery.h"

#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <memory>

namespace {

// A linear plan touches a few rows per user (the scans, the anti-join, the insert); the quadratic one that a
// planner without statistics picked for the fix-up touched thousands per user (4,000 users: 18 million rows,
// 6 million of them thrown away by the join filter).
constexpr qint64 RowsPerUser = 10;
// The Users view reads blocks of this many users.
constexpr qint64 PageRows = 256;
// A page's walk may read a few times the two users per row that half missing takes (the page's own rows are
// read again by key for their columns and flags).
constexpr qint64 PageWalkFactor = 4;

} // namespace

class TestUnanalysedPlans final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void staysLinearWithoutStatistics_data();
    void staysLinearWithoutStatistics();
};

void TestUnanalysedPlans::staysLinearWithoutStatistics_data()
{
    QTest::addColumn<int>("users");
    // 4,000 users got the quadratic fix-up plan; 25,000 is about where larger tables make the planner guess
    // differently.
    QTest::newRow("4000") << 4000;
    QTest::newRow("25000") << 25000;
}

void TestUnanalysedPlans::staysLinearWithoutStatistics()
{
    QFETCH(int, users);
    PA_TEST_DATABASE(db, QStringLiteral("postgres"), QStringLiteral("classic"), QStringLiteral("unanalysed"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    // Autovacuum would analyse the tables a minute after the seed; a restored database has not been yet.
    QVERIFY2(db.exec({QStringLiteral("ALTER TABLE auth_user SET (autovacuum_enabled = false)"),
                      QStringLiteral("ALTER TABLE account_profile SET (autovacuum_enabled = false)")},
                     &error),
             qPrintable(error));
    QVERIFY2(db.seed(users, users / 2, &error), qPrintable(error));
    const QString statisticsCount = QStringLiteral(
        "SELECT (SELECT count(*) FROM pg_stats WHERE tablename IN ('auth_user', 'account_profile')) "
        "+ (SELECT count(*) FROM pg_class WHERE relname IN ('auth_user', 'account_profile') "
        "AND reltuples >= 0)");
    QCOMPARE(db.queryValue(statisticsCount, &error).toLongLong(), 0);

    DatabaseSession session(DatabaseUrl::parse(db.url(), &error), SessionOptions{QStringLiteral("test")});
    QVERIFY2(session.isReady(), qPrintable(session.errorText()));
    QSqlDatabase connection = session.connection().database();
    const FillPlan plan = FillPlan::build(session.schema(), session.engine());
    QVERIFY2(plan.isValid(), qPrintable(plan.errorText()));
    const MissingProfileFixer fixer(connection, session.schema(), plan);
    const qint64 limit = RowsPerUser * users;

    // The fix-up's batch, in the transaction createMissing() runs it in; the seed's keys are 1..users.
    QVariantMap values = fixer.planValues();
    values.insert(QStringLiteral(":lo"), 1);
    values.insert(QStringLiteral(":hi"), users + 1);
    QSqlQuery control(connection);
    QVERIFY2(fixer.beginKeyRangeBatches(control), qPrintable(control.lastError().text()));
    for (const bool generic : {false, true}) {
        PlanRows rows;
        QVERIFY2(explain(connection, fixer.insertStatement(), values, generic, &rows, &error),
                 qPrintable(error));
        const QByteArray what = (generic ? "generic plan: " : "plan: ") + rows.describe().toUtf8();
        qInfo("%d users, the fix-up's batch, %s", users, what.constData());
        QVERIFY2(rows.joinFiltered <= users && rows.produced <= limit, what.constData());
    }
    QVERIFY2(control.exec(QStringLiteral("ROLLBACK")), qPrintable(control.lastError().text()));

    // The Users view, whose statements run outside the fix-up's transaction and its settings: the missing
    // count, the first and the last page of "only users without profile", and a page from the middle of
    // everyone (each with its missing flags). A page at either end of "only users without profile" must walk
    // the user key's index and probe the profile link's per user, stopping after the page: with half the
    // users missing that reads about two users per row shown, never both whole tables.
    QVERIFY2(control.exec(QStringLiteral("BEGIN READ ONLY")), qPrintable(control.lastError().text()));
    const QString userTable = session.schema().userTable.name;
    const QString profileTable = session.schema().profileTable.name;
    UsersQuery query(session.schema(), session.engine());
    for (const bool onlyMissing : {true, false}) {
        query.setOnlyMissing(onlyMissing);
        struct Statement
        {
            QString sql;
            qint64 offset;
        };
        const QList<Statement> statements{{query.countStatement(), 0},
                                          {query.pageStatement(false), onlyMissing ? 0 : users / 2},
                                          {query.pageStatement(true), 0}};
        for (const Statement &statement : statements) {
            const QVariantMap page{{QStringLiteral(":limit"), PageRows},
                                   {QStringLiteral(":offset"), statement.offset}};
            for (const bool generic : {false, true}) {
                PlanRows rows;
                QVERIFY2(explain(connection, statement.sql, page, generic, &rows, &error), qPrintable(error));
                const QByteArray what = statement.sql.toUtf8() + "\n" + rows.describe().toUtf8();
                QVERIFY2(rows.joinFiltered <= users && rows.produced <= limit, what.constData());
                if (onlyMissing && statement.sql != query.countStatement()) {
                    const QByteArray read = QStringLiteral("%1 rows of %2, %3 rows of %4 read")
                                                .arg(rows.read.value(userTable))
                                                .arg(userTable)
                                                .arg(rows.read.value(profileTable))
                                                .arg(profileTable)
                                                .toUtf8();
                    qInfo("%d users, a page of only users without profile, %s", users, read.constData());
                    QVERIFY2(rows.read.value(userTable) <= PageWalkFactor * PageRows * 2 &&
                                 rows.read.value(profileTable) <= PageWalkFactor * PageRows * 2,
                             QByteArray(read + "\n" + what).constData());
                }
            }
        }
    }
    QVERIFY2(control.exec(QStringLiteral("ROLLBACK")), qPrintable(control.lastError().text()));

    // The real thing, judged by a separate connection and by Django.
    const FixResult result = fixer.createMissing();
    QVERIFY2(result.ok, qPrintable(result.errorText));
    QCOMPARE(result.created, users / 2);
    QCOMPARE(db.queryValue(QStringLiteral("SELECT count(*) FROM auth_user u WHERE NOT EXISTS "
                                          "(SELECT 1 FROM account_profile p WHERE p.user_id = u.id)"),
                           &error)
                 .toLongLong(),
             0);
    const QJsonObject verdict = db.verify(QString(), &error);
    QVERIFY2(verdict.value(QStringLiteral("ok")).toBool(), TestDatabase::dump(verdict).constData());
    // Nothing analysed the tables meanwhile, so the plans above were the unanalysed ones.
    QCOMPARE(db.queryValue(QStringLiteral("SELECT count(*) FROM pg_stats WHERE tablename IN "
                                          "('auth_user', 'account_profile')"),
                           &error)
                 .toLongLong(),
             0);
}

QTEST_GUILESS_MAIN(TestUnanalysedPlans)
#include "tst_unanalysedplans.moc"
