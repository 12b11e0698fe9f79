#include "Connection.h"

#include "SqlFailure.h"

#include <QAtomicInteger>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

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
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("Cannot read \"%1\": %2.").arg(path, file.errorString());
        return false;
    }
    const QByteArray header = file.read(16);
    if (header.isEmpty()) {
        *error = QStringLiteral("\"%1\" is an empty file, not an SQLite database.").arg(path);
        return false;
    }
    if (header != QByteArray("SQLite format 3\0", 16)) {
        *error = QStringLiteral("\"%1\" is not an SQLite database (its header is wrong).").arg(path);
        return false;
    }
    return true;
}

int Connection::lockTimeoutMs()
{
    bool ok = false;
    const int custom = qEnvironmentVariableIntValue("PROFILE_ADMIN_BUSY_TIMEOUT_MS", &ok);
    return ok && custom >= 0 ? custom : DefaultLockTimeoutMs;
}

QString Connection::openError(const QSqlError &error) const
{
    const SqlFailure failure(error, isSqlite());
    const QString where = m_url.toDisplayString();
    if (isSqlite()) {
        switch (failure.kind()) {
        case SqlFailure::Kind::Busy:
            return QStringLiteral("Could not read %1: another program kept the database locked for the whole "
                                  "busy timeout of %2 s; try again when it has finished writing.")
                .arg(where, QString::number(lockTimeoutMs() / 1000.0));
        case SqlFailure::Kind::NotADatabase:
            return QStringLiteral("Could not read %1: %2; it is not an SQLite database, or it is damaged.")
                .arg(where, failure.message());
        default:
            return QStringLiteral("Could not read %1: %2.").arg(where, failure.message());
        }
    }
    const QString message = failure.message();
    if (message.contains(QLatin1String("timeout expired"))) {
        const QString seconds = m_url.options().value(QStringLiteral("connect_timeout"),
                                                      QString::number(DatabaseUrl::DefaultConnectTimeout));
        return QStringLiteral(
                   "Could not open %1: no answer within the connect timeout of %2 s; check the host, "
                   "the port and any firewall, or raise connect_timeout in the URL.")
            .arg(where, seconds);
    }
    if (message.contains(QLatin1String("password authentication failed")) ||
        message.contains(QLatin1String("no password supplied")))
        return QStringLiteral("Could not open %1: %2; check the user name and password (prefer ~/.pgpass or "
                              "PGPASSWORD to a password in the URL).")
            .arg(where, message);
    return QStringLiteral("Could not open %1: %2.").arg(where, message);
}

bool Connection::reconnect()
{
    // The same connection name and QSqlDatabase, so that models holding it keep their rows and held edits;
    // close() first, as QPSQL may still think a connection the server dropped is open.
    QSqlDatabase db = database();
    if (!db.isValid())
        return false;
    db.close();
    m_error.clear();
    m_readOnlyReason =
        m_mode == Mode::ReadOnly ? QStringLiteral("the database was opened read-only") : QString();
    m_passwordRequired = false;
    m_open = isSqlite() ? openSqlite(db) : openPostgres(db);
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
    if (isSqlite())
        return false;
    QSqlDatabase db = database();
    if (!db.isOpen())
        return true;
    QSqlQuery probe(db);
    return !probe.exec(QStringLiteral("SELECT 1"));
}

bool Connection::open()
{
    if (!m_url.isValid()) {
        m_error = QStringLiteral("No valid database was given.");
        return false;
    }
    const bool sqlite = isSqlite();
    const QString driver = sqlite ? QStringLiteral("QSQLITE") : QStringLiteral("QPSQL");
    if (!QSqlDatabase::isDriverAvailable(driver)) {
        m_error =
            sqlite
                ? QStringLiteral("Qt's SQLite driver (QSQLITE) is not installed; install libqt6sql6-sqlite.")
                : QStringLiteral("Qt's PostgreSQL driver (QPSQL) is not installed; install libqt6sql6-psql.");
        return false;
    }
    if (m_mode == Mode::ReadOnly)
        m_readOnlyReason = QStringLiteral("the database was opened read-only");
    QSqlDatabase db = QSqlDatabase::addDatabase(driver, m_name);
    return sqlite ? openSqlite(db) : openPostgres(db);
}

bool Connection::openSqlite(QSqlDatabase &db)
{
    const QString path = m_url.filePath();
    if (!looksLikeSqlite(path, &m_error))
        return false;
    // SQLite itself would fall back to reading a file it may not write and fail only at the first write
    // ("attempt to write a readonly database"), and a folder it may not write breaks the journal at commit
    // time. Finding out here lets the front ends say so up front and open the file read-only.
    const QFileInfo file(path);
    if (m_readOnlyReason.isEmpty() && !file.isWritable())
        m_readOnlyReason = QStringLiteral("the file %1 is read-only for this user").arg(path);
    else if (m_readOnlyReason.isEmpty() && !QFileInfo(file.absolutePath()).isWritable())
        m_readOnlyReason = QStringLiteral("the folder %1 is read-only for this user, so SQLite cannot create "
                                          "the journal it writes through")
                               .arg(file.absolutePath());

    db.setDatabaseName(path);
    QStringList options{QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(lockTimeoutMs())};
    if (!m_readOnlyReason.isEmpty())
        options << QStringLiteral("QSQLITE_OPEN_READONLY");
    db.setConnectOptions(options.join(QLatin1Char(';')));
    if (!db.open()) {
        m_error = openError(db.lastError());
        return false;
    }
    // Django relies on foreign keys being enforced; SQLite leaves them off unless asked, per connection.
    // The probe query also turns "file is not a database" or a lock held by another writer into an error
    // here rather than later.
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA foreign_keys = ON")) ||
        !q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master"))) {
        m_error = openError(q.lastError());
        return false;
    }
    return true;
}

bool Connection::openPostgres(QSqlDatabase &db)
{
    db.setDatabaseName(m_url.databaseName());
    if (!m_url.host().isEmpty())
        db.setHostName(m_url.host());
    if (m_url.port() > 0)
        db.setPort(m_url.port());
    if (!m_url.user().isEmpty())
        db.setUserName(m_url.user());
    if (!m_url.password().isEmpty())
        db.setPassword(m_url.password());
    auto urlOptions = m_url.options();
    if (!urlOptions.contains(QStringLiteral("connect_timeout")))
        urlOptions.insert(QStringLiteral("connect_timeout"),
                          QString::number(DatabaseUrl::DefaultConnectTimeout));
    if (!urlOptions.contains(QStringLiteral("application_name")))
        urlOptions.insert(QStringLiteral("application_name"), QStringLiteral("profile-admin"));
    QStringList options;
    for (auto it = urlOptions.cbegin(); it != urlOptions.cend(); ++it)
        options << it.key() + QLatin1Char('=') + it.value();
    db.setConnectOptions(options.join(QLatin1Char(';')));
    if (!db.open()) {
        m_error = openError(db.lastError());
        // libpq: "fe_sendauth: no password supplied", "password authentication failed for user ...".
        m_passwordRequired = db.lastError().text().contains(QLatin1String("password"), Qt::CaseInsensitive);
        return false;
    }

    QSqlQuery q(db);
    // Qt installs no notice processor, so libpq would print every server NOTICE or WARNING (a trigger's
    // RAISE NOTICE, "terminating connection due to immediate shutdown command") straight to stderr, where
    // the CLI keeps its own one-sentence errors. Errors still arrive as QSqlErrors.
    q.exec(QStringLiteral("SET client_min_messages TO error"));
    if (m_mode == Mode::ReadOnly) {
        if (!q.exec(QStringLiteral("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"))) {
            m_error = QStringLiteral("Could not open %1 read-only: %2.")
                          .arg(m_url.toDisplayString(), SqlFailure(q.lastError(), false).message());
            return false;
        }
        return true;
    }
    // A standby, or a role or database with default_transaction_read_only, accepts no write at all; say so
    // before anything tries.
    if (q.exec(QStringLiteral("SELECT pg_is_in_recovery(), current_setting('transaction_read_only')")) &&
        q.next()) {
        if (q.value(0).toBool())
            m_readOnlyReason = QStringLiteral("the server is a read-only standby");
        else if (q.value(1).toString() == QLatin1String("on"))
            m_readOnlyReason =
                QStringLiteral("the session is read-only (default_transaction_read_only is on for "
                               "this role or database)");
    }
    return true;
}
