#include "UsersQuery.h"

#include <QSqlQuery>
#include <QStringList>

namespace {

// Django's AbstractUser fields worth a column, in the order the view shows them.
const char *const UsefulColumns[] = {"username",  "email",    "first_name",  "last_name",
                                     "is_active", "is_staff", "date_joined", "last_login"};

const QString SearchPlaceholder = QStringLiteral(":search");

} // namespace

UsersQuery::UsersQuery(const ProfileSchema &schema, const DatabaseEngine &engine,
                       const QList<ProfileSchema> &profiles)
    : m_schema(schema)
    , m_engine(&engine)
    , m_profiles(profiles.isEmpty() ? QList<ProfileSchema>{schema} : profiles)
{
    const auto find = [&](const QString &name) -> const ColumnInfo * {
        for (const auto &column : schema.userColumns) {
            if (column.name == name)
                return &column;
        }
        return nullptr;
    };
    if (const ColumnInfo *key = find(schema.userKey))
        m_columns.append(*key);
    for (const char *name : UsefulColumns) {
        const ColumnInfo *column = find(QLatin1String(name));
        if (column && column->name != schema.userKey)
            m_columns.append(*column);
    }
}

void UsersQuery::setSort(int column, bool descending)
{
    m_sortColumn = column >= 0 && column < m_columns.size() ? column : 0;
    m_descending = descending;
}

QString UsersQuery::where() const
{
    QStringList conditions;
    if (m_onlyMissing && m_missingTable >= 0 && m_missingTable < m_profiles.size()) {
        conditions << missingIn(m_missingTable);
    } else if (m_onlyMissing) {
        QStringList anyTable;
        for (int table = 0; table < m_profiles.size(); ++table)
            anyTable << missingIn(table);
        conditions << (anyTable.size() == 1
                           ? anyTable.first()
                           : QLatin1Char('(') + anyTable.join(QStringLiteral(" OR ")) + QLatin1Char(')'));
    }
    const QString narrowed =
        m_filter.narrowingSql(filterColumns(), *m_engine, !m_search.isEmpty(), SearchPlaceholder);
    if (!narrowed.isEmpty())
        conditions << narrowed;
    return conditions.isEmpty() ? QString()
                                : QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "));
}

QString UsersQuery::missingIn(int table) const
{
    const ProfileSchema &profile = m_profiles.at(table);
    return QStringLiteral("NOT EXISTS (SELECT 1 FROM %1 p%4 WHERE p%4.%2 = u.%3)")
        .arg(m_engine->quoteTable(profile.profileTable), quoted(profile.linkColumn), quoted(m_schema.userKey))
        .arg(table);
}

QList<ColumnFilter::Column> UsersQuery::filterColumns() const
{
    QList<ColumnFilter::Column> columns;
    for (const auto &column : m_columns)
        columns.append({QStringLiteral("u.") + quoted(column.name), column.family});
    return columns;
}

QString UsersQuery::orderBy(bool reversed) const
{
    const QString direction = m_descending != reversed ? QStringLiteral(" DESC") : QStringLiteral(" ASC");
    const QString key = QStringLiteral("u.") + quoted(m_schema.userKey) + direction;
    const QString &sortName = m_columns.value(m_sortColumn).name;
    if (sortName.isEmpty() || sortName == m_schema.userKey)
        return QStringLiteral(" ORDER BY ") + key;
    return QStringLiteral(" ORDER BY u.") + quoted(sortName) + direction + QStringLiteral(", ") + key;
}

QString UsersQuery::shapeStatement() const
{
    QStringList names;
    for (const auto &column : m_columns)
        names << QStringLiteral("u.") + quoted(column.name);
    return QStringLiteral("SELECT %1 FROM %2 u LIMIT 0")
        .arg(names.join(QStringLiteral(", ")), m_engine->quoteTable(m_schema.userTable));
}

QString UsersQuery::countStatement() const
{
    return QStringLiteral("SELECT count(*) FROM %1 u%2")
        .arg(m_engine->quoteTable(m_schema.userTable), where());
}

QString UsersQuery::pageStatement(bool fromEnd) const
{
    QStringList names;
    for (const auto &column : m_columns)
        names << QStringLiteral("u.") + quoted(column.name);
    for (int table = 0; table < m_profiles.size(); ++table)
        names << missingIn(table);
    const QString key = quoted(m_schema.userKey);
    // The inner query finds the page's keys (the filter and OFFSET touch only the key and sort columns); the
    // outer one reads the page's rows and asks the anti-joins only for them.
    return QStringLiteral("SELECT %1 "
                          "FROM (SELECT u.%2 AS k FROM %3 u%4%5 LIMIT :limit OFFSET :offset) page "
                          "JOIN %3 u ON u.%2 = page.k%6")
        .arg(names.join(QStringLiteral(", ")), key, m_engine->quoteTable(m_schema.userTable), where(),
             orderBy(fromEnd), orderBy(false));
}

QString UsersQuery::allRowsStatement() const
{
    QStringList names;
    for (const auto &column : m_columns)
        names << QStringLiteral("u.") + quoted(column.name);
    return QStringLiteral("SELECT %1 FROM %2 u%3%4")
        .arg(names.join(QStringLiteral(", ")), m_engine->quoteTable(m_schema.userTable), where(),
             orderBy(false));
}

void UsersQuery::bindFilter(QSqlQuery &query) const
{
    if (!m_search.isEmpty())
        query.bindValue(SearchPlaceholder,
                        DatabaseEngine::containsPattern(m_engine->foldSearchText(m_search)));
    m_filter.bind(query, filterColumns(), *m_engine);
}
