#pragma once

#include "DatabaseUrl.h"

#include <QJsonObject>
#include <QMap>
#include <QString>

// The GUI-model figures of one database (docs/performance.md): how long UsersModel and ProfilesModel
// take, driven without a window, to show their first page, to reach the last row, to apply "Show only users
// without profile", and a search's first rows and complete answer; the longest time the event loop was
// blocked meanwhile; peak memory.
struct ModelFigures
{
    bool measured = false;
    QString note; // why nothing was measured, or what to keep in mind

    double usersFirstPage = -1; // seconds; -1: not measured
    double usersLastRow = -1;
    double usersMissingFilter = -1;
    // A username prefix of the dataset: its first rows (the prefix phase), then every match counted.
    double usersSearchPrefixFirst = -1;
    double usersSearchPrefixComplete = -1;
    // A rare substring (an email fragment), which no index serves: every match counted.
    double usersSearchRareComplete = -1;
    QString searchPrefixText;
    QString searchRareText;
    double profilesFirstPage = -1;
    double profilesLastRow = -1;
    double longestStall = -1;   // the longest the GUI thread went without running a 5 ms timer
    double connectSeconds = -1; // opening the connection and discovering the schema (within usersFirstPage)
    QString longestStallStep;   // what the benchmark was doing when the longest block ended
    QMap<QString, double> longestStallByStep; // the longest block during each step, for finding the cause
    qint64 peakBytes = -1;

    QJsonObject toJson() const;
};

class ModelBenchmark
{
public:
    // The targets of docs/performance.md, stated for 1,000,000 users.
    static constexpr double MaxFirstPage = 0.5;
    static constexpr double MaxLastRow = 1.0;
    static constexpr double MaxFilter = 1.0;
    // The first rows of a search for a username prefix; its complete answer is reported with no target.
    static constexpr double MaxSearchFirstRows = 0.3;
    static constexpr double MaxStall = 0.1;
    static constexpr qint64 MaxPeakBytes = 200LL * 1024 * 1024;

    // Does this build have the models to measure?
    static bool available();

    explicit ModelBenchmark(const DatabaseUrl &url);
    bool run(ModelFigures *figures, QString *error);

private:
    DatabaseUrl m_url;
};
