#pragma once

#include "Connection.h"
#include "DatabaseUrl.h"
#include "ProfileSchema.h"
#include "SchemaDiscovery.h"
#include "WriteAccess.h"

#include <QSqlDatabase>
#include <QString>

#include <memory>

class DatabaseEngine;

// How to open a session: for what (the connection's name), read-only or not, and what the user said instead
// of letting discovery guess.
struct SessionOptions
{
    QString purpose = QStringLiteral("session");
    Connection::Mode mode = Connection::Mode::ReadWrite;
    DiscoveryOverrides discovery = {};
};

// One open database, ready to work on: connected, its Django schema discovered, and what this connection
// may write found out. It is the one way the command line, the window, the connection probe, the tests and
// the benchmark open a database, so that all of them connect, discover and check the same way. It belongs to
// the thread that made it (Qt SQL connections do) and uses no widgets.
class DatabaseSession
{
public:
    // Connects to `url`, discovers the schema and checks write access; see isReady() and errorText().
    DatabaseSession(const DatabaseUrl &url, const SessionOptions &options = {});
    // The same for a discovery made before on another connection to the same database (the window's probe):
    // connects and checks write access without reading the catalog again.
    DatabaseSession(const DatabaseUrl &url, const DiscoveryResult &discovered, const SessionOptions &options);
    DatabaseSession(const DatabaseSession &) = delete;
    DatabaseSession &operator=(const DatabaseSession &) = delete;

    bool isConnected() const { return m_connection->isOpen(); }
    // Connected, and the schema is known: ready for counting, fixing and editing.
    bool isReady() const { return isConnected() && m_discovery.ok(); }
    // Why the session is not ready, in one sentence with what to do; empty when it is.
    QString errorText() const;
    // The server refused to connect without a (correct) password.
    bool passwordRequired() const { return m_connection->passwordRequired(); }

    DatabaseUrl url() const { return m_connection->url(); }
    Connection &connection() const { return *m_connection; }
    QSqlDatabase database() const { return m_connection->database(); }
    const DatabaseEngine &engine() const { return m_connection->engine(); }
    const DiscoveryResult &discovery() const { return m_discovery; }
    // The primary profile table, the one the window shows.
    const ProfileSchema &schema() const { return m_discovery.schema; }
    // Every profile table found (or named with --profile-table), the primary one among them.
    const QList<ProfileSchema> &profiles() const { return m_discovery.profiles; }
    // Found once after discovery for the primary profile table, so front ends refuse or disable writing with
    // the reason up front.
    const WriteAccess &writeAccess() const { return m_writeAccess; }

private:
    void discovered();

    const std::unique_ptr<Connection> m_connection;
    const SessionOptions m_options;
    DiscoveryResult m_discovery;
    WriteAccess m_writeAccess;
};
