#include "ModelBenchmark.h"

namespace {

void putSeconds(QJsonObject &object, const QString &key, double value)
{
    if (value >= 0)
        object.insert(key, value);
}

} // namespace

QJsonObject ModelFigures::toJson() const
{
    QJsonObject object{{QStringLiteral("measured"), measured}};
    if (!note.isEmpty())
        object.insert(QStringLiteral("note"), note);
    putSeconds(object, QStringLiteral("users_first_page_seconds"), usersFirstPage);
    putSeconds(object, QStringLiteral("users_last_row_seconds"), usersLastRow);
    putSeconds(object, QStringLiteral("users_missing_filter_seconds"), usersMissingFilter);
    putSeconds(object, QStringLiteral("users_search_seconds"), usersSearch);
    putSeconds(object, QStringLiteral("profiles_first_page_seconds"), profilesFirstPage);
    putSeconds(object, QStringLiteral("profiles_last_row_seconds"), profilesLastRow);
    putSeconds(object, QStringLiteral("longest_stall_seconds"), longestStall);
    if (peakBytes >= 0)
        object.insert(QStringLiteral("peak_rss_bytes"), peakBytes);
    return object;
}

bool ModelBenchmark::available()
{
    // UsersModel and ProfilesModel (app/core) are not in this build yet.
    return false;
}

ModelBenchmark::ModelBenchmark(const DatabaseUrl &url)
    : m_url(url)
{}

bool ModelBenchmark::run(ModelFigures *figures, QString *)
{
    figures->measured = false;
    figures->note = QStringLiteral("UsersModel/ProfilesModel are not in this build.");
    return true;
}
