#include "DatabaseSession.h"

DatabaseSession::DatabaseSession(std::unique_ptr<Connection> connection, const ProfileSchema &schema)
    : m_connection(std::move(connection))
    , m_schema(schema)
    , m_users(std::make_unique<UsersModel>(m_connection->database(), m_connection->url(), schema))
    , m_profiles(std::make_unique<ProfilesModel>(m_connection->database(), m_connection->url(), schema))
    , m_writer(std::make_unique<DatabaseWorker>(m_connection->url(), QStringLiteral("writer")))
{}

DatabaseSession::~DatabaseSession()
{
    m_writer.reset();
    m_profiles.reset();
    m_users.reset();
}
