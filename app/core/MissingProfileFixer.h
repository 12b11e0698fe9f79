#pragma once

#include "FillPlan.h"
#include "OnlineFix.h"
#include "ProfileSchema.h"
#include "SqlFailure.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QVariantList>
#include <QVariantMap>

#include <functional>

class DatabaseEngine;
class OnlinePacer;

struct ProfileCounts
{
    qint64 users = -1;
    qint64 missing = -1;
};

struct FixResult
{
    bool ok = false;
    bool cancelled = false;
    qint64 created = 0;
    qint64 skipped = 0;           // createFor(): users that already had a profile or do not exist
    QList<qint64> createdByTable; // createMissingTogether(), createForTogether(): created per fixer, in order
    QList<qint64> skippedByTable; // createForTogether(): users that already had that table's profile
    qint64 batches = 0; // online mode: transactions committed (their profiles stay in `created` on failure)
    // createMissing(), createMissingTogether(): the largest user key the run read inside its transaction;
    // null when it covered no key range (no users, or keys that are not integers). createMissingInBatches():
    // the largest user key when its last batch was chosen (the lowest over the tables); null when it stopped.
    QVariant lastUserKey;
    double seconds = 0;
    QString errorText; // one sentence for the user; the database's own message included
    SqlFailure::Kind failure = SqlFailure::Kind::Other; // what kind of error, when !ok && !cancelled
};

// Creates the missing profiles set-based: INSERT ... SELECT ... WHERE NOT EXISTS ... ON CONFLICT (link) DO
// NOTHING, all in one transaction, in key-range batches only so that progress can be reported and cancel
// honoured. Any error or a cancel rolls back everything. The conflict target is always named, so NOT NULL and
// CHECK failures are never swallowed; rows that Django creates concurrently are skipped, not duplicated.
class MissingProfileFixer
{
public:
    // Called after every batch with the users scanned so far and the total key range; return false to cancel.
    using Progress = std::function<bool(qint64 done, qint64 total)>;

    MissingProfileFixer(const QSqlDatabase &db, const ProfileSchema &schema, const FillPlan &plan);

    ProfileCounts counts(QString *error) const;
    // The number of users, without the anti-join counts() runs (-1 with `error` set).
    qint64 userCount(QString *error) const;
    // After `run`, a createMissing(), createMissingTogether() or createMissingInBatches() that committed: the
    // users still without a profile, counted only beyond the key range the run covered (all of them when it
    // covered none).
    qint64 missingAfter(const FixResult &run, QString *error) const;
    // Keys of users without a profile, in key order (at most `limit`, -1 for all).
    QVariantList missingUserKeys(qint64 limit, QString *error) const;

    // The statement that runs per batch, with :lo/:hi key bounds and the fill values as named placeholders.
    QString insertStatement() const;
    // The fill values insertStatement() takes, by placeholder name (":lo" and ":hi" not included).
    QVariantMap planValues() const;
    // The same statement for people: values written in, as in `fix --dry-run`.
    QString previewSql() const;
    // The statement over every user at once with the values as the engine's SQL literals, for a script that
    // runs the fix-up elsewhere (FixScript); empty, with `error` set, when a value has no literal.
    QString literalStatement(QString *error) const;

    FixResult createMissing(const Progress &progress = {}, qint64 batchSize = 50000) const;
    // Begins the transaction createMissing() runs its batches in, planner settings included: also for
    // tests and the benchmark, which EXPLAIN insertStatement() in it.
    bool beginKeyRangeBatches(QSqlQuery &control) const;
    // createMissing() of every fixer (all on one connection) in one transaction: every table's profiles or
    // none. Progress runs across the tables; a cancel or any error rolls back all of them.
    static FixResult createMissingTogether(const QList<MissingProfileFixer> &fixers,
                                           const Progress &progress = {}, qint64 batchSize = 50000);
    // Creates profiles only for the given users (those that already have one are reported, not touched).
    FixResult createFor(const QVariantList &userKeys) const;
    // createFor() of every fixer (all on one connection) in one transaction: the given users get the profile
    // of every table they lack, or none at all; per table, the result says how many were created and how
    // many users had that profile already.
    static FixResult createForTogether(const QList<MissingProfileFixer> &fixers,
                                       const QVariantList &userKeys);

    // Online mode (MissingProfileFixerCommits.cpp): commits every options.batchSize profiles, each batch its
    // own transaction with the same guard, paced by the replicas' lag and the rate. A failure or cancel
    // keeps the batches committed before it (counted in `created` and `batches`); a rerun finishes the job.
    // `report` is called after every batch and while waiting; returning false cancels.
    using OnlineReport = std::function<bool(const OnlineProgress &progress)>;
    FixResult createMissingInBatches(const OnlineOptions &options, const OnlineReport &report = {}) const;
    // The same for several tables (all on one connection), one after another.
    static FixResult createMissingInBatches(const QList<MissingProfileFixer> &fixers,
                                            const OnlineOptions &options, const OnlineReport &report = {});
    // Begins the transaction of one online batch, the engine's settings included: also for tests, which
    // EXPLAIN the batch's statements in it.
    bool beginKeysetBatch(QSqlQuery &control) const;
    // The statement selecting the next batch's users by keyset: :after (absent when `first`) and :n bound.
    QString nextBatchStatement(bool first) const;
    // The INSERT of one such batch: the users chosen, from after :after (absent when `first`) to :last.
    QString batchInsertStatement(bool first) const;

private:
    // Commits this table's batches, pacing them with `pacer` (MissingProfileFixerCommits.cpp).
    FixResult commitBatches(OnlinePacer &pacer) const;
    // The user-key condition of batchInsertStatement() (and of its check on engines that need one).
    QString batchRange(bool first) const;

    // The body of a transaction: true to commit; false after filling `result` (a failure or a cancel),
    // having rolled back.
    using Body = std::function<bool(QSqlQuery &control, FixResult &result)>;

    // Whether the "together" functions may begin: false with `result` final when there is nothing to do (ok)
    // or a plan cannot be written (its reason).
    static bool readyTogether(const QList<MissingProfileFixer> &fixers, FixResult &result);
    // readyTogether(), then the one transaction on the first fixer's connection (as beginKeyRangeBatches()
    // when `keyRangeBatches`); false with `result` set (ok when there was nothing to do).
    static bool beginTogether(const QList<MissingProfileFixer> &fixers, bool keyRangeBatches,
                              QSqlQuery &control, FixResult &result);
    // Checks the plan, begins (as beginKeyRangeBatches() does when `keyRangeBatches`), runs `body`, commits
    // and times it: the frame both ways of creating share.
    FixResult inTransaction(bool keyRangeBatches, const Body &body) const;
    // `profileRange` narrows the subquery further (" AND p.link ..."), for the per-batch statement.
    QString missingCondition(const QString &profileRange = {}) const;
    QString insertHead() const;
    // How insertValues() writes the plan's constants: placeholders to bind, for people, or as literals.
    enum class ValueForm { Bound, ForPeople, Literal };
    QString insertValues(ValueForm form, QString *error = nullptr) const;
    QString statement(const QString &values, const QString &range, const QString &profileRange = {}) const;
    QString keyRange() const;
    QString profileKeyRange() const;
    void bindPlanValues(QSqlQuery &query) const;
    bool begin(QSqlQuery &control) const;
    FixResult fail(QSqlQuery &control, const QString &what, const QSqlError &error) const;
    FixResult commitFailed(QSqlQuery &control) const;
    // On an engine whose conflict guard skips rows on any unique key: fails (rolling back) when users matched
    // by `range` with `binds` are still without a profile after their INSERT; true when none are.
    bool noneLeftMissing(QSqlQuery &control, const QString &range, const QVariantMap &binds,
                         FixResult &result) const;

    QString quoted(const QString &identifier) const;
    QString quoted(const TableName &table) const;

    QSqlDatabase m_db;
    // Part of createMissingTogether()'s transaction: neither begins nor commits one of its own.
    bool m_joined = false;
    ProfileSchema m_schema;
    FillPlan m_plan;
    const DatabaseEngine *m_engine;
};
