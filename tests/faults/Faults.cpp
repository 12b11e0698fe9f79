#include "Faults.h"

#include <QDeadlineTimer>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUrl>

namespace Faults {

namespace {

bool classic(const TestDatabase &db)
{
    return db.variant() == QLatin1String("classic");
}

} // namespace

int pgPortOf(const TestDatabase &db)
{
    return QUrl(db.url()).port();
}

std::unique_ptr<PostgresCluster> startPrivateCluster()
{
    const int port = qEnvironmentVariableIntValue("PA_TEST_PG_PRIVATE_PORT");
    // Under /tmp, like the fixture cluster: the postgres user must reach it when the tests run as root.
    auto cluster =
        std::make_unique<PostgresCluster>(PostgresCluster::scriptIn(TestDatabase::sourceDir()),
                                          QStringLiteral("/tmp/profile-admin-pgtest-%1").arg(port), port);
    if (port <= 0)
        qWarning("PA_TEST_PG_PRIVATE_PORT is not set: run the test through ctest");
    cluster->start(); // (without a port it fails, and errorString() says so)
    return cluster;
}

bool addUsers(const TestDatabase &db, int count, QString *error)
{
    // Every NOT NULL column of Django's AbstractUser, plus display_name for the custom model.
    const QString columns = QStringLiteral("password, is_superuser, username, first_name, last_name, email, "
                                           "is_staff, is_active, date_joined") +
                            (classic(db) ? QString() : QStringLiteral(", display_name"));
    const QString extra = classic(db) ? QString() : QStringLiteral(", ''");
    const QString start = QStringLiteral("(SELECT coalesce(max(id), 0) FROM %1)").arg(db.userTable());
    if (db.isMariadb()) {
        // MariaDB's Sequence engine gives the numbers; the first id is read beforehand, so that the INSERT
        // does not read the table it writes.
        const QVariant first = db.queryValue(start.mid(1, start.size() - 2), error);
        if (!first.isValid())
            return false;
        return db.exec(QStringLiteral("INSERT INTO %1 (%2) SELECT '!', false, CONCAT('bulk', %3 + seq), '', "
                                      "'', '', false, true, now()%4 FROM seq_1_to_%5")
                           .arg(db.userTable(), columns)
                           .arg(first.toLongLong())
                           .arg(extra)
                           .arg(count),
                       error);
    }
    if (db.isPostgres()) {
        return db.exec(
            QStringLiteral("INSERT INTO %1 (%2) SELECT '!', false, 'bulk' || (%3 + g), '', '', '', "
                           "false, true, now()%4 FROM generate_series(1, %5) AS g")
                .arg(db.userTable(), columns, start, extra)
                .arg(count),
            error);
    }
    return db.exec(
        QStringLiteral("INSERT INTO %1 (%2) WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 "
                       "FROM g WHERE n < %5) SELECT '!', 0, 'bulk' || (%3 + n), '', '', '', 0, 1, "
                       "'2024-01-01 00:00:00'%4 FROM g")
            .arg(db.userTable(), columns, start, extra)
            .arg(count),
        error);
}

bool waitFor(const std::function<bool()> &done, int timeoutMs, int pollMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QTest::qWait(pollMs);
    }
    return true;
}

qint64 profileAdminWaitingForLock(QSqlDatabase db, bool *hasWritten)
{
    QSqlQuery q(db);
    if (db.driverName() == QLatin1String("QMYSQL")) {
        // MariaDB names no application: profile-admin's is the waiting transaction whose statement reads the
        // users it inserts profiles for (a site's own INSERT ... VALUES may wait too, but reads nothing).
        if (!q.exec(QStringLiteral("SELECT t.trx_mysql_thread_id, t.trx_rows_modified > 0 FROM "
                                   "information_schema.INNODB_TRX t JOIN information_schema.PROCESSLIST p "
                                   "ON p.ID = t.trx_mysql_thread_id WHERE p.DB = DATABASE() AND "
                                   "t.trx_state = 'LOCK WAIT' AND p.INFO LIKE 'INSERT%SELECT%'")) ||
            !q.next())
            return 0;
        if (hasWritten)
            *hasWritten = q.value(1).toBool();
        return q.value(0).toLongLong();
    }
    if (!q.exec(QStringLiteral("SELECT pid, backend_xid IS NOT NULL FROM pg_stat_activity WHERE datname = "
                               "current_database() AND application_name = 'profile-admin' AND "
                               "wait_event_type = 'Lock'")) ||
        !q.next())
        return 0;
    if (hasWritten)
        *hasWritten = q.value(1).toBool();
    return q.value(0).toLongLong();
}

qint64 waitForProfileAdminLockWait(QSqlDatabase monitor, const std::function<bool()> &running,
                                   bool *hasWritten)
{
    const int pollMs = monitor.driverName() == QLatin1String("QMYSQL") ? 150 : 20;
    qint64 pid = 0;
    waitFor(
        [&] {
            pid = profileAdminWaitingForLock(monitor, hasWritten);
            return pid > 0 || !running();
        },
        120000, pollMs);
    return pid;
}

qint64 lockWaits(const QSqlDatabase &monitor)
{
    QSqlQuery q(monitor);
    const bool mariadb = monitor.driverName() == QLatin1String("QMYSQL");
    if (!q.exec(mariadb
                    ? QStringLiteral("SELECT count(*) FROM information_schema.INNODB_TRX WHERE trx_state = "
                                     "'LOCK WAIT'")
                    : QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                                     "current_database() AND wait_event_type = 'Lock'")) ||
        !q.next())
        return -1;
    return q.value(0).toLongLong();
}

QSqlDatabase openRaw(const TestDatabase &db, const QString &name, QString *error)
{
    QSqlDatabase raw = QSqlDatabase::addDatabase(db.isPostgres()  ? QStringLiteral("QPSQL")
                                                 : db.isMariadb() ? QStringLiteral("QMYSQL")
                                                                  : QStringLiteral("QSQLITE"),
                                                 name);
    raw.setDatabaseName(db.databaseName());
    if (db.isPostgres() || db.isMariadb()) {
        raw.setHostName(QStringLiteral("127.0.0.1"));
        raw.setPort(pgPortOf(db));
        raw.setUserName(db.isMariadb() ? QStringLiteral("root") : QStringLiteral("postgres"));
    }
    if (!raw.open() && error)
        *error = raw.lastError().text();
    return raw;
}

void closeRaw(const QString &name)
{
    {
        QSqlDatabase raw = QSqlDatabase::database(name, false);
        raw.close();
    }
    QSqlDatabase::removeDatabase(name);
}

bool holdSecondBatch(const TestDatabase &db, const QString &blocker, const QString &monitor, QString *error)
{
    QSqlDatabase raw = openRaw(db, blocker, error);
    if (!raw.isOpen())
        return false;
    QSqlQuery q(raw);
    if (!q.exec(db.isMariadb() ? QStringLiteral("START TRANSACTION") : QStringLiteral("BEGIN")) ||
        !q.exec(QStringLiteral(
            "INSERT INTO account_profile (user_id, date_of_birth, photo) VALUES (60000, NULL, '')"))) {
        *error = q.lastError().text();
        return false;
    }
    return openRaw(db, monitor, error).isOpen();
}

} // namespace Faults
