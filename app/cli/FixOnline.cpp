#include "FixCommand.h"

#include "DatabaseEngine.h"
#include "ProfileCreationRunner.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>

#include <cmath>

namespace {

const QString BatchCommit = QStringLiteral("batch-commit");
const QString MaxReplicaLag = QStringLiteral("max-replica-lag");
const QString MaxRate = QStringLiteral("max-rate");

// How often a wait for the replicas is said again while it lasts.
constexpr qint64 WaitRepeatMs = 10000;

QString seconds(double value)
{
    return QString::number(qMax<qint64>(0, qint64(std::ceil(value))));
}

} // namespace

QString FixCommand::invalidOnlineOptions() const
{
    if (!isSet(BatchCommit)) {
        if (isSet(MaxReplicaLag) || isSet(MaxRate))
            return QStringLiteral(
                "--max-replica-lag and --max-rate pace --batch-commit; give --batch-commit N");
        return {};
    }
    bool ok = false;
    const qint64 size = value(BatchCommit).toLongLong(&ok);
    if (!ok || size < 1)
        return QStringLiteral("--batch-commit needs a whole number of profiles above 0, not '%1'")
            .arg(value(BatchCommit));
    if (isSet(QStringLiteral("sql")))
        return QStringLiteral("--sql writes one transaction; it does not go with --batch-commit");
    if (isSet(QStringLiteral("via-django")))
        return QStringLiteral("--via-django creates the profiles in one transaction.atomic(); it does not go "
                              "with --batch-commit");
    if (isSet(MaxReplicaLag)) {
        const double lag = value(MaxReplicaLag).toDouble(&ok);
        if (!ok || !(lag >= 0) || !std::isfinite(lag))
            return QStringLiteral("--max-replica-lag needs a number of seconds, 0 or more, not '%1'")
                .arg(value(MaxReplicaLag));
    }
    if (isSet(MaxRate)) {
        const double rate = value(MaxRate).toDouble(&ok);
        if (!ok || !(rate > 0) || !std::isfinite(rate))
            return QStringLiteral("--max-rate needs a number of profiles per second above 0, not '%1'")
                .arg(value(MaxRate));
    }
    return {};
}

OnlineOptions FixCommand::onlineOptions(qint64 expectedProfiles) const
{
    OnlineOptions options;
    options.batchSize = value(BatchCommit).toLongLong();
    if (isSet(MaxReplicaLag))
        options.maxReplicaLagSeconds = value(MaxReplicaLag).toDouble();
    if (isSet(MaxRate))
        options.maxRate = value(MaxRate).toDouble();
    options.expectedProfiles = expectedProfiles;
    return options;
}

QString FixCommand::onlinePlanText(qint64 missing) const
{
    const OnlineOptions options = onlineOptions(missing);
    const qint64 batches = (missing + options.batchSize - 1) / options.batchSize;
    QString text = QStringLiteral("Online mode: would commit every %1 profiles (%2 transactions), waiting "
                                  "before a batch while a streaming replica's replay lag is above %3 s")
                       .arg(formatCount(options.batchSize), formatCount(batches),
                            QString::number(options.maxReplicaLagSeconds));
    if (options.maxRate > 0)
        text += QStringLiteral(" and keeping to %1 profiles/s").arg(QString::number(options.maxRate));
    return text + QStringLiteral("; a run that stops keeps its committed batches, and running fix again "
                                 "creates the rest.");
}

int FixCommand::runOnline(DatabaseSession &session, const QList<TablePlan> &tables,
                          const QList<MissingProfileFixer> &fixers, const QList<ProfileCounts> &before)
{
    QList<ProfileSchema> schemas;
    QList<FillPlan> plans;
    qint64 totalMissing = 0;
    for (qsizetype i = 0; i < tables.size(); ++i) {
        schemas.append(tables.at(i).schema);
        plans.append(tables.at(i).plan);
        totalMissing += before.at(i).missing;
    }
    const OnlineOptions options = onlineOptions(totalMissing);
    if (session.engine().walPositionQuery().isEmpty() && isSet(MaxReplicaLag))
        m_io.err << session.engine().displayName() << ": replica lag is not watched on this engine; only "
                 << (options.maxRate > 0 ? "--max-rate and " : "") << "the batch size pace the run."
                 << Qt::endl;

    ProfileCreationRunner runner;
    QElapsedTimer lastReport;
    lastReport.start();
    QElapsedTimer waiting; // since the current wait for the replicas was last said, invalid when not waiting
    bool progressShown = false;
    QObject::connect(&runner, &ProfileCreationRunner::onlineProgress, &runner, [&](const OnlineProgress &p) {
        const auto clearLine = [&] {
            if (progressShown)
                m_io.err << "\r" << QString(78, QLatin1Char(' ')) << "\r";
            progressShown = false;
        };
        if (!p.notice.isEmpty()) {
            clearLine();
            m_io.err << p.notice << Qt::endl;
        }
        if (p.waitingForReplicas) {
            if (!waiting.isValid() || waiting.elapsed() >= WaitRepeatMs) {
                clearLine();
                m_io.err << "waiting for replicas (lag " << seconds(p.replicaLagSeconds) << " s)" << Qt::endl;
                waiting.start();
            }
            return;
        }
        waiting.invalidate();
        if (m_io.interactive && lastReport.elapsed() > 250) {
            m_io.err << "\rcommitted " << formatCount(p.committed);
            if (p.expected >= 0)
                m_io.err << " of " << formatCount(p.expected);
            m_io.err << " profiles in " << formatCount(p.batches) << " batches, "
                     << formatCount(qint64(p.rate)) << "/s";
            if (p.secondsLeft >= 0)
                m_io.err << ", " << seconds(p.secondsLeft) << " s left";
            m_io.err << (p.waitingForRate ? " (keeping to --max-rate)" : "") << "   " << Qt::flush;
            progressShown = true;
            lastReport.restart();
        }
    });
    const FixResult result = runner.createMissingOnlineNow(session.connection(), schemas, plans, options);
    if (progressShown)
        m_io.err << "\r" << QString(78, QLatin1Char(' ')) << "\r" << Qt::flush;

    const ProfileSchema &schema = schemas.first();
    // The committed batches stay whatever stopped the run; on the command line, running fix again finishes.
    const QString failure =
        result.ok ? QString()
        : result.cancelled
            ? result.errorText + QStringLiteral(" Running fix again creates the rest.")
            : result.errorText +
                  QStringLiteral(
                      " %1 profiles committed in %2 earlier batches stay; running fix again creates "
                      "the rest.")
                      .arg(result.created)
                      .arg(result.batches);
    const auto jsonReport = [&](const QList<qint64> &missingAfter) {
        QJsonObject object{{QStringLiteral("created"), result.created},
                           {QStringLiteral("committed_batches"), result.batches},
                           {QStringLiteral("batch_commit"), options.batchSize},
                           {QStringLiteral("users"), before.first().users},
                           {QStringLiteral("missing_before"), before.first().missing},
                           {QStringLiteral("seconds"), result.seconds},
                           {QStringLiteral("user_table"), schema.userTable.display()},
                           {QStringLiteral("profile_table"), schema.profileTable.display()},
                           {QStringLiteral("link_column"), schema.linkColumn}};
        if (!missingAfter.isEmpty())
            object.insert(QStringLiteral("missing_after"), missingAfter.first());
        if (!result.ok)
            object.insert(QStringLiteral("error"), failure);
        if (tables.size() > 1) {
            QJsonArray perTable;
            for (qsizetype i = 0; i < tables.size(); ++i) {
                QJsonObject entry{{QStringLiteral("profile_table"), schemas.at(i).profileTable.display()},
                                  {QStringLiteral("link_column"), schemas.at(i).linkColumn},
                                  {QStringLiteral("missing_before"), before.at(i).missing},
                                  {QStringLiteral("created"), result.createdByTable.value(i)}};
                if (!missingAfter.isEmpty())
                    entry.insert(QStringLiteral("missing_after"), missingAfter.at(i));
                perTable.append(entry);
            }
            object.insert(QStringLiteral("tables"), perTable);
        }
        printJson(object);
    };
    if (!result.ok) {
        if (json())
            jsonReport({});
        return fail(failure);
    }

    // Counted once, before the run: the batches' own row counts say what was created, and afterwards only
    // the users beyond the last key the run read can lack a profile.
    QList<qint64> missingAfter;
    qint64 remaining = 0;
    for (const MissingProfileFixer &fixer : fixers) {
        QString error;
        const qint64 missing = fixer.missingAfter(result, &error);
        if (!error.isEmpty())
            return fail(QStringLiteral("The profiles were created and committed, but counting afterwards "
                                       "failed: %1")
                            .arg(error));
        missingAfter.append(missing);
        remaining += missing;
    }
    if (json())
        jsonReport(missingAfter);
    const QString where =
        tables.size() == 1
            ? QString(QStringLiteral("in ") + schema.profileTable.display())
            : QString(QStringLiteral("(") + tableList(tables, result.createdByTable) + QStringLiteral(")"));
    human() << "Created " << formatCount(result.created) << " profiles " << where << " in "
            << formatCount(result.batches) << " committed batches in "
            << QString::number(result.seconds, 'f', 2) << " s; " << formatCount(remaining)
            << (tables.size() == 1 ? " users without a profile remain." : " missing profiles remain.")
            << Qt::endl;
    return Success;
}
