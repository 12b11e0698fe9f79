#include "DjangoProcess.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>

#include <csignal>

namespace {

QString lastLines(const QByteArray &text, int count)
{
    QStringList lines = QString::fromUtf8(text).trimmed().split(QLatin1Char('\n'));
    if (lines.size() > count)
        lines = lines.mid(lines.size() - count);
    return lines.join(QLatin1Char('\n'));
}

} // namespace

DjangoProcess::DjangoProcess(const QString &managePy, const QString &python, QObject *parent)
    : QObject(parent)
    , m_managePy(QFileInfo(managePy).absoluteFilePath())
    , m_python(interpreterFor(managePy, python))
{}

DjangoProcess::~DjangoProcess()
{
    if (isRunning()) {
        cancel();
        m_process->waitForFinished(30000);
    }
}

QString DjangoProcess::interpreterFor(const QString &managePy, const QString &python)
{
    if (!python.isEmpty())
        return python;
    const QDir project = QFileInfo(managePy).absoluteDir();
    for (const char *folder : {"venv", ".venv", "env"}) {
        const QString candidate = project.filePath(QLatin1String(folder) + QStringLiteral("/bin/python"));
        if (QFileInfo(candidate).isExecutable())
            return candidate;
    }
    return QStringLiteral("python3");
}

QString DjangoProcess::script()
{
    QFile file(QStringLiteral(":/django/profile_admin_django.py"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

QString DjangoProcess::masked(QString text) const
{
    if (!m_secret.isEmpty())
        text.replace(m_secret, QStringLiteral("***"));
    return text;
}

bool DjangoProcess::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

QString DjangoProcess::failure(const QString &what) const
{
    // Python's last lines say what went wrong; where the script could not even report, stderr does.
    QString text = what;
    if (!m_error.isEmpty())
        text = m_error;
    else if (!m_stderr.trimmed().isEmpty())
        text += QStringLiteral("\n") + lastLines(m_stderr, 8);
    return masked(text);
}

void DjangoProcess::readLines()
{
    m_stderr += m_process->readAllStandardError();
    m_pending += m_process->readAllStandardOutput();
    qsizetype end = 0;
    while ((end = m_pending.indexOf('\n')) >= 0) {
        const QByteArray line = m_pending.left(end);
        m_pending.remove(0, end + 1);
        handleLine(line);
    }
}

void DjangoProcess::handleLine(const QByteArray &line)
{
    const QJsonObject message = QJsonDocument::fromJson(line).object();
    const QString type = message.value(QLatin1String("type")).toString();
    if (type == QLatin1String("project")) {
        m_project = line;
    } else if (type == QLatin1String("progress")) {
        Q_EMIT progress(message.value(QLatin1String("table")).toString(),
                        message.value(QLatin1String("done")).toInteger(),
                        message.value(QLatin1String("total")).toInteger());
    } else if (type == QLatin1String("done")) {
        m_done = true;
        const QJsonObject created = message.value(QLatin1String("created")).toObject();
        for (auto it = created.constBegin(); it != created.constEnd(); ++it) {
            m_result.createdByTable.insert(it.key(), it.value().toInteger());
            m_result.created += it.value().toInteger();
        }
    } else if (type == QLatin1String("cancelled")) {
        m_cancelled = true;
    } else if (type == QLatin1String("error")) {
        QStringList traceback;
        for (const QJsonValue &value : message.value(QLatin1String("traceback")).toArray())
            traceback << value.toString();
        m_error =
            QStringLiteral("The Django project failed: %1\nPython's traceback ends with:\n%2")
                .arg(message.value(QLatin1String("message")).toString(), traceback.join(QLatin1Char('\n')));
    }
}

DjangoProject DjangoProcess::introspect(QString *error, int timeoutMs)
{
    m_process = std::make_unique<QProcess>();
    m_error.clear();
    m_stderr.clear();
    m_pending.clear();
    m_project.clear();
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("PYTHONDONTWRITEBYTECODE"), QStringLiteral("1"));
    m_process->setProcessEnvironment(environment);
    m_process->setWorkingDirectory(QFileInfo(m_managePy).absolutePath());
    if (!QFileInfo(m_managePy).isFile()) {
        *error = QStringLiteral("The Django project's manage.py \"%1\" does not exist.").arg(m_managePy);
        return {};
    }
    // python -c SCRIPT manage.py rather than `manage.py shell`: the script runs manage.py itself, so the
    // project's own set-up happens (Django 3.2's shell would too), while our output stays apart from the
    // shell's and stdin stays free to carry Cancel.
    m_process->start(m_python, {QStringLiteral("-c"), script(), m_managePy, QStringLiteral("introspect")});
    if (!m_process->waitForStarted()) {
        *error =
            QStringLiteral("Could not run the Django project's Python \"%1\": %2; name one with --python.")
                .arg(m_python, m_process->errorString());
        return {};
    }
    m_process->closeWriteChannel();
    if (!m_process->waitForFinished(timeoutMs)) {
        m_process->kill();
        m_process->waitForFinished();
        *error = failure(
            QStringLiteral("The Django project did not describe itself within %1 s.").arg(timeoutMs / 1000));
        return {};
    }
    readLines();
    if (m_project.isEmpty()) {
        *error = failure(QStringLiteral("The Django project's Python \"%1\" ended (exit %2) without "
                                        "describing the project.")
                             .arg(m_python)
                             .arg(m_process->exitCode()));
        return {};
    }
    DjangoProject project = DjangoProject::fromJson(m_project, error);
    project.setManagePy(m_managePy);
    project.setInterpreter(m_python);
    m_project.clear(); // it held the password, which only the project's DatabaseUrl keeps
    return project;
}

void DjangoProcess::startCreate(const QStringList &tables,
                                const QMap<QString, QMap<QString, QString>> &values, const QString &secret)
{
    m_secret = secret;
    m_result = {};
    m_error.clear();
    m_stderr.clear();
    m_pending.clear();
    m_cancelled = false;
    m_done = false;
    m_finishedEmitted = false;
    QJsonObject setValues;
    for (auto table = values.cbegin(); table != values.cend(); ++table) {
        QJsonObject columns;
        for (auto it = table.value().cbegin(); it != table.value().cend(); ++it)
            columns.insert(it.key(), it.value());
        setValues.insert(table.key(), columns);
    }
    const QJsonObject arguments{{QStringLiteral("tables"), QJsonArray::fromStringList(tables)},
                                {QStringLiteral("set"), setValues}};
    m_process = std::make_unique<QProcess>();
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("PYTHONDONTWRITEBYTECODE"), QStringLiteral("1"));
    m_process->setProcessEnvironment(environment);
    m_process->setWorkingDirectory(QFileInfo(m_managePy).absolutePath());
    connect(m_process.get(), &QProcess::readyReadStandardOutput, this, &DjangoProcess::readLines);
    connect(m_process.get(), &QProcess::readyReadStandardError, this, &DjangoProcess::readLines);
    connect(m_process.get(), &QProcess::finished, this, &DjangoProcess::processEnded);
    connect(m_process.get(), &QProcess::errorOccurred, this, [this](QProcess::ProcessError problem) {
        if (problem == QProcess::FailedToStart)
            processEnded();
    });
    m_clock.start();
    // stdin stays open: closing it is how the script learns that profile-admin went away or cancelled.
    m_process->start(m_python, {QStringLiteral("-c"), script(), m_managePy, QStringLiteral("create"),
                                QString::fromUtf8(QJsonDocument(arguments).toJson(QJsonDocument::Compact))});
}

void DjangoProcess::processEnded()
{
    if (m_finishedEmitted)
        return;
    m_finishedEmitted = true;
    readLines();
    m_result.seconds = m_clock.elapsed() / 1000.0;
    if (m_process->error() == QProcess::FailedToStart) {
        m_result.errorText =
            QStringLiteral("Could not run the Django project's Python \"%1\": %2; name one with --python; "
                           "nothing was written.")
                .arg(m_python, m_process->errorString());
    } else if (m_done && m_process->exitStatus() == QProcess::NormalExit && m_process->exitCode() == 0) {
        m_result.ok = true;
    } else if (m_cancelled || (m_error.isEmpty() && m_process->exitStatus() == QProcess::CrashExit)) {
        // Killed or stopped: the atomic block never committed.
        m_result.cancelled = true;
        m_result.created = 0;
        m_result.createdByTable.clear();
    } else {
        m_result.errorText = failure(QStringLiteral("The Django project's Python ended (exit %1) before it "
                                                    "was done; nothing was written.")
                                         .arg(m_process->exitCode()));
        m_result.created = 0;
        m_result.createdByTable.clear();
    }
    Q_EMIT finished(m_result);
}

DjangoCreateResult DjangoProcess::createNow(const QStringList &tables,
                                            const QMap<QString, QMap<QString, QString>> &values,
                                            const QString &secret)
{
    startCreate(tables, values, secret);
    // No event loop runs here: wait on the pipes directly, handling lines as they come.
    while (!m_finishedEmitted) {
        if (m_process->waitForReadyRead(200))
            readLines();
        else if (m_process->state() == QProcess::NotRunning)
            processEnded();
    }
    return m_result;
}

void DjangoProcess::cancel()
{
    if (!isRunning())
        return;
    m_cancelled = true;
    m_process->closeWriteChannel();
    ::kill(static_cast<pid_t>(m_process->processId()), SIGTERM);
}
