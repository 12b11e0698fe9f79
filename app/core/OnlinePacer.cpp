#include "OnlinePacer.h"

#include <QThread>

#include <algorithm>

namespace {

// How long one slice of a wait sleeps before it reports again and looks at the replicas: short enough
// that Cancel feels immediate.
constexpr qint64 WaitSliceMs = 200;

} // namespace

OnlinePacer::OnlinePacer(const QSqlDatabase &db, const OnlineOptions &options,
                         const MissingProfileFixer::OnlineReport &report)
    : m_options(options)
    , m_report(report)
    , m_watch(db)
{
    m_progress.expected = options.expectedProfiles;
}

bool OnlinePacer::report(bool waitingForReplicas, bool waitingForRate)
{
    const double seconds = m_clock.nsecsElapsed() / 1e9;
    m_progress.rate = seconds > 0 ? m_progress.committed / seconds : 0;
    m_progress.secondsLeft =
        m_progress.expected >= 0 && m_progress.rate > 0
            ? std::max<qint64>(0, m_progress.expected - m_progress.committed) / m_progress.rate
            : -1;
    m_progress.waitingForReplicas = waitingForReplicas;
    m_progress.waitingForRate = waitingForRate;
    m_progress.notice = m_watch.takeNotice();
    return !m_report || m_report(m_progress);
}

bool OnlinePacer::begin()
{
    m_clock.start();
    m_watch.start();
    return report(false, false);
}

bool OnlinePacer::waitForNextBatch()
{
    if (m_options.maxRate > 0) {
        // The batches so far at exactly the rate would have taken this long.
        const qint64 dueMs = qint64(m_progress.committed * 1000.0 / m_options.maxRate);
        while (m_clock.elapsed() < dueMs) {
            if (!report(false, true))
                return false;
            QThread::msleep(std::min<qint64>(WaitSliceMs, dueMs - m_clock.elapsed()) + 1);
        }
    }
    for (;;) {
        const ReplicaLagWatch::Reading reading = m_watch.read();
        m_progress.replicaLagSeconds = reading.lagSeconds;
        if (reading.lagSeconds <= m_options.maxReplicaLagSeconds)
            return true;
        if (!report(true, false))
            return false;
        QThread::msleep(WaitSliceMs);
    }
}

bool OnlinePacer::committed(qint64 profiles)
{
    m_watch.recordCommit();
    m_progress.committed += profiles;
    ++m_progress.batches;
    return report(false, false);
}
