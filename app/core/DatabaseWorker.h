#pragma once

#include "DatabaseUrl.h"

#include <QMutex>
#include <QThread>
#include <QWaitCondition>

#include <deque>
#include <functional>

class Connection;

// A thread with a database connection of its own that runs jobs one after another. QtSql connections belong
// to the thread that opened them (docs/architecture.md), so everything that may take long (counts, pages of a
// million-row table, the fix-up) runs on one of these and the GUI thread never waits for the database.
//
// A job hands its result back with QMetaObject::invokeMethod(receiver, ..., Qt::QueuedConnection). The
// receiver must outlive the worker (typically it owns it): the destructor waits for the running job, so a job
// never calls into a destroyed receiver, and Qt drops queued calls to a receiver destroyed later.
class DatabaseWorker final : public QThread
{
public:
    using Job = std::function<void(Connection &connection)>;

    // The connection is opened in the thread when the first job arrives, under a name made from `purpose`.
    DatabaseWorker(const DatabaseUrl &url, const QString &purpose, QObject *parent = nullptr);
    // Drops the jobs not started yet and waits for the running one (a running statement is not interrupted).
    ~DatabaseWorker() override;
    DatabaseWorker(const DatabaseWorker &) = delete;
    DatabaseWorker &operator=(const DatabaseWorker &) = delete;

    // Queues `job`; it runs in this thread with the worker's connection (which jobs check with isOpen()).
    void post(Job job);

protected:
    void run() override;

private:
    const DatabaseUrl m_url;
    const QString m_purpose;
    QMutex m_mutex;
    QWaitCondition m_wake;
    std::deque<Job> m_jobs;
    bool m_stopping = false;
};
