#include "PostgresCluster.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>

#include <atomic>
#include <unistd.h>

namespace {

// pgtest.sh waits up to 60 s for start and stop each.
constexpr int ProgramTimeoutMs = 180000;

std::atomic<int> s_connections{0};

QString pgBinDir()
{
    const QString custom = qEnvironmentVariable("PG_BINDIR");
    return custom.isEmpty() ? QStringLiteral("/usr/lib/postgresql/15/bin") : custom;
}

bool runProgram(const QString &program, const QStringList &arguments, QString *message)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    // The postgres user may not be allowed into our working directory.
    process.setWorkingDirectory(QStringLiteral("/"));
    process.start(program, arguments);
    if (!process.waitForFinished(ProgramTimeoutMs) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0) {
        process.kill();
        process.waitForFinished(10000);
        *message = QStringLiteral("%1 %2 failed: %3 %4")
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

PostgresCluster::PostgresCluster(const QString &pgtestScript, const QString &directory, int port)
    : m_script(pgtestScript)
    , m_dir(directory)
    , m_port(port)
{}

PostgresCluster::~PostgresCluster()
{
    QString error;
    if (!stop(&error))
        qWarning("PostgresCluster: %s", qPrintable(error));
}

QString PostgresCluster::scriptIn(const QString &sourceDir)
{
    return QDir(sourceDir).filePath(QStringLiteral("tests/support/pgtest.sh"));
}

bool PostgresCluster::fail(const QString &message, QString *error)
{
    m_error = message;
    if (error)
        *error = message;
    return false;
}

bool PostgresCluster::start(QString *error)
{
    if (m_running)
        return true;
    if (m_dir.isEmpty() || m_port <= 0)
        return fail(QStringLiteral("PostgresCluster needs a folder and a port"), error);
    // Set before the script runs: a half-started cluster must be stopped too.
    m_started = true;
    QString message;
    if (!runProgram(QStringLiteral("bash"),
                    {m_script, QStringLiteral("start"), m_dir, QString::number(m_port)}, &message))
        return fail(message, error);
    if (m_durable && !restartDurable(error))
        return false;
    m_running = true;
    m_error.clear();
    return true;
}

bool PostgresCluster::stop(QString *error)
{
    if (!m_started)
        return true;
    m_started = false;
    m_running = false;
    QString message;
    if (!runProgram(QStringLiteral("bash"), {m_script, QStringLiteral("stop"), m_dir}, &message))
        return fail(message, error);
    return true;
}

bool PostgresCluster::pgCtl(const QStringList &arguments, QString *error) const
{
    return runPgProgram(QStringLiteral("pg_ctl"), arguments, error);
}

bool PostgresCluster::runPgProgram(const QString &name, const QStringList &arguments, QString *error)
{
    const QString program = QDir(pgBinDir()).filePath(name);
    QString message;
    const bool ok = geteuid() == 0 ? runProgram(QStringLiteral("runuser"),
                                                QStringList{QStringLiteral("-u"), QStringLiteral("postgres"),
                                                            QStringLiteral("--"), program} +
                                                    arguments,
                                                &message)
                                   : runProgram(program, arguments, &message);
    if (!ok && error)
        *error = message;
    return ok;
}

bool PostgresCluster::restartDurable(QString *error)
{
    // pg_ctl restart reuses the options saved in postmaster.opts unless -o is given, and then uses only
    // those: so pass the saved ones minus the three test settings.
    const QString data = QDir(m_dir).filePath(QStringLiteral("data"));
    QFile saved(QDir(data).filePath(QStringLiteral("postmaster.opts")));
    if (!saved.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("Could not read %1: %2").arg(saved.fileName(), saved.errorString()),
                    error);
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
    QString message;
    if (!pgCtl({QStringLiteral("restart"), QStringLiteral("-D"), data, QStringLiteral("-m"),
                QStringLiteral("fast"), QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("60"),
                QStringLiteral("-l"), QDir(m_dir).filePath(QStringLiteral("log")), QStringLiteral("-o"),
                options.join(QLatin1Char(' '))},
               &message))
        return fail(message, error);
    return true;
}

bool PostgresCluster::crash(QString *error)
{
    if (!pgCtl({QStringLiteral("stop"), QStringLiteral("-D"), QDir(m_dir).filePath(QStringLiteral("data")),
                QStringLiteral("-m"), QStringLiteral("immediate"), QStringLiteral("-w")},
               error))
        return false;
    m_running = false;
    return true;
}

bool PostgresCluster::restart(QString *error)
{
    // restart reuses the options the server was started with (postmaster.opts), even when it is not running.
    if (!pgCtl({QStringLiteral("restart"), QStringLiteral("-D"), QDir(m_dir).filePath(QStringLiteral("data")),
                QStringLiteral("-l"), QDir(m_dir).filePath(QStringLiteral("log")), QStringLiteral("-m"),
                QStringLiteral("fast"), QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("60")},
               error))
        return false;
    m_running = true;
    return true;
}

bool PostgresCluster::prependHba(const QString &line, QString *error)
{
    QFile file(QDir(m_dir).filePath(QStringLiteral("data/pg_hba.conf")));
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return false;
    }
    const QByteArray old = file.readAll();
    file.close();
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file.write(line.toUtf8() + '\n' + old) < 0) {
        *error = file.errorString();
        return false;
    }
    file.close();
    // A reload (SIGHUP) takes effect at some later moment; a restart is done when it returns.
    return restart(error);
}

bool PostgresCluster::exec(const QString &database, const QStringList &statements, QString *error) const
{
    return execOn(m_port, database, statements, error);
}

bool PostgresCluster::execOn(int port, const QString &database, const QStringList &statements, QString *error,
                             QVariant *value)
{
    const QString name = QStringLiteral("pa_postgres_cluster_%1").arg(s_connections.fetch_add(1));
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(QStringLiteral("127.0.0.1"));
        db.setPort(port);
        db.setUserName(QStringLiteral("postgres"));
        db.setDatabaseName(database);
        if (!db.open()) {
            *error = db.lastError().text();
            ok = false;
        }
        QSqlQuery query(db);
        for (const QString &sql : statements) {
            if (!ok)
                break;
            if (!query.exec(sql)) {
                *error = QStringLiteral("%1\n  in: %2").arg(query.lastError().text(), sql);
                ok = false;
            }
        }
        if (ok && value)
            *value = query.isSelect() && query.next() ? query.value(0) : QVariant();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

QString PostgresCluster::url(const QString &database) const
{
    return QStringLiteral("postgres://postgres@127.0.0.1:%1/%2")
        .arg(QString::number(m_port), QString::fromLatin1(QUrl::toPercentEncoding(database)));
}
