// Plans on a PostgreSQL database that no ANALYZE has seen, as after pg_restore or a bulk load: the fix-up's
// batch and the Users view's statements must stay linear in the users whatever the planner guesses. Judged by
// the rows EXPLAIN ANALYZE reports (rows every plan node produced, rows a join filter threw away), never by
// the clock; then the real fix-up runs and Django's ORM checks the result.
#include "DatabaseEngine.h"
#include "DatabaseSession.h"
#include "FillPlan.h"
#include "MissingProfileFixer.h"
#include "TestDatabase.h"
#include "UsersQuery.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
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

struct PlanRows
{
    qint64 produced = 0;         // actual rows times loops, summed over every node
    qint64 joinFiltered = 0;     // "Rows Removed by Join Filter", summed
    QHash<QString, qint64> read; // per relation: rows its scans returned or filtered out, times loops
    QStringList nodes;           // node types, for the failure message

    QString describe() const
    {
        return QStringLiteral("%1 rows produced, %2 removed by a join filter; plan: %3")
            .arg(produced)
            .arg(joinFiltered)
            .arg(nodes.join(QStringLiteral(" > ")));
    }
};

void addNode(const QJsonObject &node, PlanRows *rows)
{
    const qint64 loops = qMax<qint64>(1, node.value(QStringLiteral("Actual Loops")).toInteger());
    rows->produced += node.value(QStringLiteral("Actual Rows")).toInteger() * loops;
    rows->joinFiltered += node.value(QStringLiteral("Rows Removed by Join Filter")).toInteger();
    const QString relation = node.value(QStringLiteral("Relation Name")).toString();
    if (!relation.isEmpty())
        // A probe that found nothing still looked once; per-loop averages below one round to zero.
        rows->read[relation] +=
            qMax<qint64>(1, node.value(QStringLiteral("Actual Rows")).toInteger() +
                                node.value(QStringLiteral("Rows Removed by Filter")).toInteger()) *
            loops;
    QString type = node.value(QStringLiteral("Node Type")).toString();
    const QString join = node.value(QStringLiteral("Join Type")).toString();
    if (!join.isEmpty())
        type += QLatin1Char(' ') + join;
    rows->nodes << type;
    for (const QJsonValue child : node.value(QStringLiteral("Plans")).toArray())
        addNode(child.toObject(), rows);
}

// Runs `sql` (with :name placeholders, as the product prepares it) through PREPARE and EXPLAIN (ANALYZE)
// EXECUTE, so that the plan is the one a server-side prepared statement gets: `generic` forces the plan
// PostgreSQL may switch to after five executions, which knows none of the values.
bool explain(QSqlDatabase &db, const QString &sql, const QVariantMap &values, bool generic, PlanRows *rows,
             QString *error)
{
    static const QRegularExpression placeholder(QStringLiteral("(?<![:\\w]):([A-Za-z_]\\w*)"));
    const DatabaseEngine &engine = DatabaseEngine::of(db);
    QStringList names;
    QString positional;
    qsizetype last = 0;
    for (auto it = placeholder.globalMatch(sql); it.hasNext();) {
        const auto match = it.next();
        const QString name = match.captured(0);
        if (!names.contains(name))
            names << name;
        positional += sql.mid(last, match.capturedStart() - last);
        positional += QStringLiteral("$%1").arg(names.indexOf(name) + 1);
        last = match.capturedEnd();
    }
    positional += sql.mid(last);
    QStringList arguments;
    for (const QString &name : names) {
        if (!values.contains(name)) {
            *error = QStringLiteral("no value for %1").arg(name);
            return false;
        }
        arguments << engine.sqlLiteral(values.value(name), ColumnFamily::Other);
    }
    QSqlQuery q(db);
    const bool ok = q.exec(QStringLiteral("SAVEPOINT explained")) &&
                    q.exec(QStringLiteral("SET LOCAL plan_cache_mode = %1")
                               .arg(generic ? QStringLiteral("force_generic_plan")
                                            : QStringLiteral("force_custom_plan"))) &&
                    q.exec(QStringLiteral("PREPARE explained AS ") + positional) &&
                    q.exec(QStringLiteral("EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE explained") +
                           (arguments.isEmpty() ? QString()
                                                : QLatin1Char('(') + arguments.join(QStringLiteral(", ")) +
                                                      QLatin1Char(')'))) &&
                    q.next();
    if (!ok) {
        *error = q.lastError().text() + QStringLiteral(" in: ") + positional;
        return false;
    }
    const QJsonArray plans = QJsonDocument::fromJson(q.value(0).toString().toUtf8()).array();
    addNode(plans.at(0).toObject().value(QStringLiteral("Plan")).toObject(), rows);
    q.finish();
    // The EXPLAIN ANALYZE of an INSERT inserted: undo it, so that every plan sees the same data.
    if (!q.exec(QStringLiteral("ROLLBACK TO SAVEPOINT explained")) ||
        !q.exec(QStringLiteral("DEALLOCATE explained"))) {
        *error = q.lastError().text();
        return false;
    }
    return true;
}

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
