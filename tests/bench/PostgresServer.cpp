#include "PostgresServer.h"

#include <QProcess>
#include <QTextStream>
#include <QUrl>

#include <cstdio>

namespace {

// pgtest.sh waits up to 60 s for start and stop each.
constexpr int ScriptTimeoutMs = 180000;

bool runScript(const QString &script, const QStringList &arguments, QString *error)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral("bash"), QStringList{script} + arguments);
    if (!process.waitForFinished(ScriptTimeoutMs) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0) {
        process.kill();
        *error = QStringLiteral("%1 %2 failed: %3")
                     .arg(script, arguments.join(QLatin1Char(' ')),
                          QString::fromLocal8Bit(process.readAll()).trimmed());
        return false;
    }
    return true;
}

} // namespace

PostgresServer::PostgresServer(const QString &pgtestScript, const QString &dir, int port)
    : m_script(pgtestScript)
    , m_dir(dir)
{
    QString error;
    m_base =
        DatabaseUrl::parse(QStringLiteral("postgres://postgres@127.0.0.1:%1/postgres").arg(port), &error);
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
    if (!isThrowaway() || m_running)
        return true;
    // Set before the script runs: a half-started cluster must be stopped too.
    m_running = true;
    return runScript(m_script, {QStringLiteral("start"), m_dir, QString::number(m_base.port())}, error);
}

void PostgresServer::stop()
{
    if (!isThrowaway() || !m_running)
        return;
    m_running = false;
    QString error;
    if (!runScript(m_script, {QStringLiteral("stop"), m_dir}, &error))
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
