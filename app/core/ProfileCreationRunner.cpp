#include "ProfileCreationRunner.h"

#include "Connection.h"
#include "DatabaseWorker.h"

namespace {

FixResult alreadyRunning()
{
    FixResult result;
    result.errorText = QStringLiteral("Profiles are being created already; wait until that has finished.");
    return result;
}

} // namespace

ProfileCreationRunner::ProfileCreationRunner(QObject *parent)
    : QObject(parent)
    , m_cancelled(std::make_shared<std::atomic<bool>>(false))
{}

ProfileCreationRunner::~ProfileCreationRunner()
{
    cancel();
}

void ProfileCreationRunner::cancel()
{
    m_cancelled->store(true);
}

bool ProfileCreationRunner::isCancelled() const
{
    return m_cancelled->load();
}

bool ProfileCreationRunner::start(const QVariantList &userKeys)
{
    if (m_running)
        return false;
    m_running = true;
    m_cancelled->store(false);
    m_userKeys = userKeys;
    return true;
}

bool ProfileCreationRunner::createMissing(DatabaseWorker &writer, const ProfileSchema &schema,
                                          const FillPlan &plan)
{
    if (!start({}))
        return false;
    run(writer, schema, plan, false);
    return true;
}

bool ProfileCreationRunner::createFor(DatabaseWorker &writer, const ProfileSchema &schema,
                                      const FillPlan &plan, const QVariantList &userKeys)
{
    if (!start(userKeys))
        return false;
    run(writer, schema, plan, true);
    return true;
}

bool ProfileCreationRunner::createMissing(DatabaseWorker &writer, const QList<ProfileSchema> &schemas,
                                          const QList<FillPlan> &plans)
{
    if (!start({}))
        return false;
    runTogether(writer, schemas, plans, false);
    return true;
}

bool ProfileCreationRunner::createFor(DatabaseWorker &writer, const QList<ProfileSchema> &schemas,
                                      const QList<FillPlan> &plans, const QVariantList &userKeys)
{
    if (!start(userKeys))
        return false;
    runTogether(writer, schemas, plans, true);
    return true;
}

void ProfileCreationRunner::runTogether(DatabaseWorker &writer, const QList<ProfileSchema> &schemas,
                                        const QList<FillPlan> &plans, bool forUsers)
{
    writer.runReporting<Step>(
        this,
        [schemas, plans, forUsers, keys = m_userKeys, batchSize = m_batchSize,
         cancelled = m_cancelled](Connection &connection, const DatabaseWorker::Report<Step> &report) {
            Step last;
            last.last = true;
            last.result = executeTogether(
                connection, schemas, plans, keys, forUsers, batchSize, *cancelled,
                [&report](qint64 done, qint64 total) { report(Step::progressOf(done, total)); });
            report(last);
        },
        [this](const Step &reported) { step(reported); });
}

FixResult ProfileCreationRunner::runTogetherNow(Connection &connection, const QList<ProfileSchema> &schemas,
                                                const QList<FillPlan> &plans, bool forUsers)
{
    Step last;
    last.last = true;
    last.result = executeTogether(connection, schemas, plans, m_userKeys, forUsers, m_batchSize, *m_cancelled,
                                  [this](qint64 done, qint64 total) { step(Step::progressOf(done, total)); });
    step(last);
    return last.result;
}

FixResult ProfileCreationRunner::createMissingNow(Connection &connection, const ProfileSchema &schema,
                                                  const FillPlan &plan)
{
    if (!start({}))
        return alreadyRunning();
    return runNow(connection, schema, plan, false);
}

FixResult ProfileCreationRunner::createMissingNow(Connection &connection, const QList<ProfileSchema> &schemas,
                                                  const QList<FillPlan> &plans)
{
    if (!start({}))
        return alreadyRunning();
    return runTogetherNow(connection, schemas, plans, false);
}

FixResult ProfileCreationRunner::createForNow(Connection &connection, const QList<ProfileSchema> &schemas,
                                              const QList<FillPlan> &plans, const QVariantList &userKeys)
{
    if (!start(userKeys))
        return alreadyRunning();
    return runTogetherNow(connection, schemas, plans, true);
}

FixResult ProfileCreationRunner::createForNow(Connection &connection, const ProfileSchema &schema,
                                              const FillPlan &plan, const QVariantList &userKeys)
{
    if (!start(userKeys))
        return alreadyRunning();
    return runNow(connection, schema, plan, true);
}

void ProfileCreationRunner::run(DatabaseWorker &writer, const ProfileSchema &schema, const FillPlan &plan,
                                bool forUsers)
{
    writer.runReporting<Step>(
        this,
        [schema, plan, forUsers, keys = m_userKeys, batchSize = m_batchSize,
         cancelled = m_cancelled](Connection &connection, const DatabaseWorker::Report<Step> &report) {
            Step last;
            last.last = true;
            last.result =
                execute(connection, schema, plan, keys, forUsers, batchSize, *cancelled,
                        [&report](qint64 done, qint64 total) { report(Step::progressOf(done, total)); });
            report(last);
        },
        [this](const Step &reported) { step(reported); });
}

FixResult ProfileCreationRunner::runNow(Connection &connection, const ProfileSchema &schema,
                                        const FillPlan &plan, bool forUsers)
{
    Step last;
    last.last = true;
    last.result = execute(connection, schema, plan, m_userKeys, forUsers, m_batchSize, *m_cancelled,
                          [this](qint64 done, qint64 total) { step(Step::progressOf(done, total)); });
    step(last);
    return last.result;
}

ProfileCreationRunner::Step ProfileCreationRunner::Step::progressOf(qint64 done, qint64 total)
{
    Step step;
    step.done = done;
    step.total = total;
    return step;
}

ProfileCreationRunner::Step ProfileCreationRunner::Step::onlineOf(const OnlineProgress &progress)
{
    Step step;
    step.isOnline = true;
    step.online = progress;
    return step;
}

void ProfileCreationRunner::step(const Step &step)
{
    if (!step.last) {
        // A progress report already on its way when the user cancelled would move the bar again.
        if (m_cancelled->load())
            return;
        if (step.isOnline)
            Q_EMIT onlineProgress(step.online);
        else
            Q_EMIT progress(step.done, step.total);
        return;
    }
    m_running = false;
    Q_EMIT finished(step.result);
}

FixResult ProfileCreationRunner::execute(Connection &connection, const ProfileSchema &schema,
                                         const FillPlan &plan, const QVariantList &userKeys, bool forUsers,
                                         qint64 batchSize, const std::atomic<bool> &cancelled,
                                         const std::function<void(qint64 done, qint64 total)> &progress)
{
    if (!connection.isOpen()) {
        FixResult result;
        result.errorText = connection.errorText();
        return result;
    }
    const MissingProfileFixer fixer(connection.database(), schema, plan);
    if (forUsers)
        return fixer.createFor(userKeys);
    return fixer.createMissing(
        [&](qint64 done, qint64 total) {
            progress(done, total);
            return !cancelled.load();
        },
        batchSize);
}

FixResult
ProfileCreationRunner::executeTogether(Connection &connection, const QList<ProfileSchema> &schemas,
                                       const QList<FillPlan> &plans, const QVariantList &userKeys,
                                       bool forUsers, qint64 batchSize, const std::atomic<bool> &cancelled,
                                       const std::function<void(qint64 done, qint64 total)> &progress)
{
    if (!connection.isOpen()) {
        FixResult result;
        result.errorText = connection.errorText();
        return result;
    }
    QList<MissingProfileFixer> fixers;
    for (qsizetype i = 0; i < schemas.size(); ++i)
        fixers.append(MissingProfileFixer(connection.database(), schemas.at(i), plans.at(i)));
    if (forUsers)
        return MissingProfileFixer::createForTogether(fixers, userKeys);
    return MissingProfileFixer::createMissingTogether(
        fixers,
        [&](qint64 done, qint64 total) {
            progress(done, total);
            return !cancelled.load();
        },
        batchSize);
}

bool ProfileCreationRunner::createMissingOnline(DatabaseWorker &writer, const QList<ProfileSchema> &schemas,
                                                const QList<FillPlan> &plans, const OnlineOptions &options)
{
    if (!start({}))
        return false;
    writer.runReporting<Step>(
        this,
        [schemas, plans, options, cancelled = m_cancelled](Connection &connection,
                                                           const DatabaseWorker::Report<Step> &report) {
            Step last;
            last.last = true;
            last.result = executeOnline(
                connection, schemas, plans, options, *cancelled,
                [&report](const OnlineProgress &progress) { report(Step::onlineOf(progress)); });
            report(last);
        },
        [this](const Step &reported) { step(reported); });
    return true;
}

FixResult ProfileCreationRunner::createMissingOnlineNow(Connection &connection,
                                                        const QList<ProfileSchema> &schemas,
                                                        const QList<FillPlan> &plans,
                                                        const OnlineOptions &options)
{
    if (!start({}))
        return alreadyRunning();
    Step last;
    last.last = true;
    last.result = executeOnline(connection, schemas, plans, options, *m_cancelled,
                                [this](const OnlineProgress &progress) { step(Step::onlineOf(progress)); });
    step(last);
    return last.result;
}

FixResult
ProfileCreationRunner::executeOnline(Connection &connection, const QList<ProfileSchema> &schemas,
                                     const QList<FillPlan> &plans, const OnlineOptions &options,
                                     const std::atomic<bool> &cancelled,
                                     const std::function<void(const OnlineProgress &progress)> &progress)
{
    if (!connection.isOpen()) {
        FixResult result;
        result.errorText = connection.errorText();
        return result;
    }
    QList<MissingProfileFixer> fixers;
    for (qsizetype i = 0; i < schemas.size(); ++i)
        fixers.append(MissingProfileFixer(connection.database(), schemas.at(i), plans.at(i)));
    return MissingProfileFixer::createMissingInBatches(fixers, options, [&](const OnlineProgress &reported) {
        progress(reported);
        return !cancelled.load();
    });
}
