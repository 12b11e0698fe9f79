// ProfileCreation's online mode: the progress of committed batches and the sentence after the run.
#include "ProfileCreation.h"

#include "LocaleCount.h"
#include "MissingProfileFixer.h"
#include "OnlineFix.h"
#include "ProfileCreationRunner.h"

#include <QLocale>
#include <QProgressDialog>

#include <algorithm>

void ProfileCreation::onlineProgressed(const OnlineProgress &progress)
{
    if (!m_progress || m_runner->isCancelled())
        return;
    if (progress.expected > 0)
        m_progress->setValue(int(std::min(progress.committed, progress.expected) * 1000 / progress.expected));
    QString text = progress.expected >= 0
                       ? tr("Committed %1 of %2 profiles in %3 batches")
                             .arg(localeCount(progress.committed), localeCount(progress.expected),
                                  localeCount(progress.batches))
                       : tr("Committed %1 profiles in %2 batches")
                             .arg(localeCount(progress.committed), localeCount(progress.batches));
    text += tr(" · %1 profiles/s").arg(localeCount(qint64(progress.rate)));
    if (progress.secondsLeft >= 0)
        text += tr(" · about %1 left").arg(durationText(progress.secondsLeft));
    if (progress.waitingForReplicas)
        text += QLatin1Char('\n') + tr("Waiting for replicas (lag %1 s)…")
                                        .arg(QLocale().toString(progress.replicaLagSeconds, 'f', 1));
    else if (progress.waitingForRate)
        text += QLatin1Char('\n') + tr("Keeping to the max rate…");
    if (!progress.notice.isEmpty())
        Q_EMIT statusMessage(progress.notice);
    m_progress->setLabelText(text);
}

void ProfileCreation::onlineRunEnded(const FixResult &result)
{
    if (result.ok) {
        Q_EMIT statusMessage(
            tr("Created %1 profiles in %2 committed batches in %3")
                .arg(localeCount(result.created), localeCount(result.batches), durationText(result.seconds)));
        return;
    }
    const QString committed = tr("%1 profiles committed in %2 batches")
                                  .arg(localeCount(result.created), localeCount(result.batches));
    // Whatever stopped it, the committed batches stay, and a run that picks up where this one ended is safe.
    Q_EMIT statusMessage(tr("%1: %2 stay; Create missing profiles again creates the rest.")
                             .arg(result.cancelled ? tr("Cancelled") : tr("Stopped by an error"), committed));
    if (result.cancelled)
        return;
    // The core's sentence says what failed; how to finish the job is the window's to say.
    const QString rest =
        result.batches > 0
            ? tr("%1 profiles committed in %2 earlier batches stay; Create missing profiles again to create "
                 "the rest.")
                  .arg(localeCount(result.created), localeCount(result.batches))
            : tr("No batch was committed before it; Create missing profiles again to create them.");
    Q_EMIT errorOccurred(tr("Not every profile was created"), result.errorText + QLatin1Char(' ') + rest);
}
