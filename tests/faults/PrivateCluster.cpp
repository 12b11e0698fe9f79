#include "PrivateCluster.h"

#include "TestDatabase.h"

#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <unistd.h>

namespace {

QString pgBinDir()
{
    const QString custom = qEnvironmentVariable("PG_BINDIR");
    return custom.isEmpty() ? QStringLiteral("/usr/lib/postgresql/15/bin") : custom;
}

bool runProgram(const QString &program, const QStringList &arguments, QString *error)
{
    QProcess process;
    process.setWorkingDirectory(QStringLiteral("/"));
    process.start(program, arguments);
    if (!process.waitForFinished(120000) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0) {
        if (error)
            *error = QStringLiteral("%1 %2 failed: %3%4")
                         .arg(program, arguments.join(QLatin1Char(' ')), process.errorString(),
                              QString::fromLocal8Bit(process.readAllStandardError()));
        return false;
    }
    return true;
}

QString pgtestScript()
{
    return TestDatabase::sourceDir() + QStringLiteral("/tests/support/pgtest.sh");
}

} // namespace

bool PrivateCluster::disabled()
{
    return TestDatabase::postgresDisabled();
}

PrivateCluster::PrivateCluster()
    : m_port(qEnvironmentVariable("PA_TEST_PG_PRIVATE_PORT"))
{
    if (m_port.isEmpty()) {
        m_error = QStringLiteral("PA_TEST_PG_PRIVATE_PORT is not set: run the test through ctest");
        return;
    }
    // Under /tmp, like the fixture cluster: the postgres user must reach it when the tests run as root.
    m_dir = QStringLiteral("/tmp/profile-admin-pgtest-%1").arg(m_port);
    m_running = runProgram(QStringLiteral("bash"), {pgtestScript(), QStringLiteral("start"), m_dir, m_port},
                           &m_error);
}

PrivateCluster::~PrivateCluster()
{
    if (m_dir.isEmpty())
        return;
    QString error;
    if (!runProgram(QStringLiteral("bash"), {pgtestScript(), QStringLiteral("stop"), m_dir}, &error))
        qWarning("PrivateCluster: %s", qPrintable(error));
}

bool PrivateCluster::pgCtl(const QStringList &arguments, QString *error) const
{
    const QString pgCtl = pgBinDir() + QStringLiteral("/pg_ctl");
    // As pgtest.sh does: PostgreSQL refuses to run as root, so root acts as the postgres user.
    if (geteuid() == 0)
        return runProgram(
            QStringLiteral("runuser"),
            QStringList{QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"), pgCtl} +
                arguments,
            error);
    return runProgram(pgCtl, arguments, error);
}

bool PrivateCluster::crash(QString *error)
{
    return pgCtl({QStringLiteral("stop"), QStringLiteral("-D"), m_dir + QStringLiteral("/data"),
                  QStringLiteral("-m"), QStringLiteral("immediate"), QStringLiteral("-w")},
                 error);
}

bool PrivateCluster::restart(QString *error)
{
    // restart reuses the options the server was started with (postmaster.opts), even when it is not running.
    return pgCtl({QStringLiteral("restart"), QStringLiteral("-D"), m_dir + QStringLiteral("/data"),
                  QStringLiteral("-l"), m_dir + QStringLiteral("/log"), QStringLiteral("-m"),
                  QStringLiteral("fast"), QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("60")},
                 error);
}

bool PrivateCluster::prependHba(const QString &line, QString *error)
{
    QFile file(m_dir + QStringLiteral("/data/pg_hba.conf"));
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

bool PrivateCluster::exec(const QString &database, const QStringList &statements, QString *error) const
{
    static int counter = 0;
    const QString name = QStringLiteral("pa_private_cluster_%1").arg(++counter);
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(QStringLiteral("127.0.0.1"));
        db.setPort(m_port.toInt());
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
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}
