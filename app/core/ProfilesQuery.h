#pragma once

#include "ProfileSchema.h"

class DatabaseEngine;

#include <QList>
#include <QString>
#include <QVariant>

class QSqlQuery;

// The SQL behind the Profiles grid for one sort order, built but never run, so that every statement can be
// tested on its own. The grid shows the profile table's columns with the owner's name (from the user table)
// joined in beside the link column; identifiers come from the discovered schema and are quoted by the
// engine, values are always bound.
class ProfilesQuery
{
public:
    struct Column
    {
        QString name; // in the profile table; for the owner column, the user table's column
        QString sqlType;
        ColumnFamily family = ColumnFamily::Other;
        bool nullable = false;
        int maxLength = -1; // n of varchar(n), -1 without a limit
        bool editable = false;
        bool owner = false;
    };

    ProfilesQuery(const ProfileSchema &schema, const DatabaseEngine &engine);

    // The profile table's columns in table order, with the owner column right after the link column.
    const QList<Column> &columns() const { return m_columns; }
    int keyColumn() const { return m_keyColumn; }
    int linkColumn() const { return m_linkColumn; }
    int ownerColumn() const { return m_ownerColumn; }
    const ProfileSchema &schema() const { return m_schema; }

    // `column` indexes columns(); ties are broken by the profile key so that every row has one position.
    void setSort(int column, bool descending);
    int sortColumn() const { return m_sortColumn; }
    bool sortDescending() const { return m_descending; }

    // The sorted column as SQL: "p.<column>", or "u.<column>" for the owner's name.
    QString sortExpression() const;
    // " ORDER BY ..." in the sort order, or against it when `reversed`.
    QString orderBy(bool reversed) const;
    // " LEFT JOIN <user table> u ON ...": a profile whose link is NULL or dangling still shows.
    QString ownerJoin() const;
    // A page in view order, with :limit and :offset. With `fromEnd` false :offset counts the rows before the
    // page; with `fromEnd` true it counts the rows after it, which keeps OFFSET small near the end.
    QString pageStatement(bool fromEnd) const;
    // How many profiles there are.
    QString countStatement() const;
    // Every profile the filter lets through with the grid's columns, in view order and without a limit (for
    // an export, read forward-only); bindFilter() binds its values.
    QString allRowsStatement() const;
    void bindFilter(QSqlQuery &query) const;

    // The profile of the user bound to :user: its key, then its value in the sort column.
    QString findStatement() const;
    // How many profiles come before the one with `key` and `sortValue` (as findStatement() read them) in the
    // sort order; bindPosition() binds its values.
    QString positionStatement(const QVariant &sortValue) const;
    void bindPosition(QSqlQuery &query, const QVariant &key, const QVariant &sortValue) const;

    // UPDATE of the `edited` columns (indexes into columns()) of one profile: a positional placeholder per
    // column, in that order, then one for the profile key.
    QString updateStatement(const QList<int> &edited) const;
    // Reads the `edited` columns of the profile whose key is bound to the one placeholder again, locked
    // against other writers until the transaction ends.
    QString lockedReadStatement(const QList<int> &edited) const;

private:
    // " WHERE ..." of the grid's filter; empty while it has none.
    QString where() const;
    // The grid's columns as a SELECT list: the owner's name under an alias of its own.
    QString selectList() const;
    QString keyExpression() const;
    QString columnList(const QList<int> &edited, const QString &suffix) const;
    QString quoted(const QString &identifier) const;
    QString quoted(const TableName &table) const;

    ProfileSchema m_schema;
    const DatabaseEngine *m_engine;
    QList<Column> m_columns;
    int m_linkColumn = -1;
    int m_ownerColumn = -1;
    int m_keyColumn = -1;
    int m_sortColumn = -1;
    bool m_descending = false;
};
