#pragma once

#include "Connection.h"
#include "DatabaseWorker.h"
#include "ProfileSchema.h"
#include "WriteAccess.h"

#include <memory>

// One open database as the window uses it: the GUI thread's connection, the schema discovery found, what this
// connection may write, and a worker with a connection of its own for the writes that may take long (the
// fix-up, creating profiles), which never touch the GUI's connection. No models: each pane makes its own for
// a session, and lets go of it before the session closes the connection it reads.
class DatabaseSession
{
public:
    DatabaseSession(std::unique_ptr<Connection> connection, const ProfileSchema &schema);
    // The worker first (it waits for its job), then the connection.
    ~DatabaseSession();
    DatabaseSession(const DatabaseSession &) = delete;
    DatabaseSession &operator=(const DatabaseSession &) = delete;

    DatabaseUrl url() const { return m_connection->url(); }
    QSqlDatabase database() const { return m_connection->database(); }
    // The GUI thread's connection itself: to tell whether the server dropped it, and to open it again.
    Connection &connection() const { return *m_connection; }
    const ProfileSchema &schema() const { return m_schema; }
    // Found out once, so that what this connection cannot do is disabled with the reason instead of failing
    // at the first write.
    const WriteAccess &writeAccess() const { return m_writeAccess; }
    DatabaseWorker &writer() const { return *m_writer; }

private:
    const std::unique_ptr<Connection> m_connection;
    const ProfileSchema m_schema;
    const WriteAccess m_writeAccess;
    std::unique_ptr<DatabaseWorker> m_writer;
};
