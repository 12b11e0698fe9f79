// SqlFailure: how the engines classify real errors and how the database's text becomes one line. SQLite's
// errors are provoked on real files; PostgreSQL's are QSqlErrors as QPSQL builds them from libpq (the
// server's text, the SQLSTATE as native code), so this suite needs no server.
#include "DatabaseEngine.h"
#include "SqlFailure.h"

#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

namespace {

const DatabaseEngine &sqlite()
{
    return DatabaseEngine::forKind(DatabaseUrl::Kind::SQLite);
}

const DatabaseEngine &postgres()
{
    return DatabaseEngine::forKind(DatabaseUrl::Kind::PostgreSQL);
}

// Runs `work` on a QSQLITE connection to `path` opened with `options`, and removes the connection after.
void withSqlite(const QString &path, const QString &options, const std::function<void(QSqlDatabase &)> &work)
{
    static int counter = 0;
    const QString name = QStringLiteral("sqlfailure-%1").arg(++counter);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(options);
        QVERIFY2(db.open(), qPrintable(db.lastError().text()));
        work(db);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

// The error of `sql` run on `db`; fails the test when the statement works.
QSqlError errorOf(QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (q.exec(sql)) {
        QTest::qFail(qPrintable(QStringLiteral("\"%1\" did not fail").arg(sql)), __FILE__, __LINE__);
        return {};
    }
    return q.lastError();
}

QSqlError postgresError(const QString &serverText, const QString &sqlState)
{
    return QSqlError(QStringLiteral("QPSQL: Unable to create query"), serverText, QSqlError::StatementError,
                     sqlState);
}

} // namespace

class TestSqlFailure : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void sqliteConstraint();
    void sqliteBusy();
    void sqliteReadOnly();
    void sqliteNotADatabase();
    void sqliteOther();
    void postgresStates_data();
    void postgresStates();
    void databaseConstructorPicksItsEngine();
    void oneLine_data();
    void oneLine();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

void TestSqlFailure::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("test.sqlite3"));
    withSqlite(m_path, QString(), [](QSqlDatabase &db) {
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE t (id integer PRIMARY KEY, name text NOT NULL UNIQUE)")));
        QVERIFY(q.exec(QStringLiteral("INSERT INTO t (id, name) VALUES (1, 'one')")));
    });
}

void TestSqlFailure::sqliteConstraint()
{
    withSqlite(m_path, QString(), [](QSqlDatabase &db) {
        const SqlFailure notNull(errorOf(db, QStringLiteral("INSERT INTO t (id) VALUES (2)")), sqlite());
        QCOMPARE(notNull.kind(), SqlFailure::Kind::Constraint);
        QCOMPARE(notNull.message(), QStringLiteral("NOT NULL constraint failed: t.name"));
        // The extended code SQLITE_CONSTRAINT_NOTNULL, as Qt's driver reports it.
        QCOMPARE(notNull.code(), QStringLiteral("1299"));
        const SqlFailure unique(errorOf(db, QStringLiteral("INSERT INTO t (id, name) VALUES (3, 'one')")),
                                sqlite());
        QCOMPARE(unique.kind(), SqlFailure::Kind::Constraint);
        QCOMPARE(unique.message(), QStringLiteral("UNIQUE constraint failed: t.name"));
    });
}

void TestSqlFailure::sqliteBusy()
{
    // A second connection holds the write lock; this one gives up after its (short) busy timeout.
    withSqlite(m_path, QString(), [this](QSqlDatabase &holder) {
        QSqlQuery lock(holder);
        QVERIFY(lock.exec(QStringLiteral("BEGIN IMMEDIATE")));
        withSqlite(m_path, QStringLiteral("QSQLITE_BUSY_TIMEOUT=50"), [](QSqlDatabase &db) {
            const SqlFailure busy(errorOf(db, QStringLiteral("BEGIN IMMEDIATE")), sqlite());
            QCOMPARE(busy.kind(), SqlFailure::Kind::Busy);
            QCOMPARE(busy.message(), QStringLiteral("database is locked"));
        });
        QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));
    });
}

void TestSqlFailure::sqliteReadOnly()
{
    // Opened read-only, as Connection does for a file the user may not write (file modes do not stop root).
    withSqlite(m_path, QStringLiteral("QSQLITE_OPEN_READONLY"), [](QSqlDatabase &db) {
        const SqlFailure readOnly(errorOf(db, QStringLiteral("UPDATE t SET name = 'uno'")), sqlite());
        QCOMPARE(readOnly.kind(), SqlFailure::Kind::ReadOnly);
        QCOMPARE(readOnly.message(), QStringLiteral("attempt to write a readonly database"));
    });
}

void TestSqlFailure::sqliteNotADatabase()
{
    const QString path = m_dir->filePath(QStringLiteral("notes.sqlite3"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(4096, 'x'));
    file.close();
    withSqlite(path, QString(), [](QSqlDatabase &db) {
        const SqlFailure failure(errorOf(db, QStringLiteral("SELECT count(*) FROM sqlite_master")), sqlite());
        QCOMPARE(failure.kind(), SqlFailure::Kind::NotADatabase);
        QCOMPARE(failure.message(), QStringLiteral("file is not a database"));
    });
}

void TestSqlFailure::sqliteOther()
{
    withSqlite(m_path, QString(), [](QSqlDatabase &db) {
        const SqlFailure failure(errorOf(db, QStringLiteral("SELECT nope FROM t")), sqlite());
        QCOMPARE(failure.kind(), SqlFailure::Kind::Other);
        QCOMPARE(failure.message(), QStringLiteral("no such column: nope"));
    });
}

void TestSqlFailure::postgresStates_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("state");
    QTest::addColumn<SqlFailure::Kind>("kind");
    QTest::addColumn<QString>("message");
    QTest::newRow("permission") << "ERROR:  permission denied for table account_profile\n(42501)"
                                << "42501" << SqlFailure::Kind::PermissionDenied
                                << "permission denied for table account_profile";
    QTest::newRow("unique") << "ERROR:  duplicate key value violates unique constraint \"p_user_id_key\"\n"
                               "DETAIL:  Key (user_id)=(7) already exists.\n(23505)"
                            << "23505" << SqlFailure::Kind::Constraint
                            << "duplicate key value violates unique constraint \"p_user_id_key\"; Key "
                               "(user_id)=(7) already exists";
    QTest::newRow("not null") << "ERROR:  null value in column \"bio\" of relation \"account_profile\" "
                                 "violates not-null constraint\n(23502)"
                              << "23502" << SqlFailure::Kind::Constraint
                              << "null value in column \"bio\" of relation \"account_profile\" violates "
                                 "not-null constraint";
    QTest::newRow("too long") << "ERROR:  value too long for type character varying(10)\n(22001)"
                              << "22001" << SqlFailure::Kind::Constraint
                              << "value too long for type character varying(10)";
    QTest::newRow("read-only transaction")
        << "ERROR:  cannot execute INSERT in a read-only transaction\n(25006)"
        << "25006" << SqlFailure::Kind::ReadOnly << "cannot execute INSERT in a read-only transaction";
    QTest::newRow("terminated") << "FATAL:  terminating connection due to administrator command\n(57P01)"
                                << "57P01" << SqlFailure::Kind::ConnectionLost
                                << "terminating connection due to administrator command";
    QTest::newRow("connection failure")
        << "connection to server at \"127.0.0.1\", port 1 failed: Connection refused\n"
           "\tIs the server running on that host and accepting TCP/IP connections?\n(08006)"
        << "08006" << SqlFailure::Kind::ConnectionLost
        << "connection to server at \"127.0.0.1\", port 1 failed: Connection refused; Is the server running "
           "on that host and accepting TCP/IP connections?";
    QTest::newRow("socket closed, no state")
        << "server closed the connection unexpectedly\n\tThis probably means the server terminated "
           "abnormally\n\tbefore or while processing the request.\n"
        << "" << SqlFailure::Kind::ConnectionLost
        << "server closed the connection unexpectedly; This probably means the server terminated abnormally "
           "before or while processing the request";
    QTest::newRow("deadlock") << "ERROR:  deadlock detected\nDETAIL:  Process 1 waits for ShareLock.\n"
                                 "CONTEXT:  while inserting index tuple\n(40P01)"
                              << "40P01" << SqlFailure::Kind::Other
                              << "deadlock detected; Process 1 waits for ShareLock";
    QTest::newRow("other, no state") << "ERROR:  something odd"
                                     << "" << SqlFailure::Kind::Other << "something odd";
}

void TestSqlFailure::postgresStates()
{
    QFETCH(QString, text);
    QFETCH(QString, state);
    QFETCH(SqlFailure::Kind, kind);
    QFETCH(QString, message);
    const SqlFailure failure(postgresError(text, state), postgres());
    QCOMPARE(failure.kind(), kind);
    QCOMPARE(failure.message(), message);
    QCOMPARE(failure.code(), state);
}

void TestSqlFailure::databaseConstructorPicksItsEngine()
{
    // The same code means different things to different engines: the connection's driver decides.
    const QString sqliteName = QStringLiteral("picks-sqlite");
    const QString postgresName = QStringLiteral("picks-postgres");
    {
        const QSqlDatabase sqlite = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), sqliteName);
        const QSqlDatabase postgres = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), postgresName);
        const QSqlError busy(QString(), QStringLiteral("database is locked"), QSqlError::StatementError,
                             QStringLiteral("5"));
        QCOMPARE(SqlFailure(busy, sqlite).kind(), SqlFailure::Kind::Busy);
        QCOMPARE(SqlFailure(busy, postgres).kind(), SqlFailure::Kind::Other);
        const QSqlError denied =
            postgresError(QStringLiteral("ERROR:  permission denied"), QStringLiteral("42501"));
        QCOMPARE(SqlFailure(denied, postgres).kind(), SqlFailure::Kind::PermissionDenied);
    }
    QSqlDatabase::removeDatabase(sqliteName);
    QSqlDatabase::removeDatabase(postgresName);
}

void TestSqlFailure::oneLine_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("empty") << ""
                           << "";
    QTest::newRow("plain, final period") << "file is not a database."
                                         << "file is not a database";
    QTest::newRow("severity and hint") << "ERROR:  relation \"x\" does not exist\nHINT:  Create it first."
                                       << "relation \"x\" does not exist; Create it first";
    QTest::newRow("state dropped") << "FATAL:  the database system is shutting down\n(57P03)"
                                   << "the database system is shutting down";
    QTest::newRow("context dropped")
        << "ERROR:  profile refused\nCONTEXT:  PL/pgSQL function refuse() line 3 at RAISE"
        << "profile refused";
    QTest::newRow("repeated line once") << "ERROR:  out of memory\nERROR:  out of memory"
                                        << "out of memory";
    QTest::newRow("continuation, same sentence") << "terminated abnormally\n\tbefore or while processing"
                                                 << "terminated abnormally before or while processing";
    QTest::newRow("continuation, new sentence") << "Connection refused\n\tIs the server running?"
                                                << "Connection refused; Is the server running?";
    QTest::newRow("inner spaces") << "ERROR:   too    many\tspaces"
                                  << "too many spaces";
}

void TestSqlFailure::oneLine()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(SqlFailure::oneLine(text), expected);
}

QTEST_GUILESS_MAIN(TestSqlFailure)
#include "tst_sqlfailure.moc"
