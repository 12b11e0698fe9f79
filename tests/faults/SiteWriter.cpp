#include "SiteWriter.h"

#include "Faults.h"

#include <QFile>
#include <QJsonDocument>
#include <QProcessEnvironment>

SiteWriter::SiteWriter(const TestDatabase &db, Mode mode, qint64 firstId, qint64 lastId)
    : m_db(db)
    , m_mode(mode)
    , m_firstId(firstId)
    , m_lastId(lastId)
{}

SiteWriter::~SiteWriter()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(10000);
    }
}

bool SiteWriter::start(QString *error)
{
    // The environment pa_django.py reads (tests/django_site/site_config/settings.py).
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DJANGO_SETTINGS_MODULE"));
    env.remove(QStringLiteral("PA_MINIMAL"));
    env.insert(QStringLiteral("PYTHONDONTWRITEBYTECODE"), QStringLiteral("1"));
    env.insert(QStringLiteral("PA_VARIANT"), m_db.variant());
    env.insert(QStringLiteral("PA_DB_ENGINE"), m_db.engine());
    env.insert(QStringLiteral("PA_DB_NAME"), m_db.databaseName());
    // (The MariaDB site reads the same variables.)
    if (m_db.isPostgres() || m_db.isMariadb()) {
        env.insert(QStringLiteral("PA_PG_HOST"), QStringLiteral("127.0.0.1"));
        env.insert(QStringLiteral("PA_PG_PORT"), QString::number(Faults::pgPortOf(m_db)));
        env.insert(QStringLiteral("PA_PG_USER"),
                   m_db.isMariadb() ? QStringLiteral("root") : QStringLiteral("postgres"));
    }
    m_process.setProcessEnvironment(env);
    // Its stderr goes to a file: a pipe nobody reads while the test waits for something else would fill up
    // and stall the writer.
    m_process.setStandardErrorFile(m_dir.filePath(QStringLiteral("stderr")));
    const QString python = qEnvironmentVariable("PA_TEST_PYTHON", QStringLiteral("/usr/bin/python3"));
    m_process.start(python, {TestDatabase::sourceDir() + QStringLiteral("/tests/faults/django_writer.py"),
                             QStringLiteral("--mode"),
                             m_mode == Mode::Users ? QStringLiteral("users") : QStringLiteral("profiles"),
                             QStringLiteral("--stop-file"), m_dir.filePath(QStringLiteral("stop")),
                             QStringLiteral("--first-id"), QString::number(m_firstId),
                             QStringLiteral("--last-id"), QString::number(m_lastId)});
    if (!m_process.waitForStarted(30000)) {
        *error = QStringLiteral("cannot start %1: %2").arg(python, m_process.errorString());
        return false;
    }
    while (!m_process.canReadLine()) {
        if (!m_process.waitForReadyRead(120000)) {
            *error = QStringLiteral("django_writer.py never got ready: %1").arg(stderrText());
            return false;
        }
    }
    const QByteArray line = m_process.readLine().trimmed();
    if (line != "ready") {
        *error = QStringLiteral("django_writer.py said %1 instead of ready").arg(QString::fromUtf8(line));
        return false;
    }
    return true;
}

QString SiteWriter::stderrText() const
{
    QFile file(m_dir.filePath(QStringLiteral("stderr")));
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()).right(3000) : QString();
}

QJsonObject SiteWriter::stop()
{
    QFile stopFile(m_dir.filePath(QStringLiteral("stop")));
    stopFile.open(QIODevice::WriteOnly);
    stopFile.close();
    if (!m_process.waitForFinished(120000) || m_process.exitCode() != 0)
        return {{QStringLiteral("error"),
                 QStringLiteral("django_writer.py did not end properly: %1").arg(stderrText())}};
    const QJsonDocument summary = QJsonDocument::fromJson(m_process.readAllStandardOutput().trimmed());
    if (!summary.isObject())
        return {{QStringLiteral("error"), QStringLiteral("django_writer.py printed no summary")}};
    return summary.object();
}
