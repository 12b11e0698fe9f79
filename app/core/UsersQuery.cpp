#include "UsersQuery.h"

#include <QSqlQuery>
#include <QStringList>

#include <algorithm>

namespace {

// Django's AbstractUser fields worth a column, in the order the view shows them.
const char *const UsefulColumns[] = {"username",  "email",    "first_name",  "last_name",
                                     "is_active", "is_staff", "date_joined", "last_login"};

const QString SearchPlaceholder = QStringLiteral(":search");

// The column whose prefix a search looks up first: Django's username, unique and so indexed.
const QString PrefixColumn = QStringLiteral("username");

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

QString UsersQuery::where(bool probed) const
{
    QStringList conditions;
    if (m_onlyMissing && m_missingTable >= 0 && m_missingTable < m_profiles.size()) {
        conditions << missingIn(m_missingTable, probed);
    } else if (m_onlyMissing) {
        QStringList anyTable;
        for (int table = 0; table < m_profiles.size(); ++table)
            anyTable << missingIn(table, probed);
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

QString UsersQuery::missingIn(int table, bool probed) const
{
    const ProfileSchema &profile = m_profiles.at(table);
    const QString alias = QStringLiteral("p%1").arg(table);
    const QString userKey = QStringLiteral("u.") + quoted(m_schema.userKey);
    if (probed)
        return m_engine->probedMissingProfile(m_engine->quoteTable(profile.profileTable), alias,
                                              quoted(profile.linkColumn), userKey);
    return QStringLiteral("NOT EXISTS (SELECT 1 FROM %1 %2 WHERE %2.%3 = %4)")
        .arg(m_engine->quoteTable(profile.profileTable), alias, quoted(profile.linkColumn), userKey);
}

bool UsersQuery::sortsByKey() const
{
    const QString &sortName = m_columns.value(m_sortColumn).name;
    return sortName.isEmpty() || sortName == m_schema.userKey;
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
        names << missingIn(table, true);
    const QString key = quoted(m_schema.userKey);
    // The inner query finds the page's keys (the filter and OFFSET touch only the key and sort columns); the
    // outer one reads the page's rows and probes the profile tables only for them. In key order the inner
    // query walks the key's index and probes per user too, so that it stops once the page is full.
    const QString table = m_engine->quoteTable(m_schema.userTable);
    const QString keys = QStringLiteral("SELECT u.%1 AS k FROM %2 u%3%4 LIMIT :limit OFFSET :offset")
                             .arg(key, table, where(sortsByKey()), orderBy(fromEnd));
    return QStringLiteral("SELECT %1 %2%3")
        .arg(names.join(QStringLiteral(", ")), m_engine->pageRowsByKeys(table, key, keys), orderBy(false));
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

QStringList UsersQuery::prefixRanges(QVariantMap *values) const
{
    const bool hasColumn = std::any_of(m_columns.begin(), m_columns.end(),
                                       [](const ColumnInfo &column) { return column.name == PrefixColumn; });
    // With another filter on, the range would not end after one block (a walk through every username that
    // starts with the text, testing each), and the search itself waits for this phase: so none then.
    if (m_search.isEmpty() || !hasColumn || m_onlyMissing || !m_filter.isEmpty())
        return {};
    // Usernames are mostly lower case: the text as typed and lowered covers most of them, and the search
    // that follows finds every casing.
    QStringList texts{m_search};
    if (m_search.toLower() != m_search)
        texts << m_search.toLower();
    QStringList ranges;
    for (qsizetype i = 0; i < texts.size(); ++i) {
        const QString range = m_engine->startsWith(QStringLiteral("u.") + quoted(PrefixColumn), texts.at(i),
                                                   QStringLiteral(":prefix%1").arg(i), values);
        if (range.isEmpty())
            return {};
        ranges << range;
    }
    return ranges;
}

bool UsersQuery::hasPrefixPhase() const
{
    QVariantMap values;
    return !prefixRanges(&values).isEmpty();
}

QString UsersQuery::prefixStatement() const
{
    QVariantMap values;
    const QStringList ranges = prefixRanges(&values);
    const QString key = quoted(m_schema.userKey);
    const QString table = m_engine->quoteTable(m_schema.userTable);
    const auto inRange = [&](const QString &range, const QString &extraColumns) {
        return QStringLiteral("SELECT u.%1 AS k%2 FROM %3 u WHERE %4 ORDER BY %5 LIMIT :limit")
            .arg(key, extraColumns, table, range,
                 m_engine->inPrefixIndexOrder(QStringLiteral("u.") + quoted(PrefixColumn)));
    };
    QString keys;
    if (ranges.size() == 1) {
        keys = inRange(ranges.first(), QString());
    } else {
        // Each range stops after :limit rows of its own; the union of both is cut to :limit in the same
        // order.
        QStringList parts;
        for (qsizetype i = 0; i < ranges.size(); ++i)
            parts << QStringLiteral("SELECT r%1.k, r%1.n FROM (%2) r%1")
                         .arg(QString::number(i),
                              inRange(ranges.at(i), QStringLiteral(", u.") + quoted(PrefixColumn) +
                                                        QStringLiteral(" AS n")));
        keys = QStringLiteral("SELECT m.k FROM (%1) m ORDER BY %2 LIMIT :limit")
                   .arg(parts.join(QStringLiteral(" UNION ")),
                        m_engine->inPrefixIndexOrder(QStringLiteral("m.n")));
    }
    QStringList names;
    for (const auto &column : m_columns)
        names << QStringLiteral("u.") + quoted(column.name);
    for (int profile = 0; profile < m_profiles.size(); ++profile)
        names << missingIn(profile, true);
    return QStringLiteral("SELECT %1 %2%3")
        .arg(names.join(QStringLiteral(", ")), m_engine->pageRowsByKeys(table, key, keys), orderBy(false));
}

QVariantMap UsersQuery::prefixValues() const
{
    QVariantMap values;
    prefixRanges(&values);
    return values;
}

void UsersQuery::bindPrefix(QSqlQuery &query) const
{
    const QVariantMap values = prefixValues();
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        query.bindValue(it.key(), it.value());
}

void UsersQuery::bindFilter(QSqlQuery &query) const
{
    if (!m_search.isEmpty())
        query.bindValue(SearchPlaceholder,
                        DatabaseEngine::containsPattern(m_engine->foldSearchText(m_search)));
    m_filter.bind(query, filterColumns(), *m_engine);
}
