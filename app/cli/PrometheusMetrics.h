#pragma once

#include <QList>
#include <QString>

// The result of `check` in the text format node_exporter's textfile collector reads: HELP and TYPE lines,
// then the samples, label values escaped as the format asks.
class PrometheusMetrics
{
public:
    struct Table
    {
        QString profileTable;
        qint64 missing = 0;
    };

    // A check that counted: users, users missing a row per profile table, how long it took and when it ran.
    static QString counted(qint64 users, const QList<Table> &tables, double seconds, qint64 unixTime);
    // A check that could not count: only success 0, the duration and the time, so an alert can fire.
    static QString failed(double seconds, qint64 unixTime);
    // A label value with backslash, double quote and line feed escaped.
    static QString escapeLabel(const QString &value);

private:
    static QString check(bool success, double seconds, qint64 unixTime);
};
