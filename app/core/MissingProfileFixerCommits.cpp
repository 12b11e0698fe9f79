// MissingProfileFixer's online mode: committed batches chosen by keyset on the user key.
#include "DatabaseEngine.h"
#include "MissingProfileFixer.h"
#include "OnlinePacer.h"

#include <QElapsedTimer>
#include <QSqlQuery>

namespace {

const QString After = QStringLiteral(":after");
const QString Last = QStringLiteral(":last");

// A failure once batches may have been committed: they stay, counted in the result, and each front end
// says so in its own words (the command line and the window offer different ways to finish the job).
void keepCommitted(FixResult &result, qint64 created, qint64 batches)
{
    result.created = created;
    result.batches = batches;
    // fail() speaks of one transaction; here only the batch that failed was rolled back.
    result.errorText.replace(QStringLiteral("nothing was written"),
                             QStringLiteral("that batch was not written"));
    // And it says how to go on in the command line's words, which the front end's sentence replaces.
    result.errorText.replace(QStringLiteral("Check that the server is running, then run the command again."),
                             QStringLiteral("Check that the server is running."));
    result.errorText.replace(
        QStringLiteral(
            "not known whether the profiles were created; run check to see, then fix again if needed "
            "(it never creates a profile twice)."),
        QStringLiteral(
            "not known whether that batch's profiles were created (a run that finishes the job never "
            "creates a profile twice)."));
}

} // namespace

QString MissingProfileFixer::nextBatchStatement(bool first) const
{
    // The profile side is narrowed to the same keyset, for the reason profileKeyRange() gives.
    const QString key = quoted(m_schema.userKey);
    const QString link = quoted(m_schema.linkColumn);
    return QStringLiteral("SELECT u.%1 FROM %2 u WHERE %3%4 ORDER BY u.%1 LIMIT :n")
        .arg(key, quoted(m_schema.userTable),
             first ? QString() : QStringLiteral("u.%1 > :after AND ").arg(key),
             missingCondition(first ? QString() : QStringLiteral(" AND p.%1 > :after").arg(link)));
}

QString MissingProfileFixer::batchRange(bool first) const
{
    // Exactly the users chosen, and any that have come to lack a profile between them since.
    const QString key = quoted(m_schema.userKey);
    return first ? QStringLiteral("u.%1 <= :last AND ").arg(key)
                 : QStringLiteral("u.%1 > :after AND u.%1 <= :last AND ").arg(key);
}

QString MissingProfileFixer::batchInsertStatement(bool first) const
{
    const QString link = quoted(m_schema.linkColumn);
    const QString profileRange = first ? QStringLiteral(" AND p.%1 <= :last").arg(link)
                                       : QStringLiteral(" AND p.%1 > :after AND p.%1 <= :last").arg(link);
    return statement(insertValues(ValueForm::Bound), batchRange(first), profileRange);
}

bool MissingProfileFixer::beginKeysetBatch(QSqlQuery &control) const
{
    if (!beginKeyRangeBatches(control))
        return false;
    const QStringList statements = m_engine->keysetBatchStatements();
    for (const QString &statement : statements) {
        if (!control.exec(statement))
            return false;
    }
    return true;
}

FixResult MissingProfileFixer::commitBatches(OnlinePacer &pacer) const
{
    FixResult result;
    const qint64 size = qMax<qint64>(1, pacer.options().batchSize);
    QVariant after;
    for (;;) {
        if (!pacer.waitForNextBatch()) {
            result.cancelled = true;
            break;
        }
        const bool first = after.isNull();
        QSqlQuery control(m_db);
        if (!beginKeysetBatch(control)) {
            FixResult failed =
                fail(control, QStringLiteral("Starting a batch's transaction"), control.lastError());
            keepCommitted(failed, result.created, result.batches);
            return failed;
        }
        // Read before the batch is chosen, so the choice sees every user up to it: when this batch is the
        // last, missingAfter() need count only the users beyond it.
        QSqlQuery highest(m_db);
        if (!highest.exec(QStringLiteral("SELECT max(%1) FROM %2")
                              .arg(quoted(m_schema.userKey), quoted(m_schema.userTable))) ||
            !highest.next()) {
            FixResult failed = fail(control, QStringLiteral("Reading the user keys"), highest.lastError());
            keepCommitted(failed, result.created, result.batches);
            return failed;
        }
        const QVariant readUpTo = highest.value(0);
        highest.finish();
        QSqlQuery select(m_db);
        select.setForwardOnly(true);
        select.prepare(nextBatchStatement(first));
        if (!first)
            select.bindValue(After, after);
        select.bindValue(QStringLiteral(":n"), size);
        if (!select.exec()) {
            FixResult failed =
                fail(control, QStringLiteral("Choosing the next batch of users"), select.lastError());
            keepCommitted(failed, result.created, result.batches);
            return failed;
        }
        qint64 chosen = 0;
        QVariant last;
        while (select.next()) {
            last = select.value(0);
            ++chosen;
        }
        select.finish();
        if (chosen == 0) {
            control.exec(QStringLiteral("ROLLBACK"));
            result.lastUserKey = readUpTo;
            break;
        }
        const QString range = batchRange(first);
        QVariantMap binds{{Last, last}};
        if (!first)
            binds.insert(After, after);
        QSqlQuery insert(m_db);
        if (!insert.prepare(batchInsertStatement(first))) {
            FixResult failed = fail(control, QStringLiteral("Preparing the INSERT"), insert.lastError());
            keepCommitted(failed, result.created, result.batches);
            return failed;
        }
        bindPlanValues(insert);
        for (auto it = binds.cbegin(); it != binds.cend(); ++it)
            insert.bindValue(it.key(), it.value());
        if (!insert.exec()) {
            FixResult failed =
                fail(control, QStringLiteral("Creating the missing profiles"), insert.lastError());
            keepCommitted(failed, result.created, result.batches);
            return failed;
        }
        const qint64 rows = insert.numRowsAffected();
        insert.finish();
        FixResult checked;
        if (!noneLeftMissing(control, range, binds, checked)) {
            keepCommitted(checked, result.created, result.batches);
            return checked;
        }
        if (!control.exec(QStringLiteral("COMMIT"))) {
            FixResult failed = commitFailed(control);
            keepCommitted(failed, result.created, result.batches);
            return failed;
        }
        result.created += rows;
        ++result.batches;
        after = last;
        if (!pacer.committed(rows)) {
            result.cancelled = true;
            break;
        }
        // Fewer than asked for: no user after these lacked a profile when the batch was chosen.
        if (chosen < size) {
            result.lastUserKey = readUpTo;
            break;
        }
    }
    if (result.cancelled)
        result.errorText = QStringLiteral("Cancelled after %1 profiles in %2 committed batches, which stay.")
                               .arg(pacer.committedProfiles())
                               .arg(pacer.committedBatches());
    else
        result.ok = true;
    return result;
}

FixResult MissingProfileFixer::createMissingInBatches(const OnlineOptions &options,
                                                      const OnlineReport &report) const
{
    return createMissingInBatches(QList<MissingProfileFixer>{*this}, options, report);
}

FixResult MissingProfileFixer::createMissingInBatches(const QList<MissingProfileFixer> &fixers,
                                                      const OnlineOptions &options,
                                                      const OnlineReport &report)
{
    FixResult result;
    for (const MissingProfileFixer &fixer : fixers) {
        if (!fixer.m_plan.isValid()) {
            result.errorText = fixer.m_plan.errorText();
            return result;
        }
    }
    if (fixers.isEmpty()) {
        result.ok = true;
        return result;
    }
    QElapsedTimer timer;
    timer.start();
    OnlinePacer pacer(fixers.first().m_db, options, report);
    if (!pacer.begin()) {
        result.cancelled = true;
        result.errorText = QStringLiteral("Cancelled; nothing was written.");
        return result;
    }
    for (const MissingProfileFixer &fixer : fixers) {
        FixResult step = fixer.commitBatches(pacer);
        result.created += step.created;
        result.batches += step.batches;
        result.createdByTable.append(step.created);
        // The lowest of the tables' last keys: every table covered its users up to it.
        if (result.createdByTable.size() == 1 || step.lastUserKey.isNull() ||
            (!result.lastUserKey.isNull() &&
             QVariant::compare(step.lastUserKey, result.lastUserKey) == QPartialOrdering::Less))
            result.lastUserKey = step.lastUserKey;
        if (!step.ok) {
            // The counts so far are over every table, the message too.
            step.created = result.created;
            step.batches = result.batches;
            step.createdByTable = result.createdByTable;
            if (fixers.size() > 1)
                step.errorText =
                    QStringLiteral("%1: %2").arg(fixer.m_schema.profileTable.display(), step.errorText);
            step.seconds = timer.nsecsElapsed() / 1e9;
            return step;
        }
    }
    result.ok = true;
    result.seconds = timer.nsecsElapsed() / 1e9;
    return result;
}
