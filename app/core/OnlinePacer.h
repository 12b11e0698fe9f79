#pragma once

#include "MissingProfileFixer.h"
#include "OnlineFix.h"
#include "ReplicaLagWatch.h"

#include <QElapsedTimer>

// The pace of an online fix-up across its tables: before each batch it waits while a replica lags too far or
// the rate limit would be passed, and after each commit it reports progress. Every wait reports as it goes
// and ends at once when the report asks to cancel.
class OnlinePacer
{
public:
    OnlinePacer(const QSqlDatabase &db, const OnlineOptions &options,
                const MissingProfileFixer::OnlineReport &report);

    const OnlineOptions &options() const { return m_options; }
    // Reports the start (with any notice of the watch); false when cancelled.
    bool begin();
    // Waits until the next batch may start; false when cancelled meanwhile.
    bool waitForNextBatch();
    // Counts a committed batch of `profiles` and reports it; false when cancelled.
    bool committed(qint64 profiles);
    // Over every table so far.
    qint64 committedProfiles() const { return m_progress.committed; }
    qint64 committedBatches() const { return m_progress.batches; }

private:
    bool report(bool waitingForReplicas, bool waitingForRate);

    OnlineOptions m_options;
    MissingProfileFixer::OnlineReport m_report;
    ReplicaLagWatch m_watch;
    QElapsedTimer m_clock;
    OnlineProgress m_progress;
};
