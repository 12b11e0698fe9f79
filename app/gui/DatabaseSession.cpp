#include "DatabaseSession.h"

DatabaseSession::DatabaseSession(std::unique_ptr<Connection> connection, const ProfileSchema &schema)
    : m_connection(std::move(connection))
    , m_schema(schema)
    , m_writeAccess(WriteAccess::check(*m_connection, schema))
    , m_writer(std::make_unique<DatabaseWorker>(m_connection->url(), QStringLiteral("writer")))
{}

DatabaseSession::~DatabaseSession()
{
    m_writer.reset();
}
