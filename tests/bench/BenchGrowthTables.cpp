#include "BenchGrowthTables.h"

#include "BenchFormat.h"
#include "BenchReport.h"

#include <QStringList>

#include <algorithm>
#include <functional>

namespace {

// One row: its label, its target as text, and the cell of one case ("-" where not measured).
struct Measure
{
    QString label;
    QString target;
    std::function<QString(const BenchCase &)> cell;
};

QString withVerdict(const QString &text, bool pass)
{
    return pass ? text : text + QStringLiteral(" FAIL");
}

// Seconds of a GUI-model step against its bound.
Measure modelSeconds(const QString &label, double maximum, double ModelFigures::*field)
{
    return {label, QStringLiteral("<= %1 s").arg(maximum), [maximum, field](const BenchCase &c) {
                const double value = c.models.*field;
                if (!c.models.measured || value < 0)
                    return QStringLiteral("-");
                return withVerdict(BenchFormat::seconds(value), value <= maximum);
            }};
}

Measure fixupSeconds(const QString &label, double FixupFigures::*field)
{
    return {label, QString(), [field](const BenchCase &c) {
                return c.fixupMeasured ? BenchFormat::seconds(c.fixup.*field) : QStringLiteral("-");
            }};
}

Measure fixupRatio(const QString &label, double (FixupFigures::*ratio)() const, double bound, bool atMost)
{
    const QString target = (atMost ? QStringLiteral("<= ") : QStringLiteral(">= ")) +
                           QString::number(bound, 'f', bound < 10 ? 1 : 0) + QLatin1Char('x');
    return {label, target, [ratio, bound, atMost](const BenchCase &c) {
                if (!c.fixupMeasured)
                    return QStringLiteral("-");
                const double value = (c.fixup.*ratio)();
                // The fix-up's targets are stated for half the users missing.
                return withVerdict(BenchFormat::ratio(value),
                                   c.sparse || (atMost ? value <= bound : value >= bound));
            }};
}

QList<Measure> measures()
{
    using M = ModelBenchmark;
    return {
        {QStringLiteral("users without a profile"), QString(),
         [](const BenchCase &c) {
             return BenchFormat::count(c.fixup.missing);
         }},
        fixupSeconds(QStringLiteral("(a) fix-up: MissingProfileFixer::createMissing"),
                     &FixupFigures::fixSeconds),
        fixupSeconds(QStringLiteral("(b) floor: hand-written INSERT ... NOT EXISTS"),
                     &FixupFigures::floorSeconds),
        fixupRatio(QStringLiteral("(a)/(b)"), &FixupFigures::fixOverFloor, FixupBenchmark::MaxFixOverFloor,
                   true),
        fixupSeconds(QStringLiteral("(a') the whole fix command"), &FixupFigures::commandSeconds),
        fixupRatio(QStringLiteral("(a')/(b)"), &FixupFigures::commandOverFloor,
                   FixupBenchmark::MaxFixOverFloor, true),
        fixupSeconds(QStringLiteral("(c) one-row loop, extrapolated"), &FixupFigures::loopSeconds),
        fixupRatio(QStringLiteral("(c)/(a)"), &FixupFigures::loopOverFix, FixupBenchmark::MinLoopOverFix,
                   false),
        fixupSeconds(QStringLiteral("(d) the check command (the count)"), &FixupFigures::checkSeconds),
        modelSeconds(QStringLiteral("Users view: first page, from connecting"), M::MaxFirstPage,
                     &ModelFigures::usersFirstPage),
        modelSeconds(QStringLiteral("Users view: Ctrl+End to the last row"), M::MaxLastRow,
                     &ModelFigures::usersLastRow),
        modelSeconds(QStringLiteral("Users view: only users without profile"), M::MaxFilter,
                     &ModelFigures::usersMissingFilter),
        modelSeconds(QStringLiteral("Users view: search, prefix: first rows"), M::MaxSearchFirstRows,
                     &ModelFigures::usersSearchPrefixFirst),
        {QStringLiteral("Users view: search, prefix: every match counted"), QString(),
         [](const BenchCase &c) {
             return c.models.measured ? BenchFormat::seconds(c.models.usersSearchPrefixComplete)
                                      : QStringLiteral("-");
         }},
        {QStringLiteral("Users view: search, rare substring: every match counted"), QString(),
         [](const BenchCase &c) {
             return c.models.measured ? BenchFormat::seconds(c.models.usersSearchRareComplete)
                                      : QStringLiteral("-");
         }},
        modelSeconds(QStringLiteral("Profiles view: first page"), M::MaxFirstPage,
                     &ModelFigures::profilesFirstPage),
        modelSeconds(QStringLiteral("Profiles view: last page, last row"), M::MaxLastRow,
                     &ModelFigures::profilesLastRow),
        modelSeconds(QStringLiteral("GUI thread: longest block"), M::MaxStall, &ModelFigures::longestStall),
        {QStringLiteral("peak RSS: connection, models, views"),
         QStringLiteral("< ") + BenchFormat::megabytes(M::MaxPeakBytes),
         [](const BenchCase &c) {
             if (!c.models.measured)
                 return QStringLiteral("-");
             return withVerdict(BenchFormat::megabytes(c.models.peakBytes),
                                c.models.peakBytes <= M::MaxPeakBytes);
         }},
        {QStringLiteral("peak RSS: fix-up"), QString(),
         [](const BenchCase &c) {
             return c.fixupMeasured ? BenchFormat::megabytes(c.fixup.fixPeakBytes) : QStringLiteral("-");
         }},
        {QStringLiteral("building the database (set-based)"), QString(),
         [](const BenchCase &c) {
             return BenchFormat::seconds(c.buildSeconds);
         }},
    };
}

QString heading(const BenchCase &c)
{
    const QString users = BenchFormat::count(c.users);
    return c.sparse ? users + QStringLiteral(", ") + BenchFormat::count(c.fixup.missing) +
                          QStringLiteral(" missing")
                    : users;
}

} // namespace

void printGrowthTables(QTextStream &out, const QList<BenchCase> &cases)
{
    QStringList engines;
    for (const BenchCase &c : cases) {
        if (!engines.contains(c.engine))
            engines << c.engine;
    }
    const QList<Measure> rows = measures();
    for (const QString &engine : engines) {
        QList<BenchCase> columns;
        for (const BenchCase &c : cases) {
            if (c.engine == engine)
                columns << c;
        }
        std::stable_sort(columns.begin(), columns.end(), [](const BenchCase &a, const BenchCase &b) {
            return a.sparse != b.sparse ? !a.sparse : a.users < b.users;
        });
        out << "\n" << engine << ": how each cost grows\n\n| measure | target |";
        for (const BenchCase &c : columns)
            out << ' ' << heading(c) << " |";
        out << "\n|---|---|";
        for (qsizetype i = 0; i < columns.size(); ++i)
            out << "---:|";
        out << '\n';
        for (const Measure &measure : rows) {
            out << "| " << measure.label << " | " << measure.target << " |";
            for (const BenchCase &c : columns)
                out << ' ' << measure.cell(c) << " |";
            out << '\n';
        }
    }
    out << Qt::flush;
}
