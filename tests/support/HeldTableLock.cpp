#include "HeldTableLock.h"

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
    QSqlDatabase lock = QSqlDatabase::addDatabase(
        db.isPostgres() ? QStringLiteral("QPSQL") : QStringLiteral("QSQLITE"), m_connection);
    lock.setDatabaseName(db.databaseName());
    if (db.isPostgres()) {
        lock.setHostName(QStringLiteral("127.0.0.1"));
        lock.setPort(TestDatabase::pgPort().toInt());
        lock.setUserName(QStringLiteral("postgres"));
    }
    if (!lock.open()) {
        m_error = lock.lastError().text();
        return;
    }
    QSqlQuery hold(lock);
    if (!hold.exec(db.isPostgres() ? QStringLiteral("BEGIN") : QStringLiteral("BEGIN IMMEDIATE"))) {
        m_error = hold.lastError().text();
        return;
    }
    m_held = true;
    if (db.isPostgres() && !hold.exec(QStringLiteral("LOCK TABLE %1 IN SHARE MODE").arg(table)))
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
