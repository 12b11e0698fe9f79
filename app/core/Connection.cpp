#include "Connection.h"

#include "SqliteEngine.h"

#include <QAtomicInteger>

namespace {

QString uniqueName(const QString &purpose)
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("profile-admin-%1-%2").arg(purpose).arg(counter.fetchAndAddRelaxed(1));
}

// Milliseconds a write waits for another program's lock before giving up, unless
// PROFILE_ADMIN_BUSY_TIMEOUT_MS says otherwise.
constexpr int DefaultLockTimeoutMs = 10000;

} // namespace

Connection::Connection(const DatabaseUrl &url, const QString &purpose, Mode mode)
    : m_url(url)
    , m_engine(&DatabaseEngine::forKind(url.kind()))
    , m_mode(mode)
    , m_name(uniqueName(purpose))
{
    m_open = open();
}

Connection::~Connection()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        if (db.isValid())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_name);
}

QSqlDatabase Connection::database() const
{
    return QSqlDatabase::database(m_name, false);
}

bool Connection::looksLikeSqlite(const QString &path, QString *error)
{
    return SqliteEngine::looksLikeSqlite(path, error);
}

int Connection::lockTimeoutMs()
{
    bool ok = false;
    const int custom = qEnvironmentVariableIntValue("PROFILE_ADMIN_BUSY_TIMEOUT_MS", &ok);
    return ok && custom >= 0 ? custom : DefaultLockTimeoutMs;
}

bool Connection::reconnect()
{
    // The same connection name and QSqlDatabase, so that models holding it keep their rows and held edits;
    // close() first, as QPSQL may still think a connection the server dropped is open.
    QSqlDatabase db = database();
    if (!db.isValid())
        return false;
    db.close();
    m_open = openWith(db);
    return m_open;
}

bool Connection::ensureOpen()
{
    if (m_open && !isLost())
        return true;
    return reconnect();
}

bool Connection::isLost() const
{
    return m_engine->isLost(database());
}

bool Connection::open()
{
    if (!m_url.isValid()) {
        m_error = QStringLiteral("No valid database was given.");
        return false;
    }
    if (!m_engine->isDriverAvailable()) {
        m_error = m_engine->missingDriverMessage();
        return false;
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(m_engine->driverName(), m_name);
    return openWith(db);
}

bool Connection::openWith(QSqlDatabase &db)
{
    // Every opening starts afresh: the engine adds why a writable mode cannot write after all.
    DatabaseEngine::OpenState state;
    if (m_mode == Mode::ReadOnly)
        state.readOnlyReason = QStringLiteral("the database was opened read-only");
    const bool opened = m_engine->open(db, m_url, m_mode == Mode::ReadOnly, &state);
    m_readOnlyReason = state.readOnlyReason;
    m_error = state.error;
    m_passwordRequired = state.passwordRequired;
    return opened;
}
