#pragma once

#include "FixupBenchmark.h"
#include "ModelBenchmark.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QTextStream>

// One database of one size, measured.
struct BenchCase
{
    QString key;    // "sqlite", "postgresql"
    QString engine; // with its version
    qint64 users = 0;
    // Only a few users lack a profile: the fix-up's targets, stated for half the users missing, do not apply.
    bool sparse = false;
    double buildSeconds = 0;
    QString schemaSource;
    QString durability;
    bool fixupMeasured = false;
    FixupFigures fixup;
    ModelFigures models;
    QString error; // set when the case could not be measured completely

    // PASS/FAIL per target; a target not measured counts as neither.
    int failures() const;
    QJsonObject toJson() const;
};

// Collects the cases of a run and prints them: one table per database and size, a summary, and the JSON file.
class BenchReport
{
public:
    void add(const BenchCase &benchCase) { m_cases.append(benchCase); }
    void printCase(QTextStream &out, const BenchCase &benchCase) const;
    void printSummary(QTextStream &out) const;
    const QList<BenchCase> &cases() const { return m_cases; }
    bool writeJson(const QString &path, QString *error) const;

    int failures() const;
    int errors() const;

private:
    QList<BenchCase> m_cases;
};
