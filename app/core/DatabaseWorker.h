#pragma once

#include "DatabaseUrl.h"

#include <QMutex>
#include <QObject>
#include <QThread>
#include <QWaitCondition>

#include <deque>
#include <functional>
#include <memory>

class Connection;

namespace DatabaseWorkerDetail {

// Carries one job's results to its receiver over a queued connection with the receiver as context: Qt drops
// the delivery when the receiver is destroyed, safely across threads (a QPointer read in the worker thread
// would race with the destruction).
class Relay final : public QObject
{
    Q_OBJECT

Q_SIGNALS:
    void delivered(const std::function<void()> &call);
};

} // namespace DatabaseWorkerDetail

// A thread with a database connection of its own that runs jobs one after another. QtSql connections belong
// to the thread that opened them (docs/architecture.md), so everything that may take long (counts, pages of a
// million-row table, the fix-up) runs on one of these and the GUI thread never waits for the database.
//
// run() is the way to use it: the job runs here, and its result is handed to a callback in the receiver's
// thread, or dropped when the receiver is gone by then. Before every job the worker opens its connection
// again if it was lost or never opened; the job always runs and decides what an unopened connection means,
// with the rule: check connection.isOpen() first and, when it is false, put connection.errorText() into the
// result, so that the receiver hears of every request it made.
class DatabaseWorker final : public QThread
{
public:
    using Job = std::function<void(Connection &connection)>;
    template<typename Result> using Report = std::function<void(Result result)>;

    // The connection is opened in the thread when the first job arrives, under a name made from `purpose`.
    DatabaseWorker(const DatabaseUrl &url, const QString &purpose, QObject *parent = nullptr);
    // Drops the jobs not started yet and waits for the running one (a running statement is not interrupted).
    ~DatabaseWorker() override;
    DatabaseWorker(const DatabaseWorker &) = delete;
    DatabaseWorker &operator=(const DatabaseWorker &) = delete;

    // Runs `job` in this thread and calls `done` with its result in `receiver`'s thread (queued), unless
    // `receiver` has been destroyed by then.
    template<typename Result>
    void run(QObject *receiver, std::function<Result(Connection &connection)> job,
             std::function<void(Result result)> done)
    {
        runReporting<Result>(
            receiver,
            [job = std::move(job)](Connection &connection, const Report<Result> &report) {
                report(job(connection));
            },
            std::move(done));
    }

    // Like run(), for a job that hands over any number of results as it goes (a quick count before a slow
    // one, progress): each call of `report` reaches `onResult` in `receiver`'s thread, in order.
    template<typename Result>
    void runReporting(QObject *receiver,
                      std::function<void(Connection &connection, const Report<Result> &report)> job,
                      std::function<void(Result result)> onResult)
    {
        const std::shared_ptr<DatabaseWorkerDetail::Relay> relay = relayTo(receiver);
        post([relay, job = std::move(job), onResult = std::move(onResult)](Connection &connection) {
            job(connection, [&relay, &onResult](Result result) {
                Q_EMIT relay->delivered([onResult, result = std::move(result)] { onResult(result); });
            });
        });
    }

    // Queues `job`; it runs in this thread with the worker's connection. Lower level than run(): the job
    // hands its result back itself, to a receiver that must outlive the worker.
    void post(Job job);

protected:
    void run() override;

private:
    static std::shared_ptr<DatabaseWorkerDetail::Relay> relayTo(QObject *receiver);

    const DatabaseUrl m_url;
    const QString m_purpose;
    QMutex m_mutex;
    QWaitCondition m_wake;
    std::deque<Job> m_jobs;
    bool m_stopping = false;
};
