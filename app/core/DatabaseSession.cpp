#include "DatabaseSession.h"

DatabaseSession::DatabaseSession(const DatabaseUrl &url, const SessionOptions &options)
    : m_connection(std::make_unique<Connection>(url, options.purpose, options.mode))
    , m_options(options)
{
    if (!isConnected())
        return;
    m_discovery = SchemaDiscovery(database()).discover(options.discovery);
    discovered();
}

DatabaseSession::DatabaseSession(const DatabaseUrl &url, const DiscoveryResult &discovered,
                                 const SessionOptions &options)
    : m_connection(std::make_unique<Connection>(url, options.purpose, options.mode))
    , m_options(options)
    , m_discovery(discovered)
{
    if (isConnected())
        this->discovered();
}

QString DatabaseSession::errorText() const
{
    if (!isConnected())
        return m_connection->errorText();
    return m_discovery.ok() ? QString() : m_discovery.message;
}

void DatabaseSession::discovered()
{
    m_writeAccess = m_discovery.ok() ? WriteAccess::check(*m_connection, m_discovery.schema) : WriteAccess();
}
