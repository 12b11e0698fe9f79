#include "MariadbServer.h"

#include "UrlWithDatabase.h"

#include "Connection.h"

#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QTextStream>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

// mariadbtest.sh waits up to 60 s for the server to start or stop.
constexpr int ScriptTimeoutMs = 180000;

// The benchmark's server settings; see the class comment for why each.
const char *const BenchSettings[][2] = {
    {"innodb_flush_log_at_trx_commit", "1"}, {"innodb_buffer_pool_size", "1073741824"},
    {"innodb_log_file_size", "536870912"},   {"innodb_file_per_table", "ON"},
    {"tmp_table_size", "268435456"},         {"max_heap_table_size", "268435456"},
};

bool runScript(const QStringList &arguments, QString *error)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    // The mysql user may not be allowed into our working directory.
    process.setWorkingDirectory(QStringLiteral("/"));
    process.start(QStringLiteral("bash"), arguments);
    if (!process.waitForFinished(ScriptTimeoutMs) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0) {
        process.kill();
        process.waitForFinished(10000);
        *error = QStringLiteral("bash %1 failed: %2 %3")
                     .arg(arguments.join(QLatin1Char(' ')), process.errorString(),
                          QString::fromLocal8Bit(process.readAll()).trimmed());
        return false;
    }
    return true;
}

} // namespace

MariadbServer::MariadbServer(const QString &mariadbtestScript, const QString &dir, int port)
    : m_script(mariadbtestScript)
    , m_dir(dir)
    , m_port(port)
{
    QString error;
    m_base = DatabaseUrl::parse(QStringLiteral("mysql://root@127.0.0.1:%1/mysql").arg(port), &error);
}

MariadbServer::MariadbServer(const DatabaseUrl &url)
    : m_base(url)
{}

MariadbServer::~MariadbServer()
{
    stop();
}

bool MariadbServer::isPortFree(int port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return false;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(quint16(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    // Binding is the test the server itself will make: free when nobody holds the port.
    const bool free = ::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0;
    ::close(fd);
    return free;
}

int MariadbServer::freePort(int first)
{
    for (int port = first; port < first + 100 && port <= 65535; ++port) {
        if (isPortFree(port))
            return port;
    }
    return 0;
}

bool MariadbServer::start(QString *error)
{
    if (isThrowaway()) {
        m_started = true;
        if (!runScript({m_script, QStringLiteral("start"), m_dir, QString::number(m_port)}, error))
            return false;
    }
    return configure(error);
}

bool MariadbServer::configure(QString *error)
{
    Connection connection(url(QStringLiteral("mysql")), QStringLiteral("bench-mariadb-settings"));
    if (!connection.isOpen()) {
        *error = connection.errorText();
        return false;
    }
    QSqlQuery q(connection.database());
    m_settings.clear();
    for (const auto &setting : BenchSettings) {
        const QString name = QString::fromLatin1(setting[0]);
        // A server of the user's own keeps its settings: the report says what they are.
        if (isThrowaway() &&
            !q.exec(QStringLiteral("SET GLOBAL %1 = %2").arg(name, QString::fromLatin1(setting[1])))) {
            *error = QStringLiteral("Could not set %1 on the benchmark's MariaDB server: %2")
                         .arg(name, q.lastError().text());
            return false;
        }
    }
    // What decides a COMMIT's and a page write's cost, as the server reports it.
    if (q.exec(QStringLiteral("SELECT @@innodb_flush_log_at_trx_commit, @@innodb_doublewrite, @@log_bin, "
                              "@@innodb_buffer_pool_size DIV 1048576, @@innodb_log_file_size DIV 1048576, "
                              "@@GLOBAL.tmp_table_size DIV 1048576")) &&
        q.next()) {
        m_settings << QStringLiteral("innodb_flush_log_at_trx_commit=") + q.value(0).toString()
                   << QStringLiteral("innodb_doublewrite=") + QLatin1String(q.value(1).toInt() ? "ON" : "OFF")
                   << QStringLiteral("log_bin=") + QLatin1String(q.value(2).toInt() ? "ON" : "OFF")
                   << QStringLiteral("innodb_buffer_pool_size=%1M").arg(q.value(3).toString())
                   << QStringLiteral("innodb_log_file_size=%1M").arg(q.value(4).toString())
                   << QStringLiteral("tmp_table_size=%1M").arg(q.value(5).toString());
    }
    return true;
}

void MariadbServer::stop()
{
    if (!m_started)
        return;
    m_started = false;
    QString error;
    if (!runScript({m_script, QStringLiteral("stop"), m_dir}, &error))
        QTextStream(stderr) << "profile-admin-bench: " << error << Qt::endl;
}

DatabaseUrl MariadbServer::url(const QString &name) const
{
    return urlWithDatabase(m_base, QStringLiteral("mysql"), name);
}
