#include "DatabaseWorker.h"

#include "Connection.h"

DatabaseWorker::DatabaseWorker(const DatabaseUrl &url, const QString &purpose, QObject *parent)
    : QThread(parent)
    , m_url(url)
    , m_purpose(purpose)
{}

DatabaseWorker::~DatabaseWorker()
{
    {
        QMutexLocker locker(&m_mutex);
        m_stopping = true;
        m_jobs.clear();
        m_wake.wakeAll();
    }
    wait();
}

void DatabaseWorker::post(Job job)
{
    {
        QMutexLocker locker(&m_mutex);
        m_jobs.push_back(std::move(job));
        m_wake.wakeAll();
    }
    if (!isRunning())
        start();
}

std::shared_ptr<DatabaseWorkerDetail::Relay> DatabaseWorker::relayTo(QObject *receiver)
{
    auto relay = std::make_shared<DatabaseWorkerDetail::Relay>();
    QObject::connect(
        relay.get(), &DatabaseWorkerDetail::Relay::delivered, receiver,
        [](const std::function<void()> &call) { call(); }, Qt::QueuedConnection);
    return relay;
}

void DatabaseWorker::run()
{
    // Lives and dies in this thread, as QtSql requires; its destructor removes the connection after every
    // query of the jobs is gone.
    Connection connection(m_url, m_purpose);
    for (;;) {
        Job job;
        {
            QMutexLocker locker(&m_mutex);
            while (m_jobs.empty() && !m_stopping)
                m_wake.wait(&m_mutex);
            if (m_stopping)
                return;
            job = std::move(m_jobs.front());
            m_jobs.pop_front();
        }
        // The server may have dropped the connection since the last job (a restart, a failover, an idle
        // timeout): found out with one round trip and opened again, so that the first job after that works
        // instead of failing. A job then sees isOpen() false only when the server still cannot be reached.
        connection.ensureOpen();
        job(connection);
    }
}
