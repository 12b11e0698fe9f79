#include "ColumnFilter.h"

#include "DatabaseEngine.h"

#include <QSqlQuery>
#include <QStringList>

bool ColumnFilter::accepts(ColumnFamily family, const Condition &condition)
{
    return condition.kind != Kind::Contains || family == ColumnFamily::Text;
}

void ColumnFilter::set(int column, const Condition &condition)
{
    if (condition.kind == Kind::Contains && condition.text.isEmpty())
        m_conditions.remove(column);
    else
        m_conditions.insert(column, condition);
}

QString ColumnFilter::placeholder(int column)
{
    return QStringLiteral(":filter%1").arg(column);
}

QString ColumnFilter::sql(const QList<Column> &columns, const DatabaseEngine &engine) const
{
    QStringList conditions;
    for (auto it = m_conditions.constBegin(); it != m_conditions.constEnd(); ++it) {
        if (!isUsable(it.key(), columns)) {
            conditions << QStringLiteral("1 = 0");
            continue;
        }
        const QString &expression = columns.at(it.key()).expression;
        switch (it.value().kind) {
        case Kind::Contains:
            conditions << engine.likeIgnoringCase(expression, placeholder(it.key()));
            break;
        case Kind::IsNull:
            conditions << expression + QStringLiteral(" IS NULL");
            break;
        case Kind::IsNotNull:
            conditions << expression + QStringLiteral(" IS NOT NULL");
            break;
        }
    }
    return conditions.join(QStringLiteral(" AND "));
}

bool ColumnFilter::isUsable(int column, const QList<Column> &columns) const
{
    return column >= 0 && column < columns.size() && accepts(columns.at(column).family, condition(column));
}

QString ColumnFilter::narrowingSql(const QList<Column> &columns, const DatabaseEngine &engine, bool searching,
                                   const QString &searchPlaceholder) const
{
    QStringList conditions;
    if (searching) {
        QStringList matches;
        for (const auto &column : columns) {
            if (column.family == ColumnFamily::Text)
                matches << engine.likeIgnoringCase(column.expression, searchPlaceholder);
        }
        conditions << (matches.isEmpty()
                           ? QStringLiteral("1 = 0")
                           : QLatin1Char('(') + matches.join(QStringLiteral(" OR ")) + QLatin1Char(')'));
    }
    const QString filtered = sql(columns, engine);
    if (!filtered.isEmpty())
        conditions << filtered;
    return conditions.join(QStringLiteral(" AND "));
}

void ColumnFilter::bind(QSqlQuery &query, const QList<Column> &columns, const DatabaseEngine &engine) const
{
    for (auto it = m_conditions.constBegin(); it != m_conditions.constEnd(); ++it) {
        if (it.value().kind == Kind::Contains && isUsable(it.key(), columns))
            query.bindValue(placeholder(it.key()),
                            DatabaseEngine::containsPattern(engine.foldSearchText(it.value().text)));
    }
}

QString ColumnFilter::describe(const Condition &condition)
{
    switch (condition.kind) {
    case Kind::Contains:
        return QStringLiteral("contains “%1”").arg(condition.text);
    case Kind::IsNull:
        return QStringLiteral("is NULL");
    case Kind::IsNotNull:
        return QStringLiteral("is not NULL");
    }
    return {};
}
