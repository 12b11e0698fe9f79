#include "PostgresServer.h"

#include "UrlWithDatabase.h"

#include "PostgresCluster.h"

#include <QTextStream>

#include <cstdio>

PostgresServer::PostgresServer(const QString &pgtestScript, const QString &dir, int port, bool durable)
    : m_cluster(std::make_unique<PostgresCluster>(pgtestScript, dir, port))
{
    m_cluster->setDurable(durable);
    QString error;
    m_base = DatabaseUrl::parse(m_cluster->url(QStringLiteral("postgres")), &error);
}

PostgresServer::PostgresServer(const DatabaseUrl &url)
    : m_base(url)
{}

PostgresServer::~PostgresServer()
{
    stop();
}

bool PostgresServer::start(QString *error)
{
    return !m_cluster || m_cluster->start(error);
}

void PostgresServer::stop()
{
    QString error;
    if (m_cluster && !m_cluster->stop(&error))
        QTextStream(stderr) << "profile-admin-bench: " << error << Qt::endl;
}

DatabaseUrl PostgresServer::url(const QString &name) const
{
    return urlWithDatabase(m_base, QStringLiteral("postgres"), name);
}

QString PostgresServer::maintenanceDatabase() const
{
    return m_base.databaseName().isEmpty() ? QStringLiteral("postgres") : m_base.databaseName();
}
