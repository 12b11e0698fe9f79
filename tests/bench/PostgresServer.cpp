#include "PostgresServer.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTextStream>
#include <QUrl>

#include <cstdio>
#include <unistd.h>

namespace {

// pgtest.sh waits up to 60 s for start and stop each.
constexpr int ScriptTimeoutMs = 180000;

bool run(const QString &program, const QStringList &arguments, QString *error)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    // As pgtest.sh does: the postgres user may not be allowed into our working directory.
    process.setWorkingDirectory(QStringLiteral("/"));
    process.start(program, arguments);
    if (!process.waitForFinished(ScriptTimeoutMs) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0) {
        process.kill();
        *error = QStringLiteral("%1 %2 failed: %3 %4")
                     .arg(program, arguments.join(QLatin1Char(' ')), process.errorString(),
                          QString::fromLocal8Bit(process.readAll()).trimmed());
        return false;
    }
    return true;
}

// pgtest.sh's test settings that a production server does not have.
bool isFastSetting(const QString &setting)
{
    return setting == QLatin1String("fsync=off") || setting == QLatin1String("synchronous_commit=off") ||
           setting == QLatin1String("full_page_writes=off");
}

} // namespace

PostgresServer::PostgresServer(const QString &pgtestScript, const QString &dir, int port, bool durable)
    : m_script(pgtestScript)
    , m_dir(dir)
    , m_durable(durable)
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
    if (!run(QStringLiteral("bash"),
             {m_script, QStringLiteral("start"), m_dir, QString::number(m_base.port())}, error))
        return false;
    return !m_durable || restartDurable(error);
}

bool PostgresServer::restartDurable(QString *error)
{
    // pg_ctl restart reuses the options saved in postmaster.opts unless -o is given, and then uses only
    // those: so pass the saved ones minus the three test settings.
    const QString data = QDir(m_dir).filePath(QStringLiteral("data"));
    QFile saved(QDir(data).filePath(QStringLiteral("postmaster.opts")));
    if (!saved.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("Could not read %1: %2").arg(saved.fileName(), saved.errorString());
        return false;
    }
    // The file holds the program, then every argument in double quotes.
    static const QRegularExpression quoted(QStringLiteral("\"([^\"]*)\""));
    QStringList arguments;
    auto it = quoted.globalMatch(QString::fromLocal8Bit(saved.readAll()));
    while (it.hasNext())
        arguments << it.next().captured(1);
    QStringList options;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        const QString value = arguments.value(i + 1);
        if (argument == QLatin1String("-D") || (argument == QLatin1String("-c") && isFastSetting(value))) {
            ++i; // pg_ctl passes -D itself; the test settings go
            continue;
        }
        options << QLatin1Char('"') + argument + QLatin1Char('"');
    }
    const QString binDir = qEnvironmentVariableIsEmpty("PG_BINDIR")
                               ? QStringLiteral("/usr/lib/postgresql/15/bin")
                               : qEnvironmentVariable("PG_BINDIR");
    QStringList command{QDir(binDir).filePath(QStringLiteral("pg_ctl")),
                        QStringLiteral("restart"),
                        QStringLiteral("-D"),
                        data,
                        QStringLiteral("-m"),
                        QStringLiteral("fast"),
                        QStringLiteral("-w"),
                        QStringLiteral("-t"),
                        QStringLiteral("60"),
                        QStringLiteral("-l"),
                        QDir(m_dir).filePath(QStringLiteral("log")),
                        QStringLiteral("-o"),
                        options.join(QLatin1Char(' '))};
    // PostgreSQL refuses to run as root; pgtest.sh made the cluster the postgres user's.
    if (geteuid() == 0)
        command =
            QStringList{QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--")} + command;
    const QString program = geteuid() == 0 ? QStringLiteral("runuser") : command.takeFirst();
    return run(program, command, error);
}

void PostgresServer::stop()
{
    if (!isThrowaway() || !m_running)
        return;
    m_running = false;
    QString error;
    if (!run(QStringLiteral("bash"), {m_script, QStringLiteral("stop"), m_dir}, &error))
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
