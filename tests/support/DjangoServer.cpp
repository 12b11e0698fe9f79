#include "DjangoServer.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QThread>

namespace {

struct Server
{
    QProcess process;
    QByteArray pending; // what was read past the last complete reply
};

QHash<QString, Server *> &servers()
{
    static QHash<QString, Server *> running;
    return running;
}

// Closing stdin ends the serve loop; the servers go before the application object does, while QProcess can
// still wait for them.
void stopServers()
{
    for (Server *server : std::as_const(servers())) {
        server->process.closeWriteChannel();
        if (!server->process.waitForFinished(10000)) {
            server->process.kill();
            server->process.waitForFinished(5000);
        }
        delete server;
    }
    servers().clear();
}

Server *startedServer(const QString &key, const QString &program, const QStringList &startArguments,
                      const QProcessEnvironment &environment, QString *failure)
{
    Server *server = servers().value(key);
    if (server && server->process.state() == QProcess::Running)
        return server;
    if (server) {
        delete server;
        servers().remove(key);
    }
    if (servers().isEmpty())
        qAddPostRoutine(stopServers);
    server = new Server;
    server->process.setProcessEnvironment(environment);
    server->process.setWorkingDirectory(QDir::tempPath());
    // Its own stderr (start-up failures, crashes) goes to the test's log; each request's is in its reply.
    server->process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    server->process.start(program, startArguments + QStringList{QStringLiteral("serve")});
    if (!server->process.waitForStarted(30000)) {
        *failure = QStringLiteral("cannot start %1: %2").arg(program, server->process.errorString());
        delete server;
        return nullptr;
    }
    servers().insert(key, server);
    return server;
}

} // namespace

bool DjangoServer::usable()
{
    return qEnvironmentVariable("PA_TEST_DJANGO_SERVE") != QLatin1String("0") &&
           QCoreApplication::instance() && QThread::currentThread() == QCoreApplication::instance()->thread();
}

DjangoServer::Reply DjangoServer::request(const QString &key, const QString &program,
                                          const QStringList &startArguments,
                                          const QProcessEnvironment &environment, const QString &databaseName,
                                          const QStringList &args)
{
    Reply reply;
    Server *server = startedServer(key, program, startArguments, environment, &reply.failure);
    if (!server)
        return reply;
    const QJsonObject request{{QStringLiteral("name"), databaseName},
                              {QStringLiteral("args"), QJsonArray::fromStringList(args)}};
    server->process.write(QJsonDocument(request).toJson(QJsonDocument::Compact) + '\n');
    const QDeadlineTimer deadline(300000);
    while (!server->pending.contains('\n')) {
        if (server->process.state() != QProcess::Running) {
            reply.failure = QStringLiteral("pa_django.py serve ended (exit %1) before it answered")
                                .arg(server->process.exitCode());
            return reply;
        }
        if (deadline.hasExpired()) {
            reply.failure = QStringLiteral("pa_django.py serve did not answer within 300 s");
            server->process.kill();
            server->process.waitForFinished(5000);
            return reply;
        }
        server->process.waitForReadyRead(int(qMin<qint64>(deadline.remainingTime(), 1000)));
        server->pending += server->process.readAllStandardOutput();
    }
    const qsizetype end = server->pending.indexOf('\n');
    const QByteArray line = server->pending.left(end);
    server->pending.remove(0, end + 1);
    const QJsonObject object = QJsonDocument::fromJson(line).object();
    if (object.isEmpty()) {
        reply.failure = QStringLiteral("pa_django.py serve answered no JSON object: ") +
                        QString::fromUtf8(line.left(500));
        return reply;
    }
    reply.answered = true;
    reply.exitCode = object.value(QLatin1String("exit")).toInt(-1);
    reply.out = object.value(QLatin1String("stdout")).toString().toUtf8();
    reply.err = object.value(QLatin1String("stderr")).toString();
    return reply;
}
