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
        // QPSQL closes its side once a statement found the connection gone (a server restart); the next job
        // gets a new one instead of failing for the rest of the session.
        if (!connection.isSqlite() && connection.isOpen() && !connection.database().isOpen())
            connection.reconnect();
        job(connection);
    }
}
