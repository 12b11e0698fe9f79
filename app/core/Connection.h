#pragma once

#include "DatabaseEngine.h"
#include "DatabaseUrl.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QString>

// One named QSqlDatabase connection, opened in the constructor and removed in the destructor, for the thread
// that created it. Everything talks to the database through one of these: QtSql connections are per thread,
// and removeDatabase() requires that no query outlives the connection, hence the owner object.
class Connection
{
public:
    enum class Mode { ReadWrite, ReadOnly };

    // Opens `url` under a connection name derived from `purpose`; check isOpen() and errorText().
    Connection(const DatabaseUrl &url, const QString &purpose, Mode mode = Mode::ReadWrite);
    ~Connection();
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    bool isOpen() const { return m_open; }
    // One sentence naming what failed and what to do; never contains a password.
    QString errorText() const { return m_error; }
    // The server refused to connect without a (correct) password: ask the user for one and try again.
    bool passwordRequired() const { return m_passwordRequired; }
    QSqlDatabase database() const;
    QString name() const { return m_name; }
    DatabaseUrl url() const { return m_url; }
    // Everything that differs between SQLite and PostgreSQL for this connection.
    const DatabaseEngine &engine() const { return *m_engine; }
    bool isReadOnly() const { return m_mode == Mode::ReadOnly; }
    // Why nothing can be written through this connection, for the front ends to refuse or disable writing
    // with the reason before the first write; empty when writing may work. Set for a read-only mode, an
    // SQLite file or folder the user may not write, a standby server or a read-only role.
    QString readOnlyReason() const { return m_readOnlyReason; }

    // Milliseconds a write waits for another program's lock before giving up (SQLite's busy timeout, the
    // lock_timeout of a profile save on PostgreSQL): 10 s, or the value of PROFILE_ADMIN_BUSY_TIMEOUT_MS
    // (lets tests and impatient scripts wait less).
    static int lockTimeoutMs();

    // True when the server has dropped this connection (restart, failover, a terminated backend): QPSQL
    // notices only when a statement fails, so this asks the server. Never true for SQLite.
    bool isLost() const;
    // Opens the same connection again (same name, so every model using it keeps its state) after it was
    // lost; false with errorText() when the server still cannot be reached.
    bool reconnect();
    // Before a unit of work: true when the connection works, after opening it again if it was lost or never
    // opened (one round trip on PostgreSQL); false with errorText() when the server still cannot be reached.
    bool ensureOpen();

    // Is `path` an SQLite 3 file? (Checks the 16-byte header; never creates the file.)
    static bool looksLikeSqlite(const QString &path, QString *error);

private:
    bool open();
    bool openWith(QSqlDatabase &db);

    DatabaseUrl m_url;
    const DatabaseEngine *m_engine;
    Mode m_mode;
    QString m_name;
    QString m_error;
    QString m_readOnlyReason;
    bool m_open = false;
    bool m_passwordRequired = false;
};
