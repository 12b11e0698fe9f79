#include "SqlClient.h"

#include "TestDatabase.h"

#include <QProcess>
#include <QProcessEnvironment>

bool runWithClient(const TestDatabase &db, const QString &script, QString *output)
{
    QProcess client;
    client.setProcessChannelMode(QProcess::MergedChannels);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("PGCLIENTENCODING"), QStringLiteral("LATIN1"));
    environment.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    client.setProcessEnvironment(environment);
    if (db.isPostgres()) {
        client.start(QStringLiteral("psql"),
                     {QStringLiteral("-X"), QStringLiteral("-v"), QStringLiteral("ON_ERROR_STOP=1"),
                      QStringLiteral("-1"), QStringLiteral("-h"), QStringLiteral("127.0.0.1"),
                      QStringLiteral("-p"), TestDatabase::pgPort(), QStringLiteral("-U"),
                      QStringLiteral("postgres"), QStringLiteral("-d"), db.databaseName(),
                      QStringLiteral("-f"), script});
    } else if (db.isMariadb()) {
        // Reading a file on its standard input, the client stops at the first error and exits non-zero.
        client.setStandardInputFile(script);
        client.start(QStringLiteral("mariadb"),
                     {QStringLiteral("--database=") + db.databaseName(), QStringLiteral("-h127.0.0.1"),
                      QStringLiteral("-P"), TestDatabase::mariadbPort(), QStringLiteral("-uroot")});
    } else {
        // As the scripts' headers say: sqlite3 -bail DATABASE < FILE.
        client.setStandardInputFile(script);
        client.start(QStringLiteral("sqlite3"), {QStringLiteral("-bail"), db.databaseName()});
    }
    if (!client.waitForFinished(60000)) {
        *output = client.errorString();
        return false;
    }
    *output = QString::fromUtf8(client.readAll());
    return client.exitStatus() == QProcess::NormalExit && client.exitCode() == 0;
}
