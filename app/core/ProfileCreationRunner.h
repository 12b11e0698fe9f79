#pragma once

#include "FillPlan.h"
#include "MissingProfileFixer.h"
#include "ProfileSchema.h"

#include <QObject>
#include <QVariantList>

#include <atomic>
#include <memory>

class Connection;
class DatabaseWorker;

// Creates profiles with MissingProfileFixer for a front end: every missing profile (createMissing) or those
// of chosen users (createFor), reporting progress() and finished() and honouring cancel(). One run at a
// time.
//
// The GUI starts a run on a writer DatabaseWorker, so the window stays responsive; progress() and finished()
// then arrive in this object's thread. The CLI has no event loop running while it writes and calls the
// ...Now() forms instead, on its own connection: they emit the same signals directly and return the result.
class ProfileCreationRunner final : public QObject
{
    Q_OBJECT

public:
    // Users scanned per batch of createMissing(), between two progress reports and chances to cancel.
    static constexpr qint64 DefaultBatchSize = 50000;

    explicit ProfileCreationRunner(QObject *parent = nullptr);
    // Cancels a running run: it stops at its next batch and rolls back (the worker waits for it).
    ~ProfileCreationRunner() override;

    void setBatchSize(qint64 users) { m_batchSize = users; }
    qint64 batchSize() const { return m_batchSize; }

    // Starts creating every missing profile on `writer`'s connection; false, doing nothing, while a run is
    // still going.
    bool createMissing(DatabaseWorker &writer, const ProfileSchema &schema, const FillPlan &plan);
    // Starts creating every missing profile of several tables (plans[i] for schemas[i]) in one transaction:
    // all or nothing, progress() across the tables; the result's createdByTable has the counts per table.
    bool createMissing(DatabaseWorker &writer, const QList<ProfileSchema> &schemas,
                       const QList<FillPlan> &plans);
    // Starts creating profiles for `userKeys` (users that have one already are counted as skipped).
    bool createFor(DatabaseWorker &writer, const ProfileSchema &schema, const FillPlan &plan,
                   const QVariantList &userKeys);
    // Starts creating, for `userKeys`, the profile of every table (plans[i] for schemas[i]) they lack, in one
    // transaction: all or nothing; the result's createdByTable and skippedByTable are per table.
    bool createFor(DatabaseWorker &writer, const QList<ProfileSchema> &schemas, const QList<FillPlan> &plans,
                   const QVariantList &userKeys);

    // The same runs in the caller's thread on `connection`, for a caller without a running event loop.
    FixResult createMissingNow(Connection &connection, const ProfileSchema &schema, const FillPlan &plan);
    // Every missing profile of several tables (plans[i] for schemas[i]) in one transaction: all or nothing,
    // progress() across the tables; the result's createdByTable has the counts per table.
    FixResult createMissingNow(Connection &connection, const QList<ProfileSchema> &schemas,
                               const QList<FillPlan> &plans);
    FixResult createForNow(Connection &connection, const ProfileSchema &schema, const FillPlan &plan,
                           const QVariantList &userKeys);
    // createFor() of several tables in one transaction, in the caller's thread.
    FixResult createForNow(Connection &connection, const QList<ProfileSchema> &schemas,
                           const QList<FillPlan> &plans, const QVariantList &userKeys);

    // Online mode: every missing profile of the tables (plans[i] for schemas[i]), one table after another, in
    // transactions of options.batchSize profiles paced by the replicas' lag and the rate; onlineProgress()
    // after every batch and while waiting. A cancel or failure keeps the committed batches (the result says
    // how many), and running again finishes the job.
    bool createMissingOnline(DatabaseWorker &writer, const QList<ProfileSchema> &schemas,
                             const QList<FillPlan> &plans, const OnlineOptions &options);
    FixResult createMissingOnlineNow(Connection &connection, const QList<ProfileSchema> &schemas,
                                     const QList<FillPlan> &plans, const OnlineOptions &options);

    // Thread-safe: the run stops at its next batch and rolls back everything (online mode keeps the batches
    // committed before); finished() reports it cancelled. No progress() is reported after it.
    void cancel();
    bool isCancelled() const;
    bool isRunning() const { return m_running; }
    // The users of the current or last createFor(); empty for createMissing().
    const QVariantList &userKeys() const { return m_userKeys; }

Q_SIGNALS:
    // `done` of `total` users scanned (createMissing() only).
    void progress(qint64 done, qint64 total);
    // Online mode's progress: committed profiles and batches, the rate, the time left, and waits.
    void onlineProgress(const OnlineProgress &progress);
    // The run is over: created, failed (nothing written) or cancelled (nothing written).
    void finished(const FixResult &result);

private:
    // One report from the worker: progress, or the final result.
    struct Step
    {
        qint64 done = 0;
        qint64 total = 0;
        bool last = false;
        FixResult result;
        bool isOnline = false;
        OnlineProgress online;

        static Step progressOf(qint64 done, qint64 total);
        static Step onlineOf(const OnlineProgress &progress);
    };

    bool start(const QVariantList &userKeys);
    void runTogether(DatabaseWorker &writer, const QList<ProfileSchema> &schemas,
                     const QList<FillPlan> &plans, bool forUsers);
    FixResult runTogetherNow(Connection &connection, const QList<ProfileSchema> &schemas,
                             const QList<FillPlan> &plans, bool forUsers);
    void run(DatabaseWorker &writer, const ProfileSchema &schema, const FillPlan &plan, bool forUsers);
    FixResult runNow(Connection &connection, const ProfileSchema &schema, const FillPlan &plan,
                     bool forUsers);
    void step(const Step &step);
    // The fix-up itself, in whichever thread holds `connection`.
    static FixResult execute(Connection &connection, const ProfileSchema &schema, const FillPlan &plan,
                             const QVariantList &userKeys, bool forUsers, qint64 batchSize,
                             const std::atomic<bool> &cancelled,
                             const std::function<void(qint64 done, qint64 total)> &progress);
    static FixResult executeOnline(Connection &connection, const QList<ProfileSchema> &schemas,
                                   const QList<FillPlan> &plans, const OnlineOptions &options,
                                   const std::atomic<bool> &cancelled,
                                   const std::function<void(const OnlineProgress &progress)> &progress);
    // Every table's missing profiles, or with `forUsers` those of `userKeys`, in one transaction.
    static FixResult executeTogether(Connection &connection, const QList<ProfileSchema> &schemas,
                                     const QList<FillPlan> &plans, const QVariantList &userKeys,
                                     bool forUsers, qint64 batchSize, const std::atomic<bool> &cancelled,
                                     const std::function<void(qint64 done, qint64 total)> &progress);

    // Shared with the running job, which may outlive this object by one batch.
    const std::shared_ptr<std::atomic<bool>> m_cancelled;
    qint64 m_batchSize = DefaultBatchSize;
    bool m_running = false;
    QVariantList m_userKeys;
};
