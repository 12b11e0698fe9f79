#include "Connection.h"

#include <QAtomicInteger>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

namespace {

QString uniqueName(const QString &purpose)
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("profile-admin-%1-%2").arg(purpose).arg(counter.fetchAndAddRelaxed(1));
}

// Milliseconds an SQLite writer waits for another process's lock before giving up.
constexpr int SqliteBusyTimeoutMs = 10000;

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
    if (sqlite && !looksLikeSqlite(m_url.filePath(), &m_error))
        return false;

    QSqlDatabase db = QSqlDatabase::addDatabase(driver, m_name);
    QStringList options;
    if (sqlite) {
        db.setDatabaseName(m_url.filePath());
        options << QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(SqliteBusyTimeoutMs);
        if (m_mode == Mode::ReadOnly)
            options << QStringLiteral("QSQLITE_OPEN_READONLY");
    } else {
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
        for (auto it = urlOptions.cbegin(); it != urlOptions.cend(); ++it)
            options << it.key() + QLatin1Char('=') + it.value();
    }
    db.setConnectOptions(options.join(QLatin1Char(';')));

    if (!db.open()) {
        const QString reason = db.lastError().databaseText().trimmed().isEmpty()
                                   ? db.lastError().text()
                                   : db.lastError().databaseText();
        m_error = QStringLiteral("Could not open %1: %2").arg(m_url.toDisplayString(), reason.trimmed());
        // libpq: "fe_sendauth: no password supplied", "password authentication failed for user ...".
        m_passwordRequired = !sqlite && reason.contains(QLatin1String("password"), Qt::CaseInsensitive);
        return false;
    }

    QSqlQuery q(db);
    if (sqlite) {
        // Django relies on foreign keys being enforced; SQLite leaves them off unless asked, per connection.
        // The probe query also turns "file is not a database" into an error here rather than later.
        if (!q.exec(QStringLiteral("PRAGMA foreign_keys = ON")) ||
            !q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master"))) {
            m_error =
                QStringLiteral("Could not read %1: %2").arg(m_url.toDisplayString(), q.lastError().text());
            return false;
        }
    } else if (m_mode == Mode::ReadOnly) {
        if (!q.exec(QStringLiteral("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"))) {
            m_error = QStringLiteral("Could not open %1 read-only: %2")
                          .arg(m_url.toDisplayString(), q.lastError().text());
            return false;
        }
    }
    return true;
}
