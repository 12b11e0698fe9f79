#pragma once

#include "ProfileSchema.h"

#include <QList>
#include <QMap>
#include <QString>

class DatabaseEngine;
class QSqlQuery;

// The quick filters of a grid: at most one condition per column, all of them required (AND). It builds a
// WHERE fragment with bound values for the grid's query class, which knows each column's SQL expression, so
// the same filters serve the Users and the Profiles view; nothing the user types is pasted into SQL.
class ColumnFilter
{
public:
    enum class Kind {
        Contains,  // the text contains `text`, case-blind; only on text columns
        IsNull,    // the value is NULL
        IsNotNull, // the value is not NULL
    };
    struct Condition
    {
        Kind kind = Kind::IsNull;
        QString text;

        bool operator==(const Condition &other) const { return kind == other.kind && text == other.text; }
    };
    // What the query class says about a column: its SQL expression and its family.
    struct Column
    {
        QString expression; // e.g. u."email", quoted by the engine
        ColumnFamily family = ColumnFamily::Other;
    };

    // Contains is offered on text columns only: a number or a date compared as text would depend on each
    // engine's way of writing it.
    static bool accepts(ColumnFamily family, const Condition &condition);

    bool isEmpty() const { return m_conditions.isEmpty(); }
    // The columns with a condition, in column order.
    QList<int> columns() const { return m_conditions.keys(); }
    bool has(int column) const { return m_conditions.contains(column); }
    Condition condition(int column) const { return m_conditions.value(column); }
    // An empty Contains text clears the column's condition, as an empty search shows everyone.
    void set(int column, const Condition &condition);
    void clear(int column) { m_conditions.remove(column); }
    void clearAll() { m_conditions.clear(); }

    // The conditions joined by AND, without "WHERE"; empty when there are none. `columns` indexes the
    // grid's columns; a condition the column does not accept matches nothing rather than being dropped.
    QString sql(const QList<Column> &columns, const DatabaseEngine &engine) const;
    // What narrows a grid, without "WHERE": a search over every text column (a pattern bound to
    // `searchPlaceholder`) when `searching`, AND the conditions; empty when nothing narrows it.
    QString narrowingSql(const QList<Column> &columns, const DatabaseEngine &engine, bool searching,
                         const QString &searchPlaceholder) const;
    // Binds the Contains patterns of a statement built by sql() from the same `columns`.
    void bind(QSqlQuery &query, const QList<Column> &columns, const DatabaseEngine &engine) const;
    // The placeholder of `column`'s pattern.
    static QString placeholder(int column);

    // "contains “ann”", "is NULL", "is not NULL": for a header's tooltip and the status bar.
    static QString describe(const Condition &condition);

private:
    bool isUsable(int column, const QList<Column> &columns) const;

    QMap<int, Condition> m_conditions;
};
