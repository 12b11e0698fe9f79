#include "FixupBenchmark.h"

#include "BenchOptions.h"
#include "CommandRunner.h"
#include "Connection.h"
#include "DatabaseSession.h"
#include "Dataset.h"
#include "FillPlan.h"
#include "Interruption.h"
#include "MissingProfileFixer.h"
#include "PeakMemory.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

#include <vector>

namespace {

// The floor: what a DBA would type for the benchmark's classic schema, with the values the fixer's plan
// gives (date_of_birth is nullable, photo is NOT NULL text). One statement, one transaction, no batching and
// no ON CONFLICT.
const char FloorSql[] = "INSERT INTO account_profile (date_of_birth, photo, user_id) "
                        "SELECT NULL, '', u.id FROM auth_user u "
                        "WHERE NOT EXISTS (SELECT 1 FROM account_profile p WHERE p.user_id = u.id)";
// The loop's sample stops early after the time budget, but not before this many users.
constexpr qint64 MinLoopRows = 200;

double seconds(const QElapsedTimer &timer)
{
    return timer.nsecsElapsed() / 1e9;
}

QJsonArray toArray(const QList<double> &values)
{
    QJsonArray array;
    for (double value : values)
        array.append(value);
    return array;
}

// Users without a profile, counted by SQL of our own (not the fixer's).
qint64 countMissing(const QSqlDatabase &db, QString *error)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT count(*) FROM auth_user u WHERE NOT EXISTS "
                               "(SELECT 1 FROM account_profile p WHERE p.user_id = u.id)")) ||
        !q.next()) {
        *error = QStringLiteral("Counting the users without a profile failed: %1").arg(q.lastError().text());
        return -1;
    }
    return q.value(0).toLongLong();
}

} // namespace

QJsonObject FixupFigures::toJson() const
{
    return {
        {QStringLiteral("users"), users},
        {QStringLiteral("missing"), missing},
        {QStringLiteral("fix"), QJsonObject{{QStringLiteral("seconds"), fixSeconds},
                                            {QStringLiteral("runs"), toArray(fixRuns)},
                                            {QStringLiteral("created"), fixCreated},
                                            {QStringLiteral("batches"), fixBatches},
                                            {QStringLiteral("peak_rss_bytes"), fixPeakBytes},
                                            {QStringLiteral("after_last_batch_seconds"), fixTailSeconds},
                                            {QStringLiteral("sql"), fixSql}}},
        {QStringLiteral("fix_command"), QJsonObject{{QStringLiteral("seconds"), commandSeconds},
                                                    {QStringLiteral("runs"), toArray(commandRuns)}}},
        {QStringLiteral("fix_command_over_floor"), commandOverFloor()},
        {QStringLiteral("check_command"), QJsonObject{{QStringLiteral("seconds"), checkSeconds},
                                                      {QStringLiteral("runs"), toArray(checkRuns)}}},
        {QStringLiteral("fix_command_over_floor_pass"),
         commandOverFloor() <= FixupBenchmark::MaxFixOverFloor},
        {QStringLiteral("floor"), QJsonObject{{QStringLiteral("seconds"), floorSeconds},
                                              {QStringLiteral("runs"), toArray(floorRuns)},
                                              {QStringLiteral("created"), floorCreated},
                                              {QStringLiteral("commit_seconds"), floorCommitSeconds},
                                              {QStringLiteral("sql"), floorSql}}},
        {QStringLiteral("floor_on_conflict"), QJsonObject{{QStringLiteral("seconds"), conflictSeconds},
                                                          {QStringLiteral("runs"), toArray(conflictRuns)},
                                                          {QStringLiteral("sql"), conflictSql}}},
        {QStringLiteral("fix_over_floor_on_conflict"), fixOverConflict()},
        {QStringLiteral("loop"), QJsonObject{{QStringLiteral("seconds_extrapolated"), loopSeconds},
                                             {QStringLiteral("extrapolated"), loopSampleRows < missing},
                                             {QStringLiteral("sample_rows"), loopSampleRows},
                                             {QStringLiteral("sample_seconds"), loopSampleSeconds},
                                             {QStringLiteral("select_seconds"), loopSelectSeconds},
                                             {QStringLiteral("sql"), loopSql}}},
        {QStringLiteral("fix_over_floor"), fixOverFloor()},
        {QStringLiteral("fix_over_floor_target_max"), FixupBenchmark::MaxFixOverFloor},
        {QStringLiteral("fix_over_floor_pass"), fixOverFloor() <= FixupBenchmark::MaxFixOverFloor},
        {QStringLiteral("loop_over_fix"), loopOverFix()},
        {QStringLiteral("loop_over_fix_target_min"), FixupBenchmark::MinLoopOverFix},
        {QStringLiteral("loop_over_fix_pass"), loopOverFix() >= FixupBenchmark::MinLoopOverFix},
    };
}

FixupBenchmark::FixupBenchmark(Dataset &dataset, qint64 users, const BenchOptions &options)
    : m_dataset(dataset)
    , m_users(users)
    , m_repeat(options.repeat)
    , m_loopSample(options.loopSample)
    , m_loopBudget(options.loopBudget)
    , m_batchSize(options.batchSize)
{}

bool FixupBenchmark::run(FixupFigures *figures, QString *error)
{
    figures->users = m_users;
    figures->floorSql = QString::fromLatin1(FloorSql);
    figures->conflictSql = QString::fromLatin1(FloorSql) + m_dataset.handWritten().guardClause;
    // Each measurement on its own fresh copy; the fixer and the floor alternate so that neither always runs
    // on a warmer or colder machine.
    using Step = bool (FixupBenchmark::*)(const DatabaseUrl &, FixupFigures *, QString *);
    QList<QPair<QString, Step>> steps;
    for (int i = 1; i <= m_repeat; ++i) {
        steps.append({QStringLiteral("fix%1").arg(i), &FixupBenchmark::timeFixer});
        steps.append({QStringLiteral("floor%1").arg(i), &FixupBenchmark::timeFloor});
        steps.append({QStringLiteral("command%1").arg(i), &FixupBenchmark::timeCommand});
        steps.append({QStringLiteral("conflict%1").arg(i), &FixupBenchmark::timeFloorWithConflict});
        steps.append({QStringLiteral("check%1").arg(i), &FixupBenchmark::timeCheck});
    }
    steps.append({QStringLiteral("loop"), &FixupBenchmark::timeLoop});
    for (const auto &[tag, step] : steps) {
        if (Interruption::requested()) {
            *error = QStringLiteral("Interrupted.");
            return false;
        }
        const DatabaseUrl url = m_dataset.copy(tag, error);
        if (!url.isValid())
            return false;
        const bool ok = (this->*step)(url, figures, error);
        m_dataset.drop(url);
        if (!ok)
            return false;
    }
    return true;
}

bool FixupBenchmark::timeFixer(const DatabaseUrl &url, FixupFigures *figures, QString *error)
{
    const DatabaseSession session(url, {QStringLiteral("bench-fix")});
    if (!session.isReady()) {
        *error = QStringLiteral("Could not open the benchmark database: %1").arg(session.errorText());
        return false;
    }
    Connection &connection = session.connection();
    const FillPlan plan = FillPlan::build(session.schema(), session.engine());
    const MissingProfileFixer fixer(connection.database(), session.schema(), plan);
    figures->fixSql = fixer.insertStatement();
    const qint64 before = countMissing(connection.database(), error);
    if (before < 0)
        return false;
    figures->missing = before;

    m_dataset.settle();
    PeakMemory::reset();
    int batches = 0;
    double lastReport = 0;
    QElapsedTimer timer;
    timer.start();
    const auto progress = [&](qint64, qint64) {
        ++batches;
        lastReport = seconds(timer);
        return !Interruption::requested();
    };
    const FixResult result =
        m_batchSize > 0 ? fixer.createMissing(progress, m_batchSize) : fixer.createMissing(progress);
    const double elapsed = seconds(timer);
    if (!result.ok) {
        *error = QStringLiteral("The fix-up failed: %1").arg(result.errorText);
        return false;
    }
    figures->fixPeakBytes = qMax(figures->fixPeakBytes, PeakMemory::peakBytes());
    const qint64 after = countMissing(connection.database(), error);
    if (after != 0 || result.created != before) {
        if (error->isEmpty())
            *error = QStringLiteral("The fix-up created %1 profiles for %2 users without one and left %3.")
                         .arg(result.created)
                         .arg(before)
                         .arg(after);
        return false;
    }
    if (figures->fixRuns.isEmpty() || elapsed < figures->fixSeconds) {
        figures->fixSeconds = elapsed;
        figures->fixTailSeconds = elapsed - lastReport;
    }
    figures->fixRuns.append(elapsed);
    figures->fixCreated = result.created;
    figures->fixBatches = batches;
    return true;
}

int FixupBenchmark::runCommand(const DatabaseUrl &url, const QString &command, QJsonObject *report,
                               double *elapsed, QString *output)
{
    QString out;
    QString err;
    QString in;
    QTextStream outStream(&out);
    QTextStream errStream(&err);
    QTextStream inStream(&in);
    QStringList arguments{QStringLiteral("profile-admin"), command, url.toStorableString(),
                          QStringLiteral("--json")};
    if (command == QLatin1String("fix"))
        arguments << QStringLiteral("--yes");
    // The command takes a password from libpq's environment, as under cron; the URL given keeps none.
    if (!url.password().isEmpty())
        qputenv("PGPASSWORD", url.password().toUtf8());
    m_dataset.settle();
    QElapsedTimer timer;
    timer.start();
    const int status = CommandRunner::run(arguments, CommandIo{outStream, errStream, inStream, false});
    *elapsed = seconds(timer);
    outStream.flush();
    errStream.flush();
    *report = QJsonDocument::fromJson(out.toUtf8()).object();
    *output = QString(out.trimmed() + QLatin1Char(' ') + err.trimmed()).trimmed();
    return status;
}

bool FixupBenchmark::timeCommand(const DatabaseUrl &url, FixupFigures *figures, QString *error)
{
    QJsonObject report;
    double elapsed = 0;
    QString output;
    const int status = runCommand(url, QStringLiteral("fix"), &report, &elapsed, &output);
    if (status != 0 || report.value(QStringLiteral("created")).toInteger(-1) != figures->missing ||
        report.value(QStringLiteral("missing_after")).toInteger(-1) != 0) {
        *error = QStringLiteral("The fix command failed (exit %1) or reported other counts than %2 created "
                                "and none left: %3")
                     .arg(status)
                     .arg(figures->missing)
                     .arg(output);
        return false;
    }
    if (figures->commandRuns.isEmpty() || elapsed < figures->commandSeconds)
        figures->commandSeconds = elapsed;
    figures->commandRuns.append(elapsed);
    return true;
}

bool FixupBenchmark::timeCheck(const DatabaseUrl &url, FixupFigures *figures, QString *error)
{
    QJsonObject report;
    double elapsed = 0;
    QString output;
    const int status = runCommand(url, QStringLiteral("check"), &report, &elapsed, &output);
    // check exits 1 when users lack a profile, which every benchmark database has.
    if (status != 1 || report.value(QStringLiteral("missing")).toInteger(-1) != figures->missing) {
        *error = QStringLiteral("The check command failed (exit %1) or counted other than %2 users without a "
                                "profile: %3")
                     .arg(status)
                     .arg(figures->missing)
                     .arg(output);
        return false;
    }
    if (figures->checkRuns.isEmpty() || elapsed < figures->checkSeconds)
        figures->checkSeconds = elapsed;
    figures->checkRuns.append(elapsed);
    return true;
}

bool FixupBenchmark::timeHandWritten(const DatabaseUrl &url, const QString &sql, double *elapsed,
                                     double *commitSeconds, QString *error)
{
    // Connection also turns on SQLite's foreign keys, as for the fixer, so both pay for the same checks.
    Connection connection(url, QStringLiteral("bench-floor"));
    if (!connection.isOpen()) {
        *error = connection.errorText();
        return false;
    }
    const qint64 before = countMissing(connection.database(), error);
    if (before < 0)
        return false;
    QSqlQuery q(connection.database());
    m_dataset.settle();
    QElapsedTimer timer;
    timer.start();
    bool ok = q.exec(m_dataset.handWritten().begin);
    ok = ok && q.exec(sql);
    const qint64 created = ok ? q.numRowsAffected() : 0;
    const double inserted = seconds(timer);
    ok = ok && q.exec(QStringLiteral("COMMIT"));
    *elapsed = seconds(timer);
    *commitSeconds = *elapsed - inserted;
    if (!ok) {
        *error = QStringLiteral("The hand-written INSERT failed: %1").arg(q.lastError().text());
        q.exec(QStringLiteral("ROLLBACK"));
        return false;
    }
    const qint64 after = countMissing(connection.database(), error);
    if (after != 0 || created != before) {
        if (error->isEmpty())
            *error = QStringLiteral("The hand-written INSERT created %1 profiles for %2 users without one.")
                         .arg(created)
                         .arg(before);
        return false;
    }
    return true;
}

bool FixupBenchmark::timeFloor(const DatabaseUrl &url, FixupFigures *figures, QString *error)
{
    double elapsed = 0;
    double commit = 0;
    if (!timeHandWritten(url, figures->floorSql, &elapsed, &commit, error))
        return false;
    if (figures->floorRuns.isEmpty() || elapsed < figures->floorSeconds) {
        figures->floorSeconds = elapsed;
        figures->floorCommitSeconds = commit;
    }
    figures->floorRuns.append(elapsed);
    figures->floorCreated = figures->missing;
    return true;
}

bool FixupBenchmark::timeFloorWithConflict(const DatabaseUrl &url, FixupFigures *figures, QString *error)
{
    double elapsed = 0;
    double commit = 0;
    if (!timeHandWritten(url, figures->conflictSql, &elapsed, &commit, error))
        return false;
    if (figures->conflictRuns.isEmpty() || elapsed < figures->conflictSeconds)
        figures->conflictSeconds = elapsed;
    figures->conflictRuns.append(elapsed);
    return true;
}

bool FixupBenchmark::timeLoop(const DatabaseUrl &url, FixupFigures *figures, QString *error)
{
    Connection connection(url, QStringLiteral("bench-loop"));
    if (!connection.isOpen()) {
        *error = connection.errorText();
        return false;
    }
    const HandWrittenSql handWritten = m_dataset.handWritten();
    const bool binds = handWritten.loopBinds;
    figures->loopSql = handWritten.loopSelect + QStringLiteral(";\n") + handWritten.loopInsert;
    m_dataset.settle();

    // The SELECT runs in full: its time does not scale with the sample.
    std::vector<qint64> ids;
    QElapsedTimer timer;
    timer.start();
    {
        QSqlQuery select(connection.database());
        // Forward-only streams the rows instead of holding 500,000 of them in QPSQL's result buffer.
        select.setForwardOnly(true);
        if (!select.exec(handWritten.loopSelect)) {
            *error = QStringLiteral("The loop's SELECT failed: %1").arg(select.lastError().text());
            return false;
        }
        while (select.next())
            ids.push_back(select.value(0).toLongLong());
    }
    figures->loopSelectSeconds = seconds(timer);
    if (ids.empty())
        return true;

    QSqlQuery insert(connection.database());
    if (binds && !insert.prepare(handWritten.loopInsert)) {
        *error = QStringLiteral("Preparing the loop's INSERT failed: %1").arg(insert.lastError().text());
        return false;
    }
    const qint64 limit = qMin<qint64>(m_loopSample, qint64(ids.size()));
    qint64 done = 0;
    timer.restart();
    for (; done < limit; ++done) {
        bool ok = false;
        if (binds) {
            insert.bindValue(0, ids[size_t(done)]);
            insert.bindValue(1, QVariant());
            insert.bindValue(2, QString(QLatin1String("")));
            ok = insert.exec();
        } else {
            // Django reads the new id back: from RETURNING where the statement has it, else from the driver.
            ok = insert.exec(handWritten.loopInsert.arg(ids[size_t(done)])) &&
                 (!insert.isSelect() || insert.next());
        }
        if (!ok) {
            *error = QStringLiteral("The loop's INSERT failed: %1").arg(insert.lastError().text());
            return false;
        }
        if (done + 1 >= MinLoopRows && (seconds(timer) > m_loopBudget || Interruption::requested())) {
            ++done;
            break;
        }
    }
    figures->loopSampleSeconds = seconds(timer);
    figures->loopSampleRows = done;
    figures->loopSeconds = figures->loopSelectSeconds +
                           figures->loopSampleSeconds * double(ids.size()) / double(figures->loopSampleRows);
    return true;
}
