#include "PostgresServer.h"

#include "PostgresCluster.h"

#include <QTextStream>
#include <QUrl>

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
    // DatabaseUrl has no setters for its parts: write the URL again with the other database name.
    QString text = QStringLiteral("postgres://");
    if (!m_base.user().isEmpty()) {
        text += QString::fromLatin1(QUrl::toPercentEncoding(m_base.user()));
        if (!m_base.password().isEmpty())
            text += QLatin1Char(':') + QString::fromLatin1(QUrl::toPercentEncoding(m_base.password()));
        text += QLatin1Char('@');
    }
    text += m_base.host();
    if (m_base.port() > 0)
        text += QLatin1Char(':') + QString::number(m_base.port());
    text += QLatin1Char('/') + QString::fromLatin1(QUrl::toPercentEncoding(name));
    QStringList query;
    const auto options = m_base.options();
    for (auto it = options.cbegin(); it != options.cend(); ++it)
        query << it.key() + QLatin1Char('=') + QString::fromLatin1(QUrl::toPercentEncoding(it.value()));
    if (!query.isEmpty())
        text += QLatin1Char('?') + query.join(QLatin1Char('&'));
    QString error;
    return DatabaseUrl::parse(text, &error);
}

QString PostgresServer::maintenanceDatabase() const
{
    return m_base.databaseName().isEmpty() ? QStringLiteral("postgres") : m_base.databaseName();
}
