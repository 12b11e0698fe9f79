#include "BenchReport.h"

#include "BenchFormat.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStringList>
#include <QSysInfo>
#include <QThread>

namespace {

const int LabelWidth = 46;

using BenchFormat::count;
using BenchFormat::megabytes;
using BenchFormat::verdict;

QString secondsText(double seconds)
{
    return BenchFormat::seconds(seconds);
}

QString ratioText(double ratio)
{
    return BenchFormat::ratio(ratio);
}

QString cpuModel()
{
    QFile cpuinfo(QStringLiteral("/proc/cpuinfo"));
    if (!cpuinfo.open(QIODevice::ReadOnly))
        return {};
    // /proc files report a size of 0, so atEnd() is no guide: read until the kernel says EOF.
    for (const QByteArray &line : cpuinfo.readAll().split('\n')) {
        if (line.startsWith("model name"))
            return QString::fromUtf8(line.mid(line.indexOf(':') + 1)).trimmed();
    }
    return {};
}

void row(QTextStream &out, const QString &label, const QString &value, const QString &ratio = {},
         const QString &target = {}, const QString &result = {}, const QString &note = {})
{
    out << "  " << label.leftJustified(LabelWidth) << value.rightJustified(9) << ratio.rightJustified(8)
        << "  " << target.leftJustified(10) << result.leftJustified(6) << note << '\n';
}

// Seconds against an upper bound; "-" when not measured.
void timedRow(QTextStream &out, const QString &label, double seconds, double maximum,
              const QString &note = {})
{
    if (seconds < 0)
        row(out, label, QStringLiteral("-"), {}, QStringLiteral("<= %1 s").arg(maximum),
            QStringLiteral("n/a"));
    else
        row(out, label, secondsText(seconds), {}, QStringLiteral("<= %1 s").arg(maximum),
            verdict(seconds <= maximum), note);
}

} // namespace

int BenchCase::failures() const
{
    int failed = 0;
    if (fixupMeasured && !sparse) {
        failed += fixup.fixOverFloor() > FixupBenchmark::MaxFixOverFloor;
        failed += fixup.commandOverFloor() > FixupBenchmark::MaxFixOverFloor;
        failed += fixup.loopOverFix() < FixupBenchmark::MinLoopOverFix;
    }
    if (models.measured) {
        const auto over = [](double seconds, double maximum) {
            return seconds >= 0 && seconds > maximum;
        };
        failed += over(models.usersFirstPage, ModelBenchmark::MaxFirstPage);
        failed += over(models.usersLastRow, ModelBenchmark::MaxLastRow);
        failed += over(models.usersMissingFilter, ModelBenchmark::MaxFilter);
        failed += over(models.usersSearchPrefixFirst, ModelBenchmark::MaxSearchFirstRows);
        failed += over(models.profilesFirstPage, ModelBenchmark::MaxFirstPage);
        failed += over(models.profilesLastRow, ModelBenchmark::MaxLastRow);
        failed += over(models.longestStall, ModelBenchmark::MaxStall);
        failed += models.peakBytes > ModelBenchmark::MaxPeakBytes;
    }
    return failed;
}

QJsonObject BenchCase::toJson() const
{
    QJsonObject object{{QStringLiteral("database"), key},
                       {QStringLiteral("engine"), engine},
                       {QStringLiteral("users"), users},
                       {QStringLiteral("sparse"), sparse},
                       {QStringLiteral("schema"), schemaSource},
                       {QStringLiteral("durability"), durability},
                       {QStringLiteral("build_seconds"), buildSeconds},
                       {QStringLiteral("models"), models.toJson()},
                       {QStringLiteral("failures"), failures()}};
    if (fixupMeasured)
        object.insert(QStringLiteral("fixup"), fixup.toJson());
    if (!error.isEmpty())
        object.insert(QStringLiteral("error"), error);
    return object;
}

void BenchReport::printCase(QTextStream &out, const BenchCase &c) const
{
    out << '\n'
        << c.engine << " - " << count(c.users) << " users, "
        << (c.fixupMeasured ? count(c.fixup.missing) : QStringLiteral("(not counted)"))
        << " without a profile (schema: " << c.schemaSource << "; built in " << secondsText(c.buildSeconds)
        << ")\n  durability: " << c.durability << '\n';
    row(out, QStringLiteral("measured"), QStringLiteral("time"), QStringLiteral("ratio"),
        QStringLiteral("target"), QStringLiteral("result"));
    // The fix-up's targets are stated for half the users missing; with few missing they are for information.
    const auto fixupVerdict = [&c](bool pass) {
        return c.sparse ? QStringLiteral("info") : verdict(pass);
    };
    if (c.fixupMeasured) {
        const FixupFigures &f = c.fixup;
        const QString best =
            f.fixRuns.size() > 1 ? QStringLiteral("best of %1, ").arg(f.fixRuns.size()) : QString();
        row(out, QStringLiteral("(a) fix-up: MissingProfileFixer::createMissing"), secondsText(f.fixSeconds),
            {}, {}, {},
            best + QStringLiteral("%1 batches, %2 after the last")
                       .arg(f.fixBatches)
                       .arg(secondsText(f.fixTailSeconds)));
        row(out, QStringLiteral("(b) floor: hand-written INSERT ... NOT EXISTS"), secondsText(f.floorSeconds),
            ratioText(f.fixOverFloor()),
            QStringLiteral("<= %1x").arg(FixupBenchmark::MaxFixOverFloor, 0, 'f', 2),
            fixupVerdict(f.fixOverFloor() <= FixupBenchmark::MaxFixOverFloor),
            QStringLiteral("ratio (a)/(b); %1 of it in COMMIT").arg(secondsText(f.floorCommitSeconds)));
        row(out, QStringLiteral("(a') the whole fix command (--yes --json)"), secondsText(f.commandSeconds),
            ratioText(f.commandOverFloor()),
            QStringLiteral("<= %1x").arg(FixupBenchmark::MaxFixOverFloor, 0, 'f', 2),
            fixupVerdict(f.commandOverFloor() <= FixupBenchmark::MaxFixOverFloor),
            QStringLiteral("ratio (a')/(b): session, discovery, counts and report included"));
        row(out, QStringLiteral("(b') floor + the fixer's conflict guard"), secondsText(f.conflictSeconds),
            ratioText(f.fixOverConflict()), {}, QStringLiteral("info"),
            QStringLiteral("ratio (a)/(b'): the fixer's own overhead"));
        row(out, QStringLiteral("(c) one-row loop, extrapolated (*)"), secondsText(f.loopSeconds),
            ratioText(f.loopOverFix()),
            QStringLiteral(">= %1x").arg(FixupBenchmark::MinLoopOverFix, 0, 'f', 0),
            fixupVerdict(f.loopOverFix() >= FixupBenchmark::MinLoopOverFix), QStringLiteral("ratio (c)/(a)"));
        row(out, QStringLiteral("(d) the check command (the count)"), secondsText(f.checkSeconds), {}, {},
            QStringLiteral("info"), QStringLiteral("check --json: connect, discovery, the anti-join count"));
    }
    const ModelFigures &m = c.models;
    if (m.measured) {
        timedRow(out, QStringLiteral("Users view: first page, from connecting"), m.usersFirstPage,
                 ModelBenchmark::MaxFirstPage);
        timedRow(out, QStringLiteral("Users view: Ctrl+End to the last row"), m.usersLastRow,
                 ModelBenchmark::MaxLastRow);
        timedRow(out, QStringLiteral("Users view: only users without profile"), m.usersMissingFilter,
                 ModelBenchmark::MaxFilter);
        timedRow(out, QStringLiteral("search: prefix (first rows)"), m.usersSearchPrefixFirst,
                 ModelBenchmark::MaxSearchFirstRows, QStringLiteral("\"%1\"").arg(m.searchPrefixText));
        row(out, QStringLiteral("search: complete (every match counted)"),
            secondsText(m.usersSearchPrefixComplete), {}, {}, QStringLiteral("info"),
            QStringLiteral("\"%1\"").arg(m.searchPrefixText));
        row(out, QStringLiteral("search: rare substring, complete"), secondsText(m.usersSearchRareComplete),
            {}, {}, QStringLiteral("info"), QStringLiteral("\"%1\"").arg(m.searchRareText));
        timedRow(out, QStringLiteral("Profiles view: first page"), m.profilesFirstPage,
                 ModelBenchmark::MaxFirstPage);
        timedRow(out, QStringLiteral("Profiles view: last page, last row"), m.profilesLastRow,
                 ModelBenchmark::MaxLastRow);
        timedRow(out, QStringLiteral("GUI thread: longest block"), m.longestStall, ModelBenchmark::MaxStall,
                 QStringLiteral("during ") + m.longestStallStep);
        QStringList steps;
        for (auto it = m.longestStallByStep.cbegin(); it != m.longestStallByStep.cend(); ++it)
            steps << it.key() + QLatin1Char(' ') + secondsText(it.value());
        out << "  longest block per step: " << steps.join(QStringLiteral("; ")) << '\n';
        row(out, QStringLiteral("peak RSS: connection, models, views"), megabytes(m.peakBytes), {},
            QStringLiteral("< %1").arg(megabytes(ModelBenchmark::MaxPeakBytes)),
            verdict(m.peakBytes <= ModelBenchmark::MaxPeakBytes));
    } else {
        row(out, QStringLiteral("GUI models"), QStringLiteral("-"), {}, {}, QStringLiteral("n/a"), m.note);
    }
    if (c.fixupMeasured) {
        const FixupFigures &f = c.fixup;
        row(out, QStringLiteral("peak RSS: fix-up"), megabytes(f.fixPeakBytes));
        const double perRow = f.loopSampleRows > 0 ? f.loopSampleSeconds / double(f.loopSampleRows) : 0;
        out << "  (*) " << count(f.loopSampleRows) << " of " << count(f.missing)
            << " users inserted one at a time (autocommit, as Django does) in "
            << secondsText(f.loopSampleSeconds) << " (" << QString::number(perRow * 1e6, 'f', 0)
            << " us each), plus " << secondsText(f.loopSelectSeconds)
            << " for the SELECT of all missing ids; the INSERT time is extrapolated to all "
            << count(f.missing) << " users.\n";
    }
    if (!c.error.isEmpty())
        out << "  ERROR: " << c.error << '\n';
    out << Qt::flush;
}

void BenchReport::printSummary(QTextStream &out) const
{
    // Markdown, ready for docs/performance.md. Model columns: Users view, except the memory and the longest
    // block, which cover connection, both models and both views.
    out << "\nSummary: fix-up (a) and hand-written INSERT (b) best of the runs; one-row loop (c) "
           "extrapolated "
           "from a sample.\n\n"
        << "| database | users | (a) fix-up | (b) floor | (a)/(b) <= 1.3 | (a') fix command | (a')/(b) <= "
           "1.3 | (c) loop | (c)/(a) >= 25 | "
           "first page <= 0.5 s | last row <= 1 s | filter <= 1 s | search, first rows <= 0.3 s | longest "
           "block <= 0.1 s | "
           "peak RSS < 200 MB |\n"
        << "|---|---:|---:|---:|---|---:|---|---:|---|---:|---:|---:|---:|---:|---:|\n";
    for (const BenchCase &c : m_cases) {
        const FixupFigures &f = c.fixup;
        const ModelFigures &m = c.models;
        const auto fixupVerdict = [&c](bool pass) {
            return c.sparse ? QStringLiteral("info") : verdict(pass);
        };
        const auto seconds = [&](double value) {
            return m.measured ? secondsText(value) : QStringLiteral("-");
        };
        out << "| " << c.engine << " | " << count(c.users)
            << (c.sparse ? QStringLiteral(", %1 missing").arg(count(f.missing)) : QString()) << " | ";
        if (c.fixupMeasured) {
            out << secondsText(f.fixSeconds) << " | " << secondsText(f.floorSeconds) << " | "
                << ratioText(f.fixOverFloor()) << ' '
                << fixupVerdict(f.fixOverFloor() <= FixupBenchmark::MaxFixOverFloor) << " | "
                << secondsText(f.commandSeconds) << " | " << ratioText(f.commandOverFloor()) << ' '
                << fixupVerdict(f.commandOverFloor() <= FixupBenchmark::MaxFixOverFloor) << " | "
                << secondsText(f.loopSeconds) << " | " << ratioText(f.loopOverFix()) << ' '
                << fixupVerdict(f.loopOverFix() >= FixupBenchmark::MinLoopOverFix) << " | ";
        } else {
            out << "- | - | - | - | - | - | - | ";
        }
        out << seconds(m.usersFirstPage) << " | " << seconds(m.usersLastRow) << " | "
            << seconds(m.usersMissingFilter) << " | " << seconds(m.usersSearchPrefixFirst) << " | "
            << seconds(m.longestStall) << " | " << (m.measured ? megabytes(m.peakBytes) : QStringLiteral("-"))
            << " |\n";
    }
    out << '\n' << failures() << " target(s) missed, " << errors() << " error(s).\n" << Qt::flush;
}

bool BenchReport::writeJson(const QString &path, QString *error) const
{
    QJsonArray cases;
    for (const BenchCase &c : m_cases)
        cases.append(c.toJson());
    const QJsonObject machine{{QStringLiteral("cpu"), cpuModel()},
                              {QStringLiteral("cores"), QThread::idealThreadCount()},
                              {QStringLiteral("kernel"), QSysInfo::kernelVersion()},
                              {QStringLiteral("os"), QSysInfo::prettyProductName()},
                              {QStringLiteral("qt"), QString::fromLatin1(qVersion())}};
    const QJsonObject root{{QStringLiteral("benchmark"), QStringLiteral("profile-admin-bench")},
                           {QStringLiteral("version"), QCoreApplication::applicationVersion()},
                           {QStringLiteral("date"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
                           {QStringLiteral("machine"), machine},
                           {QStringLiteral("cases"), cases},
                           {QStringLiteral("failures"), failures()},
                           {QStringLiteral("errors"), errors()}};
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file.write(QJsonDocument(root).toJson(QJsonDocument::Indented)) < 0) {
        *error = QStringLiteral("Could not write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

int BenchReport::failures() const
{
    int failed = 0;
    for (const BenchCase &c : m_cases)
        failed += c.failures();
    return failed;
}

int BenchReport::errors() const
{
    int failed = 0;
    for (const BenchCase &c : m_cases)
        failed += !c.error.isEmpty();
    return failed;
}
