#include "DjangoMigrate.h"

#include <QDir>
#include <QProcess>
#include <QProcessEnvironment>

namespace {

// A Django migrate run waits at most this long.
constexpr int MigrateTimeoutMs = 300000;

} // namespace

bool runDjangoMigrate(const QString &python, const QString &sourceDir, const QString &engine,
                      const DatabaseUrl &url, QString *error)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("PA_VARIANT"), QStringLiteral("classic"));
    // The tables of resources/demo/schema.sql, so every engine gets the same set.
    environment.insert(QStringLiteral("PA_MINIMAL"), QStringLiteral("1"));
    environment.insert(QStringLiteral("PA_DB_ENGINE"), engine);
    environment.insert(QStringLiteral("PA_DB_NAME"), url.databaseName());
    // The site reads the server's address from these for PostgreSQL and MariaDB alike.
    environment.insert(QStringLiteral("PA_PG_HOST"), url.host());
    environment.insert(QStringLiteral("PA_PG_PORT"),
                       url.port() > 0 ? QString::number(url.port()) : QString());
    environment.insert(QStringLiteral("PA_PG_USER"), url.user());
    environment.insert(QStringLiteral("PA_PG_PASSWORD"), url.password());
    QProcess process;
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(python, {QDir(sourceDir).filePath(QStringLiteral("tests/django_site/pa_django.py")),
                           QStringLiteral("migrate")});
    if (!process.waitForFinished(MigrateTimeoutMs) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0) {
        process.kill();
        *error = QStringLiteral("Django's migrate (%1 tests/django_site/pa_django.py migrate) failed: %2 %3")
                     .arg(python, process.errorString(), QString::fromLocal8Bit(process.readAll()).trimmed());
        return false;
    }
    return true;
}
