#pragma once

#include "Connection.h"
#include "DatabaseWorker.h"
#include "ProfileSchema.h"
#include "ProfilesModel.h"
#include "UsersModel.h"

#include <memory>

// One open database as the main window uses it: the GUI thread's connection, the schema discovery found, the
// two models, and a worker with a connection of its own for the writes that may take long (the fix-up,
// creating profiles), which never touch the GUI's connection.
class DatabaseSession
{
public:
    DatabaseSession(std::unique_ptr<Connection> connection, const ProfileSchema &schema);
    // The worker first (it waits for its job), then the models, then the connection they use.
    ~DatabaseSession();
    DatabaseSession(const DatabaseSession &) = delete;
    DatabaseSession &operator=(const DatabaseSession &) = delete;

    DatabaseUrl url() const { return m_connection->url(); }
    QSqlDatabase database() const { return m_connection->database(); }
    // The GUI thread's connection itself: to tell whether the server dropped it, and to open it again.
    Connection &connection() const { return *m_connection; }
    const ProfileSchema &schema() const { return m_schema; }
    UsersModel *users() const { return m_users.get(); }
    ProfilesModel *profiles() const { return m_profiles.get(); }
    DatabaseWorker &writer() const { return *m_writer; }

private:
    const std::unique_ptr<Connection> m_connection;
    const ProfileSchema m_schema;
    std::unique_ptr<UsersModel> m_users;
    std::unique_ptr<ProfilesModel> m_profiles;
    std::unique_ptr<DatabaseWorker> m_writer;
};
