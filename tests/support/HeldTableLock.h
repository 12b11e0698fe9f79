#pragma once

#include <QString>

class TestDatabase;

// Another program holding a table, as a site's long transaction would: on PostgreSQL a transaction that
// holds `table` in SHARE mode (writes to it wait), on MariaDB a transaction that read every row of it LOCK IN
// SHARE MODE (writes to it wait), on SQLite a write transaction (BEGIN IMMEDIATE: every other writer waits).
// Released with release() or when it goes out of scope.
class HeldTableLock
{
public:
    HeldTableLock(const TestDatabase &db, const QString &table);
    ~HeldTableLock();
    HeldTableLock(const HeldTableLock &) = delete;
    HeldTableLock &operator=(const HeldTableLock &) = delete;

    // Empty while the lock is held; otherwise why it could not be taken.
    QString error() const { return m_error; }
    // Ends the transaction (ROLLBACK); true when that worked.
    bool release();

private:
    QString m_connection;
    QString m_error;
    bool m_held = false;
};
