#include "PrometheusMetrics.h"

namespace {

QString family(const char *name, const char *help)
{
    return QStringLiteral("# HELP %1 %2\n# TYPE %1 gauge\n").arg(QLatin1String(name), QLatin1String(help));
}

} // namespace

QString PrometheusMetrics::escapeLabel(const QString &value)
{
    QString escaped = value;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
        .replace(QLatin1Char('"'), QLatin1String("\\\""))
        .replace(QLatin1Char('\n'), QLatin1String("\\n"));
    return escaped;
}

QString PrometheusMetrics::check(bool success, double seconds, qint64 unixTime)
{
    return family("profile_admin_check_duration_seconds", "How long profile-admin check took.") +
           QStringLiteral("profile_admin_check_duration_seconds %1\n").arg(seconds, 0, 'f', 6) +
           family("profile_admin_check_timestamp_seconds",
                  "When profile-admin check ran, in seconds since the epoch.") +
           QStringLiteral("profile_admin_check_timestamp_seconds %1\n").arg(unixTime) +
           family("profile_admin_check_success",
                  "1 when profile-admin check could count, 0 when it failed.") +
           QStringLiteral("profile_admin_check_success %1\n").arg(success ? 1 : 0);
}

QString PrometheusMetrics::counted(qint64 users, const QList<Table> &tables, double seconds, qint64 unixTime)
{
    QString text = family("profile_admin_users", "Users in the Django user table.") +
                   QStringLiteral("profile_admin_users %1\n").arg(users);
    text += family("profile_admin_users_missing_profile", "Users without a row in the profile table.");
    for (const Table &table : tables)
        text += QStringLiteral("profile_admin_users_missing_profile{profile_table=\"%1\"} %2\n")
                    .arg(escapeLabel(table.profileTable))
                    .arg(table.missing);
    return text + check(true, seconds, unixTime);
}

QString PrometheusMetrics::failed(double seconds, qint64 unixTime)
{
    return check(false, seconds, unixTime);
}
