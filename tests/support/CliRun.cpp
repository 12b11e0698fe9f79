#include "CliRun.h"

#include <QJsonDocument>
#include <QProcessEnvironment>

#ifndef PROFILE_ADMIN_BINARY
#error "PROFILE_ADMIN_BINARY must be defined (tests/support/CMakeLists.txt sets it)"
#endif

QJsonObject CliRun::Result::json() const
{
    return QJsonDocument::fromJson(out).object();
}

QByteArray CliRun::Result::describe() const
{
    return "exit " + QByteArray::number(exitCode) + "\nstdout: " + out + "\nstderr: " + err;
}

bool CliRun::Result::isOneSentence(const QString &command) const
{
    const QByteArray line = err.trimmed();
    return line.startsWith(QByteArray("profile-admin " + command.toUtf8() + ": ")) && !line.contains('\n') &&
           line.endsWith('.');
}

CliRun::CliRun(const QStringList &arguments, const QMap<QString, QString> &environment)
    : m_arguments(arguments)
    , m_environment(environment)
{}

CliRun::~CliRun()
{
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->kill();
        m_process->waitForFinished(10000);
    }
}

void CliRun::setUser(int uid, int gid)
{
    m_uid = uid;
    m_gid = gid;
}

QString CliRun::binary()
{
    return QStringLiteral(PROFILE_ADMIN_BINARY);
}

void CliRun::start()
{
    m_process = std::make_unique<QProcess>();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"DATABASE_URL", "DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "PGPASSWORD",
                             "PGUSER", "PGHOST", "PGPORT", "PGDATABASE", "PROFILE_ADMIN_BUSY_TIMEOUT_MS"})
        env.remove(QLatin1String(name));
    for (auto it = m_environment.cbegin(); it != m_environment.cend(); ++it)
        env.insert(it.key(), it.value());
    m_process->setProcessEnvironment(env);
    m_process->setStandardInputFile(QProcess::nullDevice());
    if (m_uid >= 0) {
        m_process->start(QStringLiteral("setpriv"), QStringList{QStringLiteral("--reuid=%1").arg(m_uid),
                                                                QStringLiteral("--regid=%1").arg(m_gid),
                                                                QStringLiteral("--clear-groups"), m_binary} +
                                                        m_arguments);
    } else {
        m_process->start(m_binary, m_arguments);
    }
    m_process->waitForStarted(30000);
}

bool CliRun::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

qint64 CliRun::processId() const
{
    return m_process ? m_process->processId() : 0;
}

CliRun::Result CliRun::wait(int timeoutMs)
{
    Result result;
    if (!m_process) {
        result.err = "never started";
        return result;
    }
    // (waitForFinished() is false for a process that already finished while the event loop ran.)
    if (m_process->state() != QProcess::NotRunning && !m_process->waitForFinished(timeoutMs)) {
        m_process->kill();
        m_process->waitForFinished(10000);
        result.err = "timed out, killed";
        return result;
    }
    result.exitCode = m_process->exitStatus() == QProcess::NormalExit ? m_process->exitCode() : -1;
    result.out = m_process->readAllStandardOutput();
    result.err = m_process->readAllStandardError();
    return result;
}

CliRun::Result CliRun::run(const QStringList &arguments, const QMap<QString, QString> &environment)
{
    CliRun process(arguments, environment);
    process.start();
    return process.wait();
}
