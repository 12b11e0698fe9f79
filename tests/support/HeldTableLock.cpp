#include "HeldTableLock.h"

#include "TestConnections.h"
#include "TestDatabase.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <atomic>

namespace {
std::atomic<int> s_locks{0};
}

HeldTableLock::HeldTableLock(const TestDatabase &db, const QString &table)
    : m_connection(QStringLiteral("held-table-lock-%1").arg(s_locks.fetch_add(1)))
{
    QSqlDatabase lock = TestConnections::addConnection(
        TestConnections::driverOf(db.engine()), db.databaseName(),
        db.isMariadb() ? TestDatabase::mariadbPort() : TestDatabase::pgPort(), m_connection);
    if (!lock.open()) {
        m_error = lock.lastError().text();
        return;
    }
    QSqlQuery hold(lock);
    const QString begin = db.isPostgres()  ? QStringLiteral("BEGIN")
                          : db.isMariadb() ? QStringLiteral("START TRANSACTION")
                                           : QStringLiteral("BEGIN IMMEDIATE");
    if (!hold.exec(begin)) {
        m_error = hold.lastError().text();
        return;
    }
    m_held = true;
    if (db.isPostgres() && !hold.exec(QStringLiteral("LOCK TABLE %1 IN SHARE MODE").arg(table)))
        m_error = hold.lastError().text();
    // Shared next-key locks on every row and on the end of the table (a scan of the primary key): every
    // INSERT and UPDATE waits, reads do not.
    if (db.isMariadb() && !hold.exec(QStringLiteral("SELECT * FROM %1 LOCK IN SHARE MODE").arg(table)))
        m_error = hold.lastError().text();
}

HeldTableLock::~HeldTableLock()
{
    release();
    QSqlDatabase::removeDatabase(m_connection);
}

bool HeldTableLock::release()
{
    if (!m_held)
        return true;
    m_held = false;
    QSqlQuery end(QSqlDatabase::database(m_connection, false));
    return end.exec(QStringLiteral("ROLLBACK"));
}
