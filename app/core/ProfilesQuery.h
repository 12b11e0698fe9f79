#pragma once

#include "ColumnFilter.h"
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

    // The search: the owner's name or any text column of the profile contains it, case-blind (empty: all).
    QString searchText() const { return m_search; }
    void setSearchText(const QString &text) { m_search = text; }
    // The quick filters per column (indexes into columns()), combined with the search by AND.
    const ColumnFilter &columnFilter() const { return m_filter; }
    void setColumnFilter(const ColumnFilter &filter) { m_filter = filter; }
    // True when a search or a column filter leaves profiles out.
    bool isNarrowed() const { return !m_search.isEmpty() || !m_filter.isEmpty(); }
    // Binds the search's and the filters' values on any read statement of this class.
    void bindFilter(QSqlQuery &query) const;

    // Where a keyset page starts: the first or the last rows in view order, or the rows after, from (this one
    // included) or before the profile bound to :key, whose value in the sort column is bound to :value.
    enum class Anchor { First, Last, After, From, Before };
    // A page of at most :limit rows in view order, found from its anchor without OFFSET, so that a page stays
    // where its rows are when profiles are added or removed before it. The anchor's sort value is read
    // again by the database from its row, so a value that does not survive a round trip through the driver
    // (microseconds, JSON) still finds its place; the bound :value stands in when that row is gone.
    // `nullValue` says whether the anchor's sort value is NULL.
    QString keysetPageStatement(Anchor anchor, bool nullValue) const;
    // Binds :key and :value of keysetPageStatement() or keyPositionStatement().
    void bindAnchor(QSqlQuery &query, Anchor anchor, const QVariant &key, const QVariant &sortValue) const;
    // How many shown profiles come before the one bound as in keysetPageStatement(): its position.
    QString keyPositionStatement(bool nullValue) const;

    // The sorted column as SQL: "p.<column>", or "u.<column>" for the owner's name.
    QString sortExpression() const;
    // " ORDER BY ..." in the sort order, or against it when `reversed`.
    QString orderBy(bool reversed) const;
    // " LEFT JOIN <user table> u ON ...": a profile whose link is NULL or dangling still shows.
    QString ownerJoin() const;
    // A page in view order, with :limit and :offset. With `fromEnd` false :offset counts the rows before the
    // page; with `fromEnd` true it counts the rows after it, which keeps OFFSET small near the end.
    QString pageStatement(bool fromEnd) const;
    // How many profiles the search and the filters let through (all of them when there are none).
    QString countStatement() const;
    // Every profile the filter lets through with the grid's columns, in view order and without a limit (for
    // an export, read forward-only); bindFilter() binds its values.
    QString allRowsStatement() const;

    // The profile of the user bound to :user, if the search and the filters let it through: its key, then its
    // value in the sort column.
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
    // The search's and the filters' conditions joined by AND; empty when nothing narrows.
    QString narrowing() const;
    // " WHERE a AND b" of the non-empty conditions, or nothing.
    static QString whereOf(const QStringList &conditions);
    // The owner join when the sort or the narrowing needs the user table.
    QString innerJoin() const;
    QList<ColumnFilter::Column> filterColumns() const;
    // The rows on one side of an anchor in view order (`forward`: after it), the anchor itself included when
    // `inclusive`; its sort value is `value` (SQL) unless `nullValue`.
    QString sideOf(bool forward, bool inclusive, bool nullValue, const QString &value) const;
    // The anchor's sort value as the database holds it, or :value when its row is gone.
    QString anchorValue() const;
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
    QString m_search;
    ColumnFilter m_filter;
};
