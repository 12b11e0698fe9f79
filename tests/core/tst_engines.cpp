// The DatabaseEngine pieces of SQLite, PostgreSQL and MariaDB, each checked by what it does in a real
// database of its engine: quoting odd names, typed parameters, the conflict guard, per-row expressions,
// case-blind search with wildcards typed by the user, NULL order, stored value forms, transactions and the
// catalog.
#include "ColumnValues.h"
#include "Connection.h"
#include "CoreTest.h"
#include "DatabaseEngine.h"
#include "TestDatabase.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using CoreTest::urlOf;

namespace {

// The first column of every row of `q`, which has just been executed.
QVariantList firstColumn(QSqlQuery &q)
{
    QVariantList values;
    while (q.next())
        values << q.value(0);
    return values;
}

} // namespace

// Declares `db` (an empty database of the row's engine), `connection` to it, `sql` and `e` (its engine).
#define OPEN_ENGINE_DATABASE(tag)                                                                            \
    QFETCH(QString, engine);                                                                                 \
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral(tag));                            \
    {                                                                                                        \
        QString created;                                                                                     \
        QVERIFY2(db.exec(QStringLiteral("CREATE TABLE seed (x integer)"), &created), qPrintable(created));   \
    }                                                                                                        \
    Connection connection(urlOf(db), QStringLiteral("engines"));                                             \
    QVERIFY2(connection.isOpen(), qPrintable(connection.errorText()));                                       \
    QSqlDatabase sql = connection.database();                                                                \
    const DatabaseEngine &e = connection.engine()

#define EXEC(query, statement) QVERIFY2((query).exec(statement), qPrintable((query).lastError().text()))

class TestEngines : public QObject
{
    Q_OBJECT

private slots:
    void lookup();
    void connectionUsesItsEngine_data() { TestDatabase::addEngineData(); }
    void connectionUsesItsEngine();
    void quoting_data();
    void quoting();
    void castParameter_data() { TestDatabase::addEngineData(); }
    void castParameter();
    void conflictGuard_data() { TestDatabase::addEngineData(); }
    void conflictGuard();
    void perRowExpression_data() { TestDatabase::addEngineData(); }
    void perRowExpression();
    void likeIgnoringCase_data();
    void likeIgnoringCase();
    void nullOrder_data() { TestDatabase::addEngineData(); }
    void nullOrder();
    void storedForms_data() { TestDatabase::addEngineData(); }
    void storedForms();
    void transactions_data() { TestDatabase::addEngineData(); }
    void transactions();
};

void TestEngines::lookup()
{
    const DatabaseEngine &sqlite = DatabaseEngine::forKind(DatabaseUrl::Kind::SQLite);
    const DatabaseEngine &postgres = DatabaseEngine::forKind(DatabaseUrl::Kind::PostgreSQL);
    const DatabaseEngine &mysql = DatabaseEngine::forKind(DatabaseUrl::Kind::MySQL);
    QCOMPARE(sqlite.kind(), DatabaseUrl::Kind::SQLite);
    QCOMPARE(sqlite.displayName(), QStringLiteral("SQLite"));
    QCOMPARE(sqlite.driverName(), QStringLiteral("QSQLITE"));
    QCOMPARE(sqlite.missingDriverMessage(),
             QStringLiteral("Qt's SQLite driver (QSQLITE) is not installed; install libqt6sql6-sqlite."));
    QVERIFY(sqlite.isDriverAvailable());
    QVERIFY(!sqlite.canLoseConnection());
    QVERIFY(!sqlite.rollbackFailureMeansLost());
    QCOMPARE(sqlite.lockRowsClause(), QString());

    QCOMPARE(postgres.kind(), DatabaseUrl::Kind::PostgreSQL);
    QCOMPARE(postgres.displayName(), QStringLiteral("PostgreSQL"));
    QCOMPARE(postgres.driverName(), QStringLiteral("QPSQL"));
    QCOMPARE(postgres.missingDriverMessage(),
             QStringLiteral("Qt's PostgreSQL driver (QPSQL) is not installed; install libqt6sql6-psql."));
    QVERIFY(postgres.canLoseConnection());
    QVERIFY(postgres.rollbackFailureMeansLost());
    QCOMPARE(postgres.lockRowsClause(), QStringLiteral(" FOR UPDATE"));

    QCOMPARE(mysql.kind(), DatabaseUrl::Kind::MySQL);
    QCOMPARE(mysql.displayName(), QStringLiteral("MySQL/MariaDB"));
    QCOMPARE(mysql.driverName(), QStringLiteral("QMYSQL"));
    QVERIFY(mysql.canLoseConnection());
    QVERIFY(mysql.rollbackFailureMeansLost());
    QCOMPARE(mysql.lockRowsClause(), QStringLiteral(" FOR UPDATE"));

    // Singletons: the same object every time, found again from a connection's driver.
    QCOMPARE(&DatabaseEngine::forKind(DatabaseUrl::Kind::SQLite), &sqlite);
    QCOMPARE(&DatabaseEngine::forKind(DatabaseUrl::Kind::Invalid), &postgres);
    for (const DatabaseEngine *engine : {&sqlite, &postgres, &mysql}) {
        if (!engine->isDriverAvailable())
            continue;
        const QString name = QStringLiteral("lookup-") + engine->driverName();
        QCOMPARE(&DatabaseEngine::of(QSqlDatabase::addDatabase(engine->driverName(), name)), engine);
        QSqlDatabase::removeDatabase(name);
    }
    QCOMPARE(&DatabaseEngine::of(QSqlDatabase()), &postgres);
}

void TestEngines::connectionUsesItsEngine()
{
    OPEN_ENGINE_DATABASE("connection");
    QCOMPARE(e.kind(), urlOf(db).kind());
    QCOMPARE(&DatabaseEngine::of(sql), &e);
    QCOMPARE(&connection.engine(), &e);
    const bool file = db.engine() == QLatin1String("sqlite");
    QCOMPARE(connection.engine().kind() == DatabaseUrl::Kind::SQLite, file);
    QVERIFY(!connection.isLost());
    QVERIFY(!e.isLost(sql));
    sql.close();
    // A closed server connection is lost; a file is never lost.
    QCOMPARE(e.isLost(sql), !file);
}

void TestEngines::quoting_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<QString>("schema");
    QTest::addColumn<QString>("table");
    QTest::addColumn<QString>("column");
    QTest::addColumn<QString>("quotedTable");
    for (const char *engine : {"sqlite", "postgres"}) {
        QTest::addRow("%s plain", engine) << engine << ""
                                          << "plain"
                                          << "name"
                                          << "\"plain\"";
        QTest::addRow("%s embedded quotes", engine) << engine << ""
                                                    << "Auth \"User\""
                                                    << "Nick\"name"
                                                    << "\"Auth \"\"User\"\"\"";
        QTest::addRow("%s only a quote", engine) << engine << ""
                                                 << "\""
                                                 << "\"\""
                                                 << "\"\"\"\"";
        QTest::addRow("%s dot in the name", engine) << engine << ""
                                                    << "site.profile"
                                                    << "user.id"
                                                    << "\"site.profile\"";
        QTest::addRow("%s statement in the name", engine) << engine << ""
                                                          << "p; DROP TABLE seed; --"
                                                          << "x' OR '1'='1"
                                                          << "\"p; DROP TABLE seed; --\"";
    }
    // MariaDB quotes with backquotes; a double quote is an ordinary character there.
    QTest::addRow("mariadb plain") << "mariadb"
                                   << ""
                                   << "plain"
                                   << "name"
                                   << "`plain`";
    QTest::addRow("mariadb embedded quotes") << "mariadb"
                                             << ""
                                             << "Auth `User` \"x\""
                                             << "Nick`name"
                                             << "`Auth ``User`` \"x\"`";
    QTest::addRow("mariadb only a backquote") << "mariadb"
                                              << ""
                                              << "`"
                                              << "``"
                                              << "````";
    QTest::addRow("mariadb dot in the name") << "mariadb"
                                             << ""
                                             << "site.profile"
                                             << "user.id"
                                             << "`site.profile`";
    QTest::addRow("mariadb statement in the name") << "mariadb"
                                                   << ""
                                                   << "p; DROP TABLE seed; --"
                                                   << "x' OR '1'='1"
                                                   << "`p; DROP TABLE seed; --`";
    QTest::addRow("postgres schema with a dot") << "postgres"
                                                << "Site.Data"
                                                << "Pro\"file"
                                                << "Owner Ref"
                                                << "\"Site.Data\".\"Pro\"\"file\"";
}

void TestEngines::quoting()
{
    QFETCH(QString, schema);
    QFETCH(QString, table);
    QFETCH(QString, column);
    QFETCH(QString, quotedTable);
    OPEN_ENGINE_DATABASE("quoting");
    const TableName name{schema, table};
    QCOMPARE(e.quoteTable(name), quotedTable);
    if (!db.isMariadb()) {
        QCOMPARE(e.quoteTable(name), name.quoted());
        QCOMPARE(e.quoteIdentifier(column), quoteIdentifier(column));
    }

    QSqlQuery q(sql);
    if (!schema.isEmpty())
        EXEC(q, QStringLiteral("CREATE SCHEMA %1").arg(e.quoteIdentifier(schema)));
    EXEC(q,
         QStringLiteral("CREATE TABLE %1 (%2 integer)").arg(e.quoteTable(name), e.quoteIdentifier(column)));
    EXEC(q,
         QStringLiteral("INSERT INTO %1 (%2) VALUES (7)").arg(e.quoteTable(name), e.quoteIdentifier(column)));
    EXEC(q, QStringLiteral("SELECT %2 FROM %1").arg(e.quoteTable(name), e.quoteIdentifier(column)));
    QCOMPARE(firstColumn(q), QVariantList{7});

    // The catalog gives back exactly the names that were quoted, and nothing else was touched.
    const CatalogRows<TableName> tables = e.tables(sql);
    QVERIFY2(tables.ok(), qPrintable(tables.error.text()));
    const QString listedSchema = schema.isEmpty() && db.isPostgres() ? QStringLiteral("public") : schema;
    QVERIFY(tables.rows.contains(TableName{listedSchema, table}));
    QVERIFY(tables.rows.contains(
        TableName{db.isPostgres() ? QStringLiteral("public") : QString(), QStringLiteral("seed")}));
    const CatalogRows<ColumnInfo> columns = e.columns(sql, name);
    QVERIFY2(columns.ok(), qPrintable(columns.error.text()));
    QCOMPARE(columns.rows.size(), 1);
    QCOMPARE(columns.rows.first().name, column);
    QCOMPARE(columns.rows.first().family, ColumnFamily::Integer);
}

void TestEngines::castParameter()
{
    OPEN_ENGINE_DATABASE("cast");
    // MariaDB gives a bound value the column's type, and strict mode refuses one that does not fit.
    QCOMPARE(e.castParameter(QStringLiteral(":v0"), QStringLiteral("character varying(10)")),
             db.isPostgres() ? QStringLiteral("CAST(:v0 AS character varying(10))") : QStringLiteral(":v0"));

    // Values bound as text land in typed columns through INSERT ... SELECT, as the fixer writes them.
    QSqlQuery q(sql);
    EXEC(q, QStringLiteral("CREATE TABLE typed (n integer, d date, s varchar(10), b boolean)"));
    QVERIFY(q.prepare(QStringLiteral("INSERT INTO typed (n, d, s, b) SELECT %1, %2, %3, %4")
                          .arg(e.castParameter(QStringLiteral(":n"), QStringLiteral("integer")),
                               e.castParameter(QStringLiteral(":d"), QStringLiteral("date")),
                               e.castParameter(QStringLiteral(":s"), QStringLiteral("character varying(10)")),
                               e.castParameter(QStringLiteral(":b"), QStringLiteral("boolean")))));
    q.bindValue(QStringLiteral(":n"), QStringLiteral("41"));
    q.bindValue(QStringLiteral(":d"), QStringLiteral("2024-02-29"));
    q.bindValue(QStringLiteral(":s"), QStringLiteral("it's; --"));
    q.bindValue(QStringLiteral(":b"), false);
    QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
    EXEC(q, QStringLiteral("SELECT n + 1, d, s, b FROM typed"));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 42);
    QCOMPARE(ColumnValues::fromDatabase(q.value(1), ColumnFamily::Date), QVariant(QDate(2024, 2, 29)));
    QCOMPARE(q.value(2).toString(), QStringLiteral("it's; --"));
    QCOMPARE(ColumnValues::fromDatabase(q.value(3), ColumnFamily::Boolean), QVariant(false));
}

void TestEngines::conflictGuard()
{
    OPEN_ENGINE_DATABASE("conflict");
    const QString link = e.quoteIdentifier(QStringLiteral("user_id"));
    // MySQL's guard is a no-op on the user's own profile and an error on any other unique key.
    if (db.isMariadb())
        QVERIFY2(e.conflictGuard(link).startsWith(QStringLiteral(
                     " ON DUPLICATE KEY UPDATE `user_id` = IF(`user_id` <=> VALUES(`user_id`), `user_id`, ")),
                 qPrintable(e.conflictGuard(link)));
    else
        QCOMPARE(e.conflictGuard(link), QStringLiteral(" ON CONFLICT (\"user_id\") DO NOTHING"));

    QSqlQuery q(sql);
    EXEC(q, QStringLiteral("CREATE TABLE profile (id integer PRIMARY KEY, user_id integer UNIQUE)"));
    EXEC(q, QStringLiteral("INSERT INTO profile (id, user_id) VALUES (1, 7)"));
    // SQLite needs a WHERE clause to tell ON CONFLICT from a join constraint, as in the fixer's INSERT.
    const QString insert =
        QStringLiteral("INSERT INTO profile (id, %1) SELECT 2, 7 WHERE 1 = 1") + e.conflictGuard(link);
    EXEC(q, insert.arg(link));
    QCOMPARE(q.numRowsAffected(), 0);
    EXEC(q, QStringLiteral("SELECT id FROM profile"));
    QCOMPARE(firstColumn(q), QVariantList{1});
}

void TestEngines::perRowExpression()
{
    OPEN_ENGINE_DATABASE("perrow");
    const bool postgres = db.isPostgres();
    QVERIFY(e.perRowExpression(ColumnFamily::Text, QStringLiteral("text")).isEmpty());
    QVERIFY(e.perRowExpression(ColumnFamily::Integer, QStringLiteral("integer")).isEmpty());
    QVERIFY(e.perRowExpression(ColumnFamily::Json, QStringLiteral("jsonb")).isEmpty());

    // Evaluated twice in one row, as an INSERT ... SELECT over many users does.
    const auto evaluate = [&](ColumnFamily family, const QString &sqlType) -> QVariantList {
        const QString expression = e.perRowExpression(family, sqlType);
        QSqlQuery q(sql);
        if (expression.isEmpty() || !q.exec(QStringLiteral("SELECT %1, %1").arg(expression)) || !q.next())
            return {};
        return {q.value(0), q.value(1)};
    };
    const QDateTime now = QDateTime::currentDateTimeUtc();

    const QVariantList aware =
        evaluate(ColumnFamily::DateTime,
                 postgres ? QStringLiteral("timestamp with time zone") : QStringLiteral("datetime"));
    QCOMPARE(aware.size(), 2);
    const QDateTime moment = ColumnValues::fromDatabase(aware.first(), ColumnFamily::DateTime).toDateTime();
    QVERIFY2(moment.isValid(), qPrintable(aware.first().toString()));
    QVERIFY2(qAbs(moment.secsTo(now)) < 60, qPrintable(moment.toString(Qt::ISODateWithMs)));
    if (postgres) {
        const QVariantList local =
            evaluate(ColumnFamily::DateTime, QStringLiteral("timestamp without time zone"));
        QCOMPARE(local.size(), 2);
        QVERIFY(ColumnValues::fromDatabase(local.first(), ColumnFamily::DateTime).toDateTime().isValid());
        QCOMPARE(e.perRowExpression(ColumnFamily::DateTime, QStringLiteral("timestamp without time zone")),
                 QStringLiteral("LOCALTIMESTAMP"));
    }

    const QVariantList date = evaluate(ColumnFamily::Date, QStringLiteral("date"));
    QCOMPARE(date.size(), 2);
    const QDate day = ColumnValues::fromDatabase(date.first(), ColumnFamily::Date).toDate();
    QVERIFY2(qAbs(day.daysTo(now.date())) <= 1, qPrintable(date.first().toString()));

    const QVariantList time = evaluate(ColumnFamily::Time, postgres ? QStringLiteral("time without time zone")
                                                                    : QStringLiteral("time"));
    QCOMPARE(time.size(), 2);
    QVERIFY2(QTime::fromString(time.first().toString(), Qt::ISODateWithMs).isValid(),
             qPrintable(time.first().toString()));

    const QVariantList uuid =
        evaluate(ColumnFamily::Uuid, postgres ? QStringLiteral("uuid") : QStringLiteral("char(32)"));
    QCOMPARE(uuid.size(), 2);
    static const QRegularExpression hex32(QStringLiteral("^[0-9a-f]{32}$"));
    for (const QVariant &value : uuid) {
        const QString digits = value.toString().remove(QLatin1Char('-'));
        QVERIFY2(hex32.match(digits).hasMatch(), qPrintable(value.toString()));
    }
    QVERIFY2(uuid.first() != uuid.last(), "a fresh UUID per evaluation");

    const QVariantList binary =
        evaluate(ColumnFamily::Binary, postgres ? QStringLiteral("bytea") : QStringLiteral("BLOB"));
    QCOMPARE(binary.size(), 2);
    QVERIFY(!binary.first().isNull());
    QCOMPARE(binary.first().toByteArray(), QByteArray());
}

void TestEngines::likeIgnoringCase_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QStringList>("found");
    for (const char *engine : {"sqlite", "postgres", "mariadb"}) {
        QTest::addRow("%s percent", engine) << engine << "100%" << QStringList{QStringLiteral("100%")};
        QTest::addRow("%s underscore", engine) << engine << "a_b" << QStringList{QStringLiteral("a_b")};
        QTest::addRow("%s backslash", engine)
            << engine << "k\\s" << QStringList{QStringLiteral("back\\slash")};
        QTest::addRow("%s case", engine)
            << engine << "mIXED case" << QStringList{QStringLiteral("Mixed CASE")};
        QTest::addRow("%s substring", engine)
            << engine << "100" << QStringList{QStringLiteral("100 percent"), QStringLiteral("100%")};
    }
}

void TestEngines::likeIgnoringCase()
{
    QFETCH(QString, typed);
    QFETCH(QStringList, found);
    OPEN_ENGINE_DATABASE("like");
    const QString condition = e.likeIgnoringCase(QStringLiteral("w"), QStringLiteral(":s"));
    // MariaDB reads backslash escapes in string literals, so its one-backslash escape is written '\\'.
    QCOMPARE(condition, db.isPostgres()  ? QStringLiteral("lower(w) LIKE :s ESCAPE '\\'")
                        : db.isMariadb() ? QStringLiteral("LOWER(w) LIKE :s ESCAPE '\\\\'")
                                         : QStringLiteral("w LIKE :s ESCAPE '\\'"));
    QCOMPARE(e.foldSearchText(QStringLiteral("MiXed")),
             db.engine() == QLatin1String("sqlite") ? QStringLiteral("MiXed") : QStringLiteral("mixed"));

    QSqlQuery q(sql);
    EXEC(q, QStringLiteral("CREATE TABLE words (w text)"));
    for (const char *word :
         {"100%", "100 percent", "a_b", "axb", "Mixed CASE", "back\\slash", "backXslash"}) {
        q.prepare(QStringLiteral("INSERT INTO words (w) VALUES (:w)"));
        q.bindValue(QStringLiteral(":w"), QString::fromUtf8(word));
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
    }
    q.prepare(QStringLiteral("SELECT w FROM words WHERE %1 ORDER BY w").arg(condition));
    q.bindValue(QStringLiteral(":s"), DatabaseEngine::containsPattern(e.foldSearchText(typed)));
    QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
    QStringList matched;
    for (const QVariant &value : firstColumn(q))
        matched << value.toString();
    QCOMPARE(matched, found);
}

void TestEngines::nullOrder()
{
    OPEN_ENGINE_DATABASE("nulls");
    QSqlQuery q(sql);
    EXEC(q, QStringLiteral("CREATE TABLE n (v integer)"));
    EXEC(q, QStringLiteral("INSERT INTO n (v) VALUES (1), (NULL), (2)"));
    for (const bool descending : {false, true}) {
        EXEC(q, QStringLiteral("SELECT v FROM n ORDER BY v %1")
                    .arg(descending ? QLatin1String("DESC") : QLatin1String("ASC")));
        const QVariantList values = firstColumn(q);
        QCOMPARE(values.size(), 3);
        QCOMPARE(values.first().isNull(), e.sortsNullsFirst(descending));
        QCOMPARE(values.last().isNull(), !e.sortsNullsFirst(descending));
    }
    QCOMPARE(e.sortsNullsFirst(false), !db.isPostgres());
}

void TestEngines::storedForms()
{
    OPEN_ENGINE_DATABASE("stored");
    const bool postgres = db.isPostgres();
    const bool mariadb = db.isMariadb();
    const QDateTime moment(QDate(2024, 2, 29), QTime(13, 14, 15, 678), Qt::UTC);
    const QDate day(2024, 2, 29);
    // SQLite and MariaDB keep Django's own forms: UTC text (SQLite with microseconds), ISO dates, 0/1.
    QCOMPARE(e.toStorage(moment, ColumnFamily::DateTime),
             postgres  ? QVariant(moment)
             : mariadb ? QVariant(QStringLiteral("2024-02-29 13:14:15.678"))
                       : QVariant(QStringLiteral("2024-02-29 13:14:15.678000")));
    QCOMPARE(e.toStorage(day, ColumnFamily::Date),
             postgres ? QVariant(day) : QVariant(QStringLiteral("2024-02-29")));
    QCOMPARE(e.toStorage(true, ColumnFamily::Boolean), postgres ? QVariant(true) : QVariant(1));
    QCOMPARE(e.toStorage(QStringLiteral("x"), ColumnFamily::Text), QVariant(QStringLiteral("x")));
    const QVariant null =
        ColumnValues::toDatabase(QVariant(QMetaType::fromType<QDate>()), ColumnFamily::Date, e);
    QVERIFY(null.isNull());
    QCOMPARE(null.metaType(), QMetaType::fromType<QDate>());

    // Written and read back, every value is what the models showed.
    QSqlQuery q(sql);
    EXEC(q, QStringLiteral("CREATE TABLE forms (m %1, d date, b %2)")
                .arg(postgres  ? QStringLiteral("timestamp with time zone")
                     : mariadb ? QStringLiteral("datetime(6)")
                               : QStringLiteral("datetime"),
                     postgres ? QStringLiteral("boolean") : QStringLiteral("bool")));
    QVERIFY(q.prepare(QStringLiteral("INSERT INTO forms (m, d, b) VALUES (?, ?, ?)")));
    q.addBindValue(ColumnValues::toDatabase(moment, ColumnFamily::DateTime, e));
    q.addBindValue(ColumnValues::toDatabase(day, ColumnFamily::Date, e));
    q.addBindValue(ColumnValues::toDatabase(true, ColumnFamily::Boolean, e));
    QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
    EXEC(q, QStringLiteral("SELECT m, d, b FROM forms"));
    QVERIFY(q.next());
    QCOMPARE(ColumnValues::fromDatabase(q.value(0), ColumnFamily::DateTime).toDateTime().toUTC(), moment);
    QCOMPARE(ColumnValues::fromDatabase(q.value(1), ColumnFamily::Date), QVariant(day));
    QCOMPARE(ColumnValues::fromDatabase(q.value(2), ColumnFamily::Boolean), QVariant(true));
}

void TestEngines::transactions()
{
    OPEN_ENGINE_DATABASE("transactions");
    QSqlQuery control(sql);
    QVERIFY2(e.beginBulkInsert(control), qPrintable(control.lastError().text()));
    QSqlQuery q(sql);
    EXEC(q, QStringLiteral("INSERT INTO seed (x) VALUES (1)"));
    EXEC(q, QStringLiteral("SELECT x FROM seed WHERE x = 1") + e.lockRowsClause());
    QCOMPARE(firstColumn(q), QVariantList{1});
    EXEC(control, QStringLiteral("ROLLBACK"));
    EXEC(q, QStringLiteral("SELECT count(*) FROM seed"));
    QCOMPARE(firstColumn(q), QVariantList{0});

    QVERIFY2(e.beginRowUpdate(control), qPrintable(control.lastError().text()));
    if (db.isPostgres()) {
        // The save waits for another session's row lock as long as SQLite waits for its file lock.
        EXEC(q, QStringLiteral("SELECT setting FROM pg_settings WHERE name = 'lock_timeout'"));
        QCOMPARE(firstColumn(q), QVariantList{QString::number(Connection::lockTimeoutMs())});
    } else if (db.isMariadb()) {
        // InnoDB waits for another session's row lock as long, in whole seconds.
        EXEC(q, QStringLiteral("SELECT @@SESSION.innodb_lock_wait_timeout"));
        const QVariantList seconds = firstColumn(q);
        QCOMPARE(seconds.size(), 1);
        QCOMPARE(seconds.first().toInt(), (Connection::lockTimeoutMs() + 999) / 1000);
    } else {
        // The write lock is taken at BEGIN: another writer is refused.
        const QString otherName = QStringLiteral("other-writer");
        {
            QSqlDatabase other = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), otherName);
            other.setDatabaseName(db.databaseName());
            other.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=0"));
            QVERIFY(other.open());
            QSqlQuery write(other);
            QVERIFY(!write.exec(QStringLiteral("INSERT INTO seed (x) VALUES (2)")));
            QCOMPARE(SqlFailure(write.lastError(), e).kind(), SqlFailure::Kind::Busy);
        }
        QSqlDatabase::removeDatabase(otherName);
    }
    EXEC(control, QStringLiteral("ROLLBACK"));
}

QTEST_GUILESS_MAIN(TestEngines)
#include "tst_engines.moc"
