#pragma once

#include "ColumnFilter.h"
#include "DatabaseEngine.h"
#include "ProfileSchema.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantMap>

class QSqlQuery;

// The SQL behind the Users view for one filter and sort order. The "has no profile" flags, one per profile
// table, are computed by the database for the rows of one page (within the page's statement, never a
// query per row from here); the filter ("only users without profile": lacking a profile in any table, or in
// one chosen table; a search over username, email and names) is a WHERE clause with bound values, so the
// database does the filtering and nothing the user types is pasted into SQL. Identifiers come from the
// discovered schema and are quoted by the engine.
class UsersQuery
{
public:
    // `profiles` are every profile table of the user table (empty: `schema`'s alone); their order is the
    // order of the page's flags.
    UsersQuery(const ProfileSchema &schema, const DatabaseEngine &engine,
               const QList<ProfileSchema> &profiles = {});

    // The shown columns: the user key first, then username, email, names, flags and dates where the table has
    // them (a custom user model may lack some). Never the password.
    const QList<ColumnInfo> &columns() const { return m_columns; }

    // The profile tables the page has a flag for, in order.
    const QList<ProfileSchema> &profileTables() const { return m_profiles; }
    bool onlyMissing() const { return m_onlyMissing; }
    void setOnlyMissing(bool onlyMissing) { m_onlyMissing = onlyMissing; }
    // With onlyMissing(): only users without a profile in profileTables()[table] (-1: in any of them).
    void setMissingTable(int table) { m_missingTable = table; }
    QString searchText() const { return m_search; }
    void setSearchText(const QString &text) { m_search = text; }
    // `column` indexes columns(); ties are broken by the user key so that every row has one position.
    void setSort(int column, bool descending);
    int sortColumn() const { return m_sortColumn; }
    bool sortDescending() const { return m_descending; }
    // The quick filters per column (indexes into columns()), combined with the rest by AND.
    const ColumnFilter &columnFilter() const { return m_filter; }
    void setColumnFilter(const ColumnFilter &filter) { m_filter = filter; }
    // True when the filter lets every user through, so the total is the user count.
    bool isUnfiltered() const { return !m_onlyMissing && !isNarrowed(); }
    // True when a search or a column filter narrows the list, so its total is not one of the table's counts.
    bool isNarrowed() const { return !m_search.isEmpty() || !m_filter.isEmpty(); }

    // The columns with no rows: the shape of a page, for QSqlQueryModel's record and headers.
    QString shapeStatement() const;
    // How many users the filter lets through.
    QString countStatement() const;
    // A page: the shown columns plus a missing-profile flag per profile table as the last columns, in view
    // order. With
    // `fromEnd` false the page is rows [:offset, :offset + :limit) counted from the first row; with `fromEnd`
    // true :offset counts the rows after the page, which keeps OFFSET small near the end of a long list.
    QString pageStatement(bool fromEnd) const;
    // Every row the filter lets through, the shown columns only, in view order and without a limit (for an
    // export, read forward-only).
    QString allRowsStatement() const;
    // The quick first answer to a search: users whose username starts with the search text, as typed or in
    // lower case, read as ranges of the username's index in its order and at most :limit of them, then in
    // view order. No more than the search finds, and found without reading the whole table. Only for a
    // search alone: false with another filter on, without a username column, or without a range for the text.
    bool hasPrefixPhase() const;
    QString prefixStatement() const;
    // Binds the prefixes' values on a statement prepared from prefixStatement(); :limit is the caller's.
    void bindPrefix(QSqlQuery &query) const;
    // The prefixes' values by placeholder, as bindPrefix() binds them.
    QVariantMap prefixValues() const;
    // Binds the filter's values on a statement prepared from countStatement(), pageStatement() or
    // allRowsStatement().
    void bindFilter(QSqlQuery &query) const;

private:
    // With `probed`, "without profile" is a probe per user (see missingIn()).
    QString where(bool probed = false) const;
    // The prefix phase's ranges, one per casing of the search text, and their values.
    QStringList prefixRanges(QVariantMap *values) const;
    // "The user has no row in profileTables()[table]", for the user aliased `u`: an anti-join the database
    // may run over whole tables, or with `probed` the engine's probe per user, for a walk that stops early.
    QString missingIn(int table, bool probed) const;
    bool sortsByKey() const;
    QList<ColumnFilter::Column> filterColumns() const;
    QString orderBy(bool reversed) const;

    QString quoted(const QString &identifier) const { return m_engine->quoteIdentifier(identifier); }

    ProfileSchema m_schema;
    const DatabaseEngine *m_engine;
    QList<ProfileSchema> m_profiles;
    int m_missingTable = -1;
    QList<ColumnInfo> m_columns;
    bool m_onlyMissing = false;
    QString m_search;
    ColumnFilter m_filter;
    int m_sortColumn = 0;
    bool m_descending = false;
};
