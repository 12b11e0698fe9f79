#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

class BenchOptions;
class Dataset;
class DatabaseUrl;

// The fix-up figures of one database: (a) MissingProfileFixer::createMissing, (b) the floor, the same
// INSERT ... SELECT ... WHERE NOT EXISTS written by hand and run as one statement in one transaction, (b')
// the floor with the fixer's ON CONFLICT (link) DO NOTHING added (what the clause costs, for information),
// and (c) the seed's loop (SELECT the missing ids, then one INSERT per user), timed on a sample and
// extrapolated.
struct FixupFigures
{
    qint64 users = 0;
    qint64 missing = 0;

    QList<double> fixRuns; // seconds, one per repeat, each on a fresh copy
    double fixSeconds = 0; // the best run
    qint64 fixCreated = 0;
    int fixBatches = 0;
    qint64 fixPeakBytes = -1;  // resident-memory peak during createMissing
    double fixTailSeconds = 0; // of the best run: from the last progress report to the return (the COMMIT)
    QString fixSql;            // the statement the fixer runs per batch

    // (a') the whole `fix DATABASE --yes --json` command, run in-process from argument parsing to its report:
    // session, discovery, counts and the fix-up, as a user waits for it.
    QList<double> commandRuns;
    double commandSeconds = 0;

    // (d) `check DATABASE --json`, the anti-join count as a person runs it: with few users missing it cannot
    // stop early.
    QList<double> checkRuns;
    double checkSeconds = 0;

    QList<double> floorRuns;
    double floorSeconds = 0;
    qint64 floorCreated = 0;
    double floorCommitSeconds = 0; // of the best run
    QString floorSql;

    QList<double> conflictRuns; // (b'): the floor with ON CONFLICT
    double conflictSeconds = 0;
    QString conflictSql;

    qint64 loopSampleRows = 0;    // users the loop really inserted
    double loopSampleSeconds = 0; // time of those inserts
    double loopSelectSeconds = 0; // the loop's SELECT of every missing id, measured in full
    double loopSeconds = 0;       // select + sample time scaled to every missing user
    QString loopSql;

    double fixOverFloor() const { return floorSeconds > 0 ? fixSeconds / floorSeconds : 0; }
    double commandOverFloor() const { return floorSeconds > 0 ? commandSeconds / floorSeconds : 0; }
    double fixOverConflict() const { return conflictSeconds > 0 ? fixSeconds / conflictSeconds : 0; }
    double loopOverFix() const { return fixSeconds > 0 ? loopSeconds / fixSeconds : 0; }
    QJsonObject toJson() const;
};

class FixupBenchmark
{
public:
    // The targets of docs/performance.md.
    static constexpr double MaxFixOverFloor = 1.3;
    static constexpr double MinLoopOverFix = 25;

    // Takes --repeat, --loop-sample, --loop-budget and --batch-size from `options`.
    FixupBenchmark(Dataset &dataset, qint64 users, const BenchOptions &options);

    bool run(FixupFigures *figures, QString *error);

private:
    bool timeFixer(const DatabaseUrl &url, FixupFigures *figures, QString *error);
    // Runs `profile-admin COMMAND URL --json` in-process (fix with --yes); its exit status, JSON and time.
    int runCommand(const DatabaseUrl &url, const QString &command, QJsonObject *report, double *elapsed,
                   QString *output);
    bool timeCommand(const DatabaseUrl &url, FixupFigures *figures, QString *error);
    bool timeCheck(const DatabaseUrl &url, FixupFigures *figures, QString *error);
    bool timeFloor(const DatabaseUrl &url, FixupFigures *figures, QString *error);
    bool timeFloorWithConflict(const DatabaseUrl &url, FixupFigures *figures, QString *error);
    // Runs `sql` in one transaction; the seconds from BEGIN to after COMMIT, and of those the COMMIT's.
    bool timeHandWritten(const DatabaseUrl &url, const QString &sql, double *seconds, double *commitSeconds,
                         QString *error);
    bool timeLoop(const DatabaseUrl &url, FixupFigures *figures, QString *error);

    Dataset &m_dataset;
    qint64 m_users;
    int m_repeat;
    int m_loopSample;
    double m_loopBudget;
    qint64 m_batchSize; // 0: the fixer's default
};
