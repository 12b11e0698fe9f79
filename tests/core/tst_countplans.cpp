// The counts the Users and Profiles views take over whole tables, on PostgreSQL: on a connection that counts
// they stay in its own server process, even on a server whose planner hands them to parallel workers, and
// they stay so after the connection is opened again. Judged by the plans EXPLAIN reports, never by the clock.
#include "Connection.h"
#include "DatabaseSession.h"
#include "ExplainedPlan.h"
#include "ProfilesQuery.h"
#include "TestDatabase.h"
#include "UsersQuery.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <algorithm>

namespace {

struct Count
{
    QString what;
    QString sql;
};

bool hasParallelWorkers(const PlanRows &rows)
{
    return std::any_of(rows.nodes.cbegin(), rows.nodes.cend(),
                       [](const QString &node) { return node.startsWith(QLatin1String("Gather")); });
}

} // namespace

class TestCountPlans final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void countsStayInTheCountingConnectionsProcess();
};

void TestCountPlans::countsStayInTheCountingConnectionsProcess()
{
    PA_TEST_DATABASE(db, QStringLiteral("postgres"), QStringLiteral("classic"), QStringLiteral("countplans"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(db.seed(3000, 1500, &error), qPrintable(error));
    // A server that plans parallel workers for any table, as a big one does for ten million users; every new
    // connection to the database starts with these settings.
    const QString database = QLatin1Char('"') + db.databaseName() + QLatin1Char('"');
    QStringList settings;
    for (const char *setting : {"parallel_setup_cost = 0", "parallel_tuple_cost = 0",
                                "min_parallel_table_scan_size = 0", "min_parallel_index_scan_size = 0"})
        settings << QStringLiteral("ALTER DATABASE %1 SET %2").arg(database, QLatin1String(setting));
    QVERIFY2(db.exec(settings, &error), qPrintable(error));
    QVERIFY2(db.exec(QStringLiteral("ANALYZE"), &error), qPrintable(error));

    DatabaseSession session(DatabaseUrl::parse(db.url(), &error), SessionOptions{QStringLiteral("test")});
    QVERIFY2(session.isReady(), qPrintable(session.errorText()));
    UsersQuery everyone(session.schema(), session.engine());
    UsersQuery missing = everyone;
    missing.setOnlyMissing(true);
    const QList<Count> counts{{QStringLiteral("users"), everyone.countStatement()},
                              {QStringLiteral("users without profile"), missing.countStatement()},
                              {QStringLiteral("profiles"),
                               ProfilesQuery(session.schema(), session.engine()).countStatement()}};

    Connection counting(DatabaseUrl::parse(db.url(), &error), QStringLiteral("counting"));
    QVERIFY2(counting.isOpen(), qPrintable(counting.errorText()));
    // The counts whose plans use parallel workers on `counting` now; a failure to explain is one of them.
    const auto parallelCounts = [&] {
        QStringList parallel;
        QSqlDatabase connection = counting.database();
        QSqlQuery control(connection);
        if (!control.exec(QStringLiteral("BEGIN READ ONLY")))
            return QStringList{control.lastError().text()};
        for (const Count &count : counts) {
            PlanRows rows;
            if (!explain(connection, count.sql, {}, false, &rows, &error))
                parallel << count.what + QStringLiteral(": ") + error;
            qInfo("%s: %s", qPrintable(count.what), qPrintable(rows.describe()));
            if (hasParallelWorkers(rows))
                parallel << count.what;
        }
        if (!control.exec(QStringLiteral("ROLLBACK")))
            parallel << control.lastError().text();
        return parallel;
    };
    const QStringList every{counts.at(0).what, counts.at(1).what, counts.at(2).what};
    // Without the setting this server counts every table in parallel, so the checks below can fail.
    QCOMPARE(parallelCounts(), every);
    counting.prepareToCount();
    QCOMPARE(parallelCounts(), QStringList());
    // Opening again starts a new server session without the setting; the next count sets it again.
    QVERIFY2(counting.reconnect(), qPrintable(counting.errorText()));
    QCOMPARE(parallelCounts(), every);
    counting.prepareToCount();
    QCOMPARE(parallelCounts(), QStringList());
    // The counts still count.
    QSqlQuery users(counting.database());
    QVERIFY2(users.exec(missing.countStatement()) && users.next(), qPrintable(users.lastError().text()));
    QCOMPARE(users.value(0).toLongLong(), 1500);
}

QTEST_GUILESS_MAIN(TestCountPlans)
#include "tst_countplans.moc"
