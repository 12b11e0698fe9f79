// MissingProfileFixer's functions that run several profile tables in one transaction.
#include "MissingProfileFixer.h"

#include <QElapsedTimer>
#include <QSqlQuery>

bool MissingProfileFixer::readyTogether(const QList<MissingProfileFixer> &fixers, FixResult &result)
{
    if (fixers.isEmpty()) {
        result.ok = true;
        return false;
    }
    for (const MissingProfileFixer &fixer : fixers) {
        if (!fixer.m_plan.isValid()) {
            result.errorText = fixer.m_plan.errorText();
            return false;
        }
    }
    return true;
}

bool MissingProfileFixer::beginTogether(const QList<MissingProfileFixer> &fixers, bool keyRangeBatches,
                                        QSqlQuery &control, FixResult &result)
{
    if (!readyTogether(fixers, result))
        return false;
    const MissingProfileFixer &first = fixers.first();
    control = QSqlQuery(first.m_db);
    if (keyRangeBatches ? first.beginKeyRangeBatches(control) : first.begin(control))
        return true;
    result = first.fail(control, QStringLiteral("Starting the transaction"), control.lastError());
    return false;
}

FixResult MissingProfileFixer::createMissingTogether(const QList<MissingProfileFixer> &fixers,
                                                     const Progress &progress, qint64 batchSize)
{
    QElapsedTimer timer;
    timer.start();
    FixResult result;
    QSqlQuery control;
    if (!beginTogether(fixers, true, control, result))
        return result;
    const MissingProfileFixer &first = fixers.first();
    const qint64 tables = fixers.size();
    for (qint64 index = 0; index < tables; ++index) {
        MissingProfileFixer joined = fixers.at(index);
        joined.m_joined = true;
        // Every table is scanned over the same user keys, so each one is an equal share of the work.
        const Progress across = [&](qint64 done, qint64 total) {
            return !progress || progress(index * total + done, tables * total);
        };
        FixResult step = joined.createMissing(across, batchSize);
        // A failed or cancelled step has rolled back the whole transaction already.
        if (!step.ok) {
            if (tables > 1 && !step.cancelled)
                step.errorText =
                    QStringLiteral("%1: %2").arg(joined.m_schema.profileTable.display(), step.errorText);
            return step;
        }
        result.created += step.created;
        result.createdByTable.append(step.created);
        // The lowest of the tables' last keys: every table covered its users up to it.
        if (index == 0 || step.lastUserKey.isNull() ||
            (!result.lastUserKey.isNull() && step.lastUserKey.toLongLong() < result.lastUserKey.toLongLong()))
            result.lastUserKey = step.lastUserKey;
    }
    if (!control.exec(QStringLiteral("COMMIT")))
        return first.commitFailed(control);
    result.ok = true;
    result.seconds = timer.nsecsElapsed() / 1e9;
    return result;
}

FixResult MissingProfileFixer::createForTogether(const QList<MissingProfileFixer> &fixers,
                                                 const QVariantList &userKeys)
{
    QElapsedTimer timer;
    timer.start();
    FixResult result;
    QSqlQuery control;
    if (!beginTogether(fixers, false, control, result))
        return result;
    const MissingProfileFixer &first = fixers.first();
    for (const MissingProfileFixer &fixer : fixers) {
        MissingProfileFixer joined = fixer;
        joined.m_joined = true;
        FixResult step = joined.createFor(userKeys);
        // A failed step has rolled back the whole transaction already.
        if (!step.ok) {
            if (fixers.size() > 1)
                step.errorText =
                    QStringLiteral("%1: %2").arg(joined.m_schema.profileTable.display(), step.errorText);
            return step;
        }
        result.created += step.created;
        result.skipped += step.skipped;
        result.createdByTable.append(step.created);
        result.skippedByTable.append(step.skipped);
    }
    if (!control.exec(QStringLiteral("COMMIT")))
        return first.commitFailed(control);
    result.ok = true;
    result.seconds = timer.nsecsElapsed() / 1e9;
    return result;
}
