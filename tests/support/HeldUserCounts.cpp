#include "HeldUserCounts.h"

#include "TestConnections.h"
#include "TestDatabase.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>

#include <atomic>

namespace {

std::atomic<int> s_holds{0};
// The advisory lock's key; advisory locks are per database.
constexpr int LockKey = 4242;

} // namespace

HeldUserCounts::HeldUserCounts(const TestDatabase &db)
    : m_connection(QStringLiteral("held-user-counts-%1").arg(s_holds.fetch_add(1)))
{
    if (!db.isPostgres()) {
        m_error = QStringLiteral("only PostgreSQL has row security");
        return;
    }
    // Roles belong to the cluster, so the role is named after the database, which is unique.
    const QString role = QStringLiteral("pa_held_%1").arg(qHash(db.databaseName()), 0, 16);
    const QString table = db.userTable();
    const QStringList setUp{
        QStringLiteral("DROP ROLE IF EXISTS %1").arg(role), QStringLiteral("CREATE ROLE %1 LOGIN").arg(role),
        QStringLiteral("GRANT SELECT ON ALL TABLES IN SCHEMA public TO %1").arg(role),
        // The statement the client sent, or the one it prepared and now executes (as QPSQL does).
        QStringLiteral("CREATE FUNCTION pa_counts_wait() RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$ "
                       "DECLARE sent text := current_query(); "
                       "BEGIN IF sent ~* '^\\s*EXECUTE\\s' THEN "
                       "SELECT statement INTO sent FROM pg_prepared_statements "
                       "WHERE name = lower(substring(sent from '^\\s*EXECUTE\\s+(\\w+)')); END IF; "
                       "IF sent ILIKE '%count(%' THEN PERFORM pg_advisory_xact_lock_shared(%1); END IF; "
                       "RETURN true; END $$")
            .arg(LockKey),
        QStringLiteral("ALTER TABLE %1 ENABLE ROW LEVEL SECURITY").arg(table),
        QStringLiteral("CREATE POLICY pa_counts_wait ON %1 FOR SELECT TO %2 USING (pa_counts_wait())")
            .arg(table, role)};
    if (!db.exec(setUp, &m_error))
        return;
    QUrl url(db.url());
    url.setUserName(role);
    m_url = url.toString();

    QSqlDatabase lock = TestConnections::addConnection(QStringLiteral("QPSQL"), db.databaseName(),
                                                       TestDatabase::pgPort(), m_connection);
    if (!lock.open()) {
        m_error = lock.lastError().text();
        return;
    }
    QSqlQuery hold(lock);
    if (!hold.exec(QStringLiteral("SELECT pg_advisory_lock(%1)").arg(LockKey))) {
        m_error = hold.lastError().text();
        return;
    }
    m_held = true;
}

bool HeldUserCounts::setEstimate(const TestDatabase &db, qint64 users, QString *error)
{
    const QString table = db.userTable();
    return db.exec({QStringLiteral("ANALYZE %1").arg(table),
                    QStringLiteral("UPDATE pg_class SET reltuples = %1 WHERE oid = '%2'::regclass")
                        .arg(users)
                        .arg(table)},
                   error);
}

HeldUserCounts::~HeldUserCounts()
{
    release();
    QSqlDatabase::removeDatabase(m_connection);
}

bool HeldUserCounts::release()
{
    if (!m_held)
        return true;
    m_held = false;
    QSqlDatabase lock = QSqlDatabase::database(m_connection, false);
    QSqlQuery unlock(lock);
    const bool released = unlock.exec(QStringLiteral("SELECT pg_advisory_unlock(%1)").arg(LockKey));
    lock.close();
    return released;
}
