// MysqlEngine against a real MariaDB server: the dialect (quoting, literals, the conflict guard and what it
// reports, per-row values, case-insensitive search, NULL order), the session (strict mode, UTC, the lock
// timeout) and the errors it classifies.
#include "ColumnValues.h"
#include "Connection.h"
#include "DatabaseEngine.h"
#include "DatabaseSession.h"
#include "FillPlan.h"
#include "MissingProfileFixer.h"
#include "TestDatabase.h"

#include <QRegularExpression>
#include <QScopeGuard>

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#define EXEC(query, statement) QVERIFY2((query).exec(statement), qPrintable((query).lastError().text()))

namespace {

QVariant single(QSqlQuery &q, const QString &sql)
{
    return q.exec(sql) && q.next() ? q.value(0) : QVariant();
}

// Rows the tables of an ANALYZE FORMAT=JSON plan produced, summed over all of them and all their loops.
double rowsRead(const QJsonValue &node)
{
    double rows = 0;
    if (node.isArray()) {
        for (const QJsonValue &item : node.toArray())
            rows += rowsRead(item);
        return rows;
    }
    if (!node.isObject())
        return 0;
    const QJsonObject object = node.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QJsonValue value = it.value();
        if (it.key() == QLatin1String("table") && value.isObject()) {
            const QJsonObject table = value.toObject();
            rows += table.value(u"r_rows").toDouble() * table.value(u"r_loops").toDouble(1);
        }
        rows += rowsRead(value);
    }
    return rows;
}

} // namespace

class TestMysqlEngine : public QObject
{
    Q_OBJECT

private slots:
    void dialect();
    void sessionIsStrictAndUtc();
    void guardReportsOnlyInsertedRows();
    void batchReadsOnlyItsRange();
    void literalsReadBackAsBound();
    void errorsAreClassified();
    void connectionKilledMidRunWritesNothing();
    void readOnlyUserIsRefusedBeforeWriting();
    void lockWaitFailsAfterTheTimeout();
};

#define OPEN_MARIADB(tag)                                                                                    \
    PA_TEST_DATABASE(db, QStringLiteral("mariadb"), QStringLiteral("classic"), QStringLiteral(tag));         \
    QString parseError;                                                                                      \
    Connection connection(DatabaseUrl::parse(db.url(), &parseError), QStringLiteral("mysqlengine"));         \
    QVERIFY2(connection.isOpen(), qPrintable(connection.errorText()));                                       \
    QSqlDatabase sql = connection.database();                                                                \
    const DatabaseEngine &e = connection.engine();                                                           \
    QCOMPARE(e.kind(), DatabaseUrl::Kind::MySQL)

void TestMysqlEngine::dialect()
{
    OPEN_MARIADB("dialect");
    QCOMPARE(&DatabaseEngine::of(sql), &e);
    QCOMPARE(e.quoteIdentifier(QStringLiteral("a`b")), QStringLiteral("`a``b`"));
    QVERIFY(!e.guardMayKeepUsersMissing());
    QCOMPARE(e.lockRowsClause(), QStringLiteral(" FOR UPDATE"));

    QSqlQuery q(sql);
    const QString table = e.quoteIdentifier(QStringLiteral("Odd `name`; --"));
    EXEC(q, QStringLiteral("CREATE TABLE %1 (id integer PRIMARY KEY, w varchar(20), u char(32) NOT NULL, "
                           "t datetime(6) NOT NULL)")
                .arg(table));
    // Two rows from one INSERT ... SELECT: per-row values differ where they must (UUIDs) and are UTC now.
    EXEC(q, QStringLiteral("INSERT INTO %1 (id, w, u, t) SELECT 1, 'MiXed', %2, %3 UNION ALL SELECT 2, NULL, "
                           "%2, %3")
                .arg(table, e.perRowExpression(ColumnFamily::Uuid, QStringLiteral("char(32)")),
                     e.perRowExpression(ColumnFamily::DateTime, QStringLiteral("datetime(6)"))));
    EXEC(q, QStringLiteral("SELECT u, t FROM %1 ORDER BY id").arg(table));
    QVERIFY(q.next());
    const QString first = q.value(0).toString();
    const QDateTime stamped = ColumnValues::fromDatabase(q.value(1), ColumnFamily::DateTime).toDateTime();
    QVERIFY(q.next());
    QCOMPARE(first.size(), 32);
    QVERIFY(first != q.value(0).toString());
    // The session's clock is UTC, as Django stores datetimes: the wall time read back is UTC's.
    const QDateTime wall(stamped.date(), stamped.time(), Qt::UTC);
    QVERIFY2(qAbs(wall.secsTo(QDateTime::currentDateTimeUtc())) < 120,
             qPrintable(wall.toString(Qt::ISODate)));

    // Search ignores case with the escape of containsPattern(); NULLs come first ascending.
    q.prepare(QStringLiteral("SELECT count(*) FROM %1 WHERE %2")
                  .arg(table, e.likeIgnoringCase(QStringLiteral("w"), QStringLiteral(":s"))));
    q.bindValue(QStringLiteral(":s"),
                e.foldSearchText(DatabaseEngine::containsPattern(QStringLiteral("mix"))));
    QVERIFY2(q.exec() && q.next(), qPrintable(q.lastError().text()));
    QCOMPARE(q.value(0).toInt(), 1);
    q.prepare(QStringLiteral("SELECT count(*) FROM %1 WHERE %2")
                  .arg(table, e.likeIgnoringCase(QStringLiteral("w"), QStringLiteral(":s"))));
    q.bindValue(QStringLiteral(":s"),
                e.foldSearchText(DatabaseEngine::containsPattern(QStringLiteral("m_x"))));
    QVERIFY2(q.exec() && q.next(), qPrintable(q.lastError().text()));
    QCOMPARE(q.value(0).toInt(), 0);
    EXEC(q, QStringLiteral("SELECT id FROM %1 ORDER BY w").arg(table));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt() == 2, e.sortsNullsFirst(false));

    // NULL-safe comparison, and times within the millisecond the driver reads.
    QCOMPARE(single(q, QStringLiteral("SELECT count(*) FROM %1 WHERE %2")
                           .arg(table, e.notDistinct(QStringLiteral("w"), QStringLiteral("NULL"))))
                 .toInt(),
             1);
    const QString literal =
        e.sqlLiteral(e.toStorage(stamped, ColumnFamily::DateTime), ColumnFamily::DateTime);
    QCOMPARE(single(q, QStringLiteral("SELECT count(*) FROM %1 WHERE id = 1 AND %2")
                           .arg(table, e.notDistinct(QStringLiteral("t"), literal, ColumnFamily::DateTime)))
                 .toInt(),
             1);
}

void TestMysqlEngine::sessionIsStrictAndUtc()
{
    OPEN_MARIADB("strict");
    QSqlQuery q(sql);
    QVERIFY(
        single(q, QStringLiteral("SELECT @@SESSION.sql_mode")).toString().contains(u"STRICT_TRANS_TABLES"));
    QCOMPARE(single(q, QStringLiteral("SELECT @@SESSION.time_zone")).toString(), QStringLiteral("+00:00"));
    QCOMPARE(single(q, QStringLiteral("SELECT @@SESSION.innodb_lock_wait_timeout")).toInt(),
             (Connection::lockTimeoutMs() + 999) / 1000);
    EXEC(q, QStringLiteral("CREATE TABLE short (s varchar(3) NOT NULL, n tinyint NOT NULL)"));
    // Too long, out of range, NULL: errors, never a warning and a changed value.
    for (const QString &bad :
         {QStringLiteral("('abcd', 1)"), QStringLiteral("('a', 300)"), QStringLiteral("(NULL, 1)")}) {
        QVERIFY2(!q.exec(QStringLiteral("INSERT INTO short VALUES ") + bad), qPrintable(bad));
        QCOMPARE(SqlFailure(q.lastError(), e).kind(), SqlFailure::Kind::Constraint);
    }
    QCOMPARE(single(q, QStringLiteral("SELECT count(*) FROM short")).toInt(), 0);
}

void TestMysqlEngine::guardReportsOnlyInsertedRows()
{
    OPEN_MARIADB("guard");
    QSqlQuery q(sql);
    const QString link = e.quoteIdentifier(QStringLiteral("user_id"));
    EXEC(q, QStringLiteral(
                "CREATE TABLE profile (id integer AUTO_INCREMENT PRIMARY KEY, user_id integer UNIQUE, "
                "nick varchar(10) UNIQUE)"));
    EXEC(q, QStringLiteral("INSERT INTO profile (user_id, nick) VALUES (7, 'seven')"));
    // One new row and one already there: the affected rows count the new one only (no CLIENT_FOUND_ROWS).
    q.prepare(QStringLiteral("INSERT INTO profile (user_id, nick) SELECT 7, 'x' UNION ALL SELECT 8, 'y'") +
              e.conflictGuard(link));
    QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
    QCOMPARE(q.numRowsAffected(), 1);
    // The guard also fires on another unique key: that is an error, never a user silently kept missing, in
    // strict mode with its own words and without strict mode too.
    QVERIFY(!q.exec(QStringLiteral("INSERT INTO profile (user_id, nick) SELECT 9, 'seven'") +
                    e.conflictGuard(link)));
    QCOMPARE(SqlFailure(q.lastError(), e).kind(), SqlFailure::Kind::Constraint);
    QVERIFY2(q.lastError().text().contains(QLatin1String("unique column other than the link")),
             qPrintable(q.lastError().text()));
    EXEC(q, QStringLiteral("SET SESSION sql_mode = ''"));
    QVERIFY(!q.exec(QStringLiteral("INSERT INTO profile (user_id, nick) SELECT 9, 'seven'") +
                    e.conflictGuard(link)));
    EXEC(q, QStringLiteral("SET SESSION sql_mode = 'STRICT_ALL_TABLES'"));
    QCOMPARE(single(q, QStringLiteral("SELECT count(*) FROM profile WHERE user_id = 9")).toInt(), 0);
    QCOMPARE(single(q, QStringLiteral("SELECT user_id FROM profile WHERE nick = 'seven'")).toInt(), 7);
    // NOT NULL and CHECK failures are still errors behind the guard.
    EXEC(q, QStringLiteral("ALTER TABLE profile ADD CONSTRAINT positive CHECK (user_id > 0)"));
    QVERIFY(!q.exec(QStringLiteral("INSERT INTO profile (user_id, nick) SELECT -1, 'neg'") +
                    e.conflictGuard(link)));
    QCOMPARE(SqlFailure(q.lastError(), e).kind(), SqlFailure::Kind::Constraint);
}

// The fix-up's batch reads the users of its key range and the profiles of that range, never the whole profile
// table: MariaDB turns the NOT EXISTS into a materialised subquery, which without the profile-side range
// would read every profile once per batch (quadratic over the batches).
void TestMysqlEngine::batchReadsOnlyItsRange()
{
    PA_TEST_DATABASE(db, QStringLiteral("mariadb"), QStringLiteral("classic"), QStringLiteral("batchplan"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    constexpr int Users = 20000;
    constexpr int Batch = 2000;
    QVERIFY2(
        db.exec({QStringLiteral("INSERT INTO auth_user (id, password, is_superuser, username, first_name, "
                                "last_name, email, is_staff, is_active, date_joined) SELECT seq, '!', 0, "
                                "CONCAT('u', seq), '', '', '', 0, 1, '2020-01-01' FROM seq_1_to_%1")
                     .arg(Users),
                 QStringLiteral("INSERT INTO account_profile (user_id, photo) SELECT seq, '' FROM "
                                "seq_2_to_%1_step_2")
                     .arg(Users),
                 QStringLiteral("ANALYZE TABLE auth_user, account_profile")},
                &error),
        qPrintable(error));
    DatabaseSession session(DatabaseUrl::parse(db.url(), &error),
                            SessionOptions{QStringLiteral("batchplan")});
    QVERIFY2(session.isReady(), qPrintable(session.errorText()));
    const MissingProfileFixer fixer(session.connection().database(), session.schema(),
                                    FillPlan::build(session.schema(), session.engine()));
    // The batch in the middle, with its values written in (ANALYZE takes no placeholders).
    QString statement = fixer.insertStatement();
    QVariantMap values = fixer.planValues();
    values.insert(QStringLiteral(":lo"), Users / 2);
    values.insert(QStringLiteral(":hi"), Users / 2 + Batch);
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        statement.replace(QRegularExpression(QRegularExpression::escape(it.key()) + QStringLiteral("\\b")),
                          session.engine().sqlLiteral(it.value(), ColumnFamily::Other));
    QSqlQuery control(session.connection().database());
    QVERIFY(fixer.beginKeyRangeBatches(control));
    const auto rollBack = qScopeGuard([&] { control.exec(QStringLiteral("ROLLBACK")); });
    QSqlQuery analyze(session.connection().database());
    QVERIFY2(analyze.exec(QStringLiteral("ANALYZE FORMAT=JSON ") + statement) && analyze.next(),
             qPrintable(analyze.lastError().text() + QLatin1Char('\n') + statement));
    const QJsonDocument plan = QJsonDocument::fromJson(analyze.value(0).toString().toUtf8());
    QVERIFY2(plan.isObject(), qPrintable(analyze.value(0).toString()));
    analyze.finish();
    QCOMPARE(single(control, QStringLiteral("SELECT count(*) FROM account_profile WHERE user_id >= %1 AND "
                                            "user_id < %2")
                                 .arg(Users / 2)
                                 .arg(Users / 2 + Batch))
                 .toInt(),
             Batch);
    // The users of the range and the profiles already there: 1.5 rows per user of the batch; reading every
    // profile would be 10,000 more.
    const double read = rowsRead(plan.object());
    QVERIFY2(read > 0 && read <= 2.0 * Batch,
             qPrintable(QStringLiteral("%1 rows read: %2").arg(read).arg(QString::fromUtf8(plan.toJson()))));
}

void TestMysqlEngine::literalsReadBackAsBound()
{
    OPEN_MARIADB("literals");
    QSqlQuery q(sql);
    EXEC(q,
         QStringLiteral("CREATE TABLE lit (id integer PRIMARY KEY, s text, b tinyint(1), d date, j longtext "
                        "CHECK (json_valid(j)))"));
    const QStringList texts{QStringLiteral("back\\slash"), QStringLiteral("quote ' and \\' and \\\\"),
                            QStringLiteral("Ő 😀 \"dq\""),
                            QStringLiteral("nul") + QChar(0) + QStringLiteral("end"), QStringLiteral("%_")};
    int id = 0;
    for (const QString &text : texts) {
        QString error;
        const QString literal = e.sqlLiteral(text, ColumnFamily::Text, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        EXEC(q, QStringLiteral("INSERT INTO lit (id, s) VALUES (%1, %2)").arg(++id).arg(literal));
        QCOMPARE(single(q, QStringLiteral("SELECT s FROM lit WHERE id = %1").arg(id)).toString(), text);
    }
    // The same whatever the session says about backslashes.
    EXEC(q, QStringLiteral("SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES')"));
    const QString literal = e.sqlLiteral(texts.at(1), ColumnFamily::Text);
    QCOMPARE(single(q, QStringLiteral("SELECT ") + literal).toString(), texts.at(1));
    EXEC(q, QStringLiteral("INSERT INTO lit (id, b, d) VALUES (99, %1, %2)")
                .arg(e.sqlLiteral(e.toStorage(true, ColumnFamily::Boolean), ColumnFamily::Boolean),
                     e.sqlLiteral(e.toStorage(QDate(2024, 2, 29), ColumnFamily::Date), ColumnFamily::Date)));
    EXEC(q, QStringLiteral("SELECT b, d FROM lit WHERE id = 99"));
    QVERIFY(q.next());
    QCOMPARE(ColumnValues::fromDatabase(q.value(0), ColumnFamily::Boolean), QVariant(true));
    QCOMPARE(ColumnValues::fromDatabase(q.value(1), ColumnFamily::Date), QVariant(QDate(2024, 2, 29)));
    QString error;
    QVERIFY(e.sqlLiteral(qInf(), ColumnFamily::Decimal, &error).isEmpty());
    QVERIFY(!error.isEmpty());
    // Django's JSON column on MariaDB refuses what is no JSON.
    QVERIFY(!q.exec(QStringLiteral("INSERT INTO lit (id, j) VALUES (100, '{no')")));
    QCOMPARE(SqlFailure(q.lastError(), e).kind(), SqlFailure::Kind::Constraint);
}

void TestMysqlEngine::errorsAreClassified()
{
    OPEN_MARIADB("errors");
    QSqlQuery q(sql);
    // A connection killed from another session is a lost connection, and the engine notices.
    const qint64 id = single(q, QStringLiteral("SELECT CONNECTION_ID()")).toLongLong();
    QString error;
    QVERIFY2(db.exec(QStringLiteral("KILL CONNECTION %1").arg(id), &error), qPrintable(error));
    QVERIFY(!q.exec(QStringLiteral("SELECT 1")));
    QCOMPARE(SqlFailure(q.lastError(), e).kind(), SqlFailure::Kind::ConnectionLost);
    QVERIFY(e.isLost(sql));
}

// The fix-up's connection killed from another session after its INSERT (MariaDB's default
// innodb_autoinc_lock_mode makes it one statement per table), before COMMIT: the run says the outcome is
// unknown, as it must when COMMIT fails so, and the server has rolled back everything the INSERT wrote.
void TestMysqlEngine::connectionKilledMidRunWritesNothing()
{
    PA_TEST_DATABASE(db, QStringLiteral("mariadb"), QStringLiteral("classic"), QStringLiteral("killed"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(200, 100, &error), qPrintable(error));
    const QString before = db.saveSnapshot(&error);
    DatabaseSession session(DatabaseUrl::parse(db.url(), &error), SessionOptions{QStringLiteral("killed")});
    QVERIFY2(session.isReady(), qPrintable(session.errorText()));
    const FillPlan plan = FillPlan::build(session.schema(), session.engine());
    QSqlQuery q(session.connection().database());
    const qint64 id = single(q, QStringLiteral("SELECT CONNECTION_ID()")).toLongLong();
    const MissingProfileFixer fixer(session.connection().database(), session.schema(), plan);
    QCOMPARE(single(q, QStringLiteral("SELECT @@innodb_autoinc_lock_mode")).toInt(), 1);
    int statements = 0;
    const FixResult result = fixer.createMissing(
        [&](qint64 done, qint64 total) {
            ++statements;
            if (done == total)
                db.exec(QStringLiteral("KILL CONNECTION %1").arg(id));
            return true;
        },
        40);
    QCOMPARE(statements, 1);
    QVERIFY(!result.ok);
    QCOMPARE(result.failure, SqlFailure::Kind::ConnectionLost);
    QVERIFY2(result.errorText.contains(QLatin1String("not known whether the profiles were created")),
             qPrintable(result.errorText));
    const QJsonObject verdict = db.verify(before);
    QCOMPARE(verdict.value(u"missing").toInt(), 100);
    QCOMPARE(verdict.value(u"changed_count").toInt(), 0);
}

// A user granted SELECT only can count and discover, and is told before the first write why it may not.
void TestMysqlEngine::readOnlyUserIsRefusedBeforeWriting()
{
    PA_TEST_DATABASE(db, QStringLiteral("mariadb"), QStringLiteral("classic"), QStringLiteral("readonly"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(20, 10, &error), qPrintable(error));
    const QString user = QStringLiteral("pa_reader_%1").arg(QCoreApplication::applicationPid());
    QVERIFY2(
        db.exec({QStringLiteral("DROP USER IF EXISTS '%1'@'127.0.0.1'").arg(user),
                 QStringLiteral("CREATE USER '%1'@'127.0.0.1' IDENTIFIED BY 'pw'").arg(user),
                 QStringLiteral("GRANT SELECT ON \"%1\".* TO '%2'@'127.0.0.1'").arg(db.databaseName(), user)},
                &error),
        qPrintable(error));
    const auto dropUser =
        qScopeGuard([&] { db.exec(QStringLiteral("DROP USER '%1'@'127.0.0.1'").arg(user)); });
    const QString url = QStringLiteral("mysql://%1:pw@127.0.0.1:%2/%3")
                            .arg(user, TestDatabase::mariadbPort(), db.databaseName());
    DatabaseSession session(DatabaseUrl::parse(url, &error), SessionOptions{QStringLiteral("reader")});
    QVERIFY2(session.isReady(), qPrintable(session.errorText()));
    QVERIFY2(session.writeAccess().createProblem().contains(QLatin1String("may not insert")),
             qPrintable(session.writeAccess().createProblem()));
    QVERIFY2(session.writeAccess().editProblem().contains(QLatin1String("may not change")),
             qPrintable(session.writeAccess().editProblem()));
    // Had it tried anyway, the server's refusal is a permission error and nothing is written.
    const FillPlan plan = FillPlan::build(session.schema(), session.engine());
    const FixResult result =
        MissingProfileFixer(session.connection().database(), session.schema(), plan).createMissing();
    QVERIFY(!result.ok);
    QCOMPARE(result.failure, SqlFailure::Kind::PermissionDenied);
    QCOMPARE(db.verify().value(u"missing").toInt(), 10);
}

// Another session holds the lock on a row the fix-up must write: the run gives up after the lock timeout
// (innodb_lock_wait_timeout) instead of waiting for ever, and writes nothing.
void TestMysqlEngine::lockWaitFailsAfterTheTimeout()
{
    PA_TEST_DATABASE(db, QStringLiteral("mariadb"), QStringLiteral("classic"), QStringLiteral("lockwait"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(20, 10, &error), qPrintable(error));
    qputenv("PROFILE_ADMIN_BUSY_TIMEOUT_MS", "1000");
    const auto restore = qScopeGuard([] { qunsetenv("PROFILE_ADMIN_BUSY_TIMEOUT_MS"); });
    Connection holder(DatabaseUrl::parse(db.url(), &error), QStringLiteral("holder"));
    QVERIFY2(holder.isOpen(), qPrintable(holder.errorText()));
    QSqlQuery hold(holder.database());
    EXEC(hold, QStringLiteral("START TRANSACTION"));
    // The site is creating the profile of user 1 (who has none) and has not committed yet.
    EXEC(hold, QStringLiteral("INSERT INTO account_profile (user_id, photo) VALUES (1, 'site')"));

    DatabaseSession session(DatabaseUrl::parse(db.url(), &error), SessionOptions{QStringLiteral("waiter")});
    QVERIFY2(session.isReady(), qPrintable(session.errorText()));
    const FillPlan plan = FillPlan::build(session.schema(), session.engine());
    const FixResult result =
        MissingProfileFixer(session.connection().database(), session.schema(), plan).createMissing();
    QVERIFY(!result.ok);
    QVERIFY2(result.errorText.contains(QLatin1String("Lock wait timeout")) &&
                 result.errorText.contains(QLatin1String("nothing was written")),
             qPrintable(result.errorText));
    EXEC(hold, QStringLiteral("ROLLBACK"));
    QCOMPARE(db.verify().value(u"missing").toInt(), 10);
}

QTEST_GUILESS_MAIN(TestMysqlEngine)
#include "tst_mysqlengine.moc"
