#include "ReplicaPair.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTest>

#include <arpa/inet.h>
#include <functional>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

// Only keeps a broken test from hanging: nothing here measures time.
constexpr int WaitLimitMs = 120000;

// Asks `done` every 20 ms, with the event loop running, until it says yes or the limit passes.
bool waitUntil(const std::function<bool()> &done)
{
    const QDeadlineTimer limit(WaitLimitMs);
    while (!done()) {
        if (limit.hasExpired())
            return false;
        QTest::qWait(20);
    }
    return true;
}

// Whether a server could listen on 127.0.0.1:`port` now; with `port` 0, the free port the kernel picked.
int bindableLoopbackPort(int port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(quint16(port));
    socklen_t length = sizeof address;
    int bound = -1;
    if (::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) == 0)
        bound = ntohs(address.sin_port);
    ::close(fd);
    return bound;
}

// The configured port when nothing holds it, else one the kernel says is free: a port taken by another
// program on the machine must not fail the suite.
int freePort(int preferred)
{
    return bindableLoopbackPort(preferred) == preferred ? preferred : bindableLoopbackPort(0);
}

} // namespace

// The hot standby: a folder of its own under /tmp, its own port, stopped and removed with this object.
class ReplicaPair::Standby
{
public:
    Standby(int primaryPort, int port)
        : m_primaryPort(primaryPort)
        , m_port(port)
        , m_dir(QStringLiteral("/tmp/profile-admin-pgreplica-%1").arg(port))
    {}
    ~Standby() { stop(); }

    QString data() const { return QDir(m_dir).filePath(QStringLiteral("data")); }
    // A standby has nothing of its own to keep: stop it at once.
    bool stopServer(QString *error) const
    {
        return PostgresCluster::runPgProgram(QStringLiteral("pg_ctl"),
                                             {QStringLiteral("stop"), QStringLiteral("-D"), data(),
                                              QStringLiteral("-m"), QStringLiteral("immediate"),
                                              QStringLiteral("-w")},
                                             error);
    }

    bool start(QString *error)
    {
        stop();
        // A run that was killed left its standby running: take it down first.
        if (QFile::exists(QDir(data()).filePath(QStringLiteral("postmaster.pid")))) {
            QString ignored;
            stopServer(&ignored);
        }
        QDir(m_dir).removeRecursively();
        if (!QDir().mkpath(m_dir)) {
            *error = QStringLiteral("could not create %1").arg(m_dir);
            return false;
        }
        m_made = true;
        // As pgtest.sh does: the postgres user owns the folder when we are root.
        if (geteuid() == 0) {
            QProcess chown;
            chown.start(QStringLiteral("chown"), {QStringLiteral("postgres:"), m_dir});
            chown.waitForFinished();
        }
        QFile::setPermissions(m_dir,
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        if (!PostgresCluster::runPgProgram(
                QStringLiteral("pg_basebackup"),
                {QStringLiteral("-R"), QStringLiteral("-D"), data(), QStringLiteral("-h"),
                 QStringLiteral("127.0.0.1"), QStringLiteral("-p"), QString::number(m_primaryPort),
                 QStringLiteral("-U"), QStringLiteral("postgres"), QStringLiteral("-X"),
                 QStringLiteral("stream"), QStringLiteral("-c"), QStringLiteral("fast"),
                 QStringLiteral("--no-sync")},
                error))
            return false;
        // Replay positions reach the primary every second, not every ten, once replay resumes.
        if (!PostgresCluster::runPgProgram(
                QStringLiteral("pg_ctl"),
                {QStringLiteral("start"), QStringLiteral("-D"), data(), QStringLiteral("-l"),
                 QDir(m_dir).filePath(QStringLiteral("log")), QStringLiteral("-w"), QStringLiteral("-t"),
                 QStringLiteral("60"), QStringLiteral("-o"),
                 QStringLiteral("-c listen_addresses=127.0.0.1 -p %1 -c unix_socket_directories=%2 "
                                "-c wal_receiver_status_interval=1")
                     .arg(QString::number(m_port), m_dir)},
                error))
            return false;
        m_running = true;
        return true;
    }

    void stop()
    {
        QString error;
        if (m_running)
            stopServer(&error);
        m_running = false;
        if (m_made)
            QDir(m_dir).removeRecursively();
        m_made = false;
    }

    QVariant query(const QString &database, const QString &sql, QString *error) const
    {
        QVariant value;
        PostgresCluster::execOn(m_port, database, {sql}, error, &value);
        return value;
    }

private:
    int m_primaryPort;
    int m_port;
    QString m_dir;
    bool m_made = false;
    bool m_running = false;
};

ReplicaPair::ReplicaPair()
    : m_primaryPort(qEnvironmentVariableIntValue("PA_TEST_PG_PRIMARY_PORT"))
    , m_replicaPort(qEnvironmentVariableIntValue("PA_TEST_PG_REPLICA_PORT"))
{}

// The standby goes first: it streams from the primary.
ReplicaPair::~ReplicaPair()
{
    m_standby.reset();
    m_primary.reset();
}

bool ReplicaPair::start(QString *error)
{
    if (m_primaryPort <= 0 || m_replicaPort <= 0) {
        *error =
            QStringLiteral("PA_TEST_PG_PRIMARY_PORT and PA_TEST_PG_REPLICA_PORT are not set: run the test "
                           "through ctest");
        return false;
    }
    m_primaryPort = freePort(m_primaryPort);
    m_replicaPort = freePort(m_replicaPort);
    if (m_primaryPort <= 0 || m_replicaPort <= 0 || m_primaryPort == m_replicaPort) {
        *error = QStringLiteral("no free loopback ports for the primary and the standby");
        return false;
    }
    // initdb's defaults already stream: wal_level replica, ten WAL senders, replication trusted on loopback.
    m_primary = std::make_unique<PostgresCluster>(
        PostgresCluster::scriptIn(TestDatabase::sourceDir()),
        QStringLiteral("/tmp/profile-admin-pgprimary-%1").arg(m_primaryPort), m_primaryPort);
    if (!m_primary->start(error))
        return false;
    m_standby = std::make_unique<Standby>(m_primaryPort, m_replicaPort);
    if (!m_standby->start(error))
        return false;
    if (!waitOnReplica(QStringLiteral("postgres"), QStringLiteral("SELECT pg_is_in_recovery()"), true)) {
        *error = QStringLiteral("the standby on port %1 never went into recovery").arg(m_replicaPort);
        return false;
    }
    return true;
}

std::unique_ptr<ReplicaPair> ReplicaPair::startForSuite()
{
    if (TestDatabase::postgresDisabled()) {
        QTest::qSkip("PostgreSQL tests are switched off (PA_TEST_NO_PG=1)", __FILE__, __LINE__);
        return nullptr;
    }
    auto pair = std::make_unique<ReplicaPair>();
    QString error;
    if (!pair->start(&error)) {
        QTest::qFail(qPrintable(error), __FILE__, __LINE__);
        return nullptr;
    }
    return pair;
}

TestDatabase ReplicaPair::create(const QString &variant, const QString &tag) const
{
    // TestDatabase takes its server from PA_TEST_PG_PORT when the database is made, and keeps it.
    const QByteArray fixturePort = qgetenv("PA_TEST_PG_PORT");
    qputenv("PA_TEST_PG_PORT", QByteArray::number(m_primaryPort));
    TestDatabase db = TestDatabase::create(QStringLiteral("postgres"), variant, tag);
    qputenv("PA_TEST_PG_PORT", fixturePort);
    return db;
}

QVariant ReplicaPair::replicaValue(const QString &database, const QString &sql, QString *error) const
{
    QString ignored;
    return m_standby ? m_standby->query(database, sql, error ? error : &ignored) : QVariant();
}

bool ReplicaPair::waitOnReplica(const QString &database, const QString &sql, const QVariant &expected) const
{
    return waitUntil([&] { return replicaValue(database, sql) == expected; });
}

bool ReplicaPair::pauseReplay(QString *error)
{
    replicaValue(QStringLiteral("postgres"), QStringLiteral("SELECT pg_wal_replay_pause()"), error);
    if (!waitOnReplica(QStringLiteral("postgres"), QStringLiteral("SELECT pg_get_wal_replay_pause_state()"),
                       QStringLiteral("paused"))) {
        *error = QStringLiteral("replay on the standby never paused");
        return false;
    }
    return true;
}

bool ReplicaPair::resumeReplay(QString *error)
{
    error->clear();
    replicaValue(QStringLiteral("postgres"), QStringLiteral("SELECT pg_wal_replay_resume()"), error);
    return error->isEmpty();
}
