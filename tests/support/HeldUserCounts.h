#pragma once

#include <QString>

class TestDatabase;

// Holds back every count of the user table that one role makes on PostgreSQL, while its other reads of the
// table go on: row security on the table, whose policy waits, in a statement that counts, for a shared
// advisory lock this object holds exclusively. Lets a test look at what a person sees before a count
// arrives, without timing anything.
class HeldUserCounts
{
public:
    // Creates the role (LOGIN, SELECT on every table) and the policy in `db`, and takes the lock.
    explicit HeldUserCounts(const TestDatabase &db);
    ~HeldUserCounts();
    HeldUserCounts(const HeldUserCounts &) = delete;
    HeldUserCounts &operator=(const HeldUserCounts &) = delete;

    // Runs ANALYZE on the user table, then sets the catalog's estimate of its size to `users`, as a busy
    // site's catalog may be between two runs of autovacuum.
    static bool setEstimate(const TestDatabase &db, qint64 users, QString *error);

    // Empty while the counts are held; otherwise why they could not be.
    QString error() const { return m_error; }
    // The database's URL, logged in as the role whose counts wait.
    QString url() const { return m_url; }
    // Lets the counts go on; true when that worked.
    bool release();

private:
    QString m_connection;
    QString m_url;
    QString m_error;
    bool m_held = false;
};
