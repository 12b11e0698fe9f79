// ProfilesModel's pages: keyset navigation, reading a page again from its first profile, the counts and the
// page's position from the worker, the search and the quick filters, and finding a user's profile.
#include "ProfilesModel.h"

#include "Connection.h"
#include "DatabaseWorker.h"
#include "RowsInMemory.h"

#include <QSqlQuery>

#include <algorithm>

bool ProfilesModel::select()
{
    // A page is read again from its own first profile, so a profile created before it does not push it along.
    if (!readPage(m_anchor, m_anchorKey, m_anchorValue, PageRows))
        return false;
    // Its rows were all removed or filtered out: the last rows there are take its place.
    if (rowCount() == 0 && m_anchor != ProfilesQuery::Anchor::First)
        return showLastPage();
    settlePosition(m_anchor == ProfilesQuery::Anchor::First ? 0 : -1);
    return true;
}

bool ProfilesModel::readPage(ProfilesQuery::Anchor anchor, const QVariant &key, const QVariant &sortValue,
                             qint64 limit)
{
    QSqlQuery page(database());
    if (!page.prepare(m_query.keysetPageStatement(anchor, sortValue.isNull()))) {
        setLastError(page.lastError());
        return false;
    }
    m_query.bindFilter(page);
    m_query.bindAnchor(page, anchor, key, sortValue);
    page.bindValue(QStringLiteral(":limit"), limit);
    return showRows(page, anchor == ProfilesQuery::Anchor::First);
}

bool ProfilesModel::readPageAt(qint64 start)
{
    qint64 limit = PageRows;
    qint64 offset = start;
    const bool fromEnd = m_total > 0 && start > m_total / 2;
    if (fromEnd) {
        limit = std::clamp<qint64>(m_total - start, 1, PageRows);
        offset = std::max<qint64>(0, m_total - start - limit);
    }
    QSqlQuery page(database());
    if (!page.prepare(m_query.pageStatement(fromEnd))) {
        setLastError(page.lastError());
        return false;
    }
    m_query.bindFilter(page);
    page.bindValue(QStringLiteral(":limit"), limit);
    page.bindValue(QStringLiteral(":offset"), offset);
    return showRows(page, false);
}

bool ProfilesModel::showRows(QSqlQuery &page, bool fromFirst)
{
    if (!page.exec()) {
        setLastError(page.lastError());
        return false;
    }
    // The page's values are copied out of the driver: the cells, and the stored values a save compares, stay
    // readable after the connection is opened again, which kills a MySQL prepared statement.
    QSqlQuery rows = RowsInMemory::readAll(page);
    if (!rows.isActive()) {
        setLastError(rows.lastError());
        return false;
    }
    beginResetModel();
    // QSqlTableModel::select() drops the held edits with a private call; clear() is the public way to it.
    // This model has no table name, filter or sort of QSqlTableModel's to lose, and keeps its edit strategy.
    clear();
    m_saver.forgetReported();
    QSqlQueryModel::setQuery(std::move(rows));
    // Drivers that report no size (SQLite) leave QSqlQueryModel counting the rows as the view scrolls.
    while (QSqlQueryModel::canFetchMore())
        QSqlQueryModel::fetchMore();
    ++m_pageGeneration;
    endResetModel();
    // The next select() reads again from the page's first profile.
    m_anchor = fromFirst || rowCount() == 0 ? ProfilesQuery::Anchor::First : ProfilesQuery::Anchor::From;
    m_anchorKey = rowCount() > 0 ? keyAt(0) : QVariant();
    m_anchorValue = rowCount() > 0 ? sortValueAt(0) : QVariant();
    return true;
}

void ProfilesModel::settlePosition(qint64 start)
{
    if (start == 0)
        m_anchor = ProfilesQuery::Anchor::First;
    if (start != m_pageStart) {
        m_pageStart = start;
        if (rowCount() > 0)
            Q_EMIT headerDataChanged(Qt::Vertical, 0, rowCount() - 1);
        Q_EMIT pageStartChanged(start);
    }
    if (start < 0)
        recount();
}

bool ProfilesModel::showFirstPage()
{
    if (!readPage(ProfilesQuery::Anchor::First, {}, {}, PageRows))
        return false;
    settlePosition(0);
    return true;
}

bool ProfilesModel::showNextPage()
{
    const int rows = rowCount();
    if (rows == 0)
        return select();
    const qint64 start = m_pageStart >= 0 ? m_pageStart + rows : -1;
    if (!readPage(ProfilesQuery::Anchor::After, keyAt(rows - 1), sortValueAt(rows - 1), PageRows))
        return false;
    // Nothing follows any more (profiles removed or filtered meanwhile): the last rows there are.
    if (rowCount() == 0)
        return showLastPage();
    settlePosition(start);
    return true;
}

bool ProfilesModel::showPreviousPage()
{
    if (rowCount() == 0 || m_anchor == ProfilesQuery::Anchor::First)
        return showFirstPage();
    const qint64 start = m_pageStart >= PageRows ? m_pageStart - PageRows : -1;
    if (!readPage(ProfilesQuery::Anchor::Before, keyAt(0), sortValueAt(0), PageRows))
        return false;
    // Fewer than a page before it: the first page, full.
    if (rowCount() < PageRows)
        return showFirstPage();
    settlePosition(start);
    return true;
}

bool ProfilesModel::showLastPage()
{
    // With the total known the pages counted from the first one keep their bounds: the last holds the rest.
    const qint64 limit = m_total > 0 ? m_total - lastPageStart() : PageRows;
    if (!readPage(ProfilesQuery::Anchor::Last, {}, {}, limit))
        return false;
    settlePosition(m_total >= 0 ? std::max<qint64>(0, m_total - rowCount()) : -1);
    return true;
}

bool ProfilesModel::showPage(qint64 start)
{
    if (start <= 0)
        return showFirstPage();
    if (m_total >= 0 && start >= lastPageStart())
        return showLastPage();
    if (m_pageStart >= 0 && start == m_pageStart + rowCount())
        return showNextPage();
    if (m_pageStart >= 0 && start == m_pageStart - PageRows)
        return showPreviousPage();
    if (!readPageAt(start))
        return false;
    settlePosition(start);
    return true;
}

bool ProfilesModel::hasPreviousPage() const
{
    return m_pageStart != 0 && rowCount() > 0;
}

bool ProfilesModel::hasNextPage() const
{
    if (m_pageStart >= 0 && m_total >= 0)
        return m_pageStart + rowCount() < m_total;
    // Position or total unknown: a full page may have more after it.
    return rowCount() == PageRows;
}

qint64 ProfilesModel::lastPageStart() const
{
    if (m_total < 0)
        return std::max<qint64>(0, m_pageStart);
    return m_total == 0 ? 0 : (m_total - 1) / PageRows * PageRows;
}

namespace {

// What the count worker finds: the profiles that match, all profiles, and where the page starts.
struct ProfileCounts
{
    qint64 matching = -1;
    qint64 all = -1;
    qint64 position = -1;
};

qint64 countOf(QSqlQuery &query)
{
    return query.exec() && query.next() ? query.value(0).toLongLong() : -1;
}

} // namespace

void ProfilesModel::recount()
{
    const quint64 request = ++m_countRequest;
    const quint64 page = m_pageGeneration;
    const bool findPosition = m_pageStart < 0 && rowCount() > 0;
    m_counter->run<ProfileCounts>(
        this,
        [query = m_query, findPosition, key = m_anchorKey, value = m_anchorValue](Connection &connection) {
            // An unopened connection leaves the figures as they were: the page shows what it has.
            ProfileCounts counts;
            if (!connection.isOpen())
                return counts;
            QSqlQuery matching(connection.database());
            if (matching.prepare(query.countStatement())) {
                query.bindFilter(matching);
                counts.matching = countOf(matching);
            }
            if (!query.isNarrowed()) {
                counts.all = counts.matching;
            } else {
                ProfilesQuery everything = query;
                everything.setSearchText(QString());
                everything.setColumnFilter(ColumnFilter());
                QSqlQuery all(connection.database());
                if (all.prepare(everything.countStatement()))
                    counts.all = countOf(all);
            }
            if (findPosition) {
                QSqlQuery position(connection.database());
                if (position.prepare(query.keyPositionStatement(value.isNull()))) {
                    query.bindFilter(position);
                    query.bindAnchor(position, ProfilesQuery::Anchor::From, key, value);
                    counts.position = countOf(position);
                }
            }
            return counts;
        },
        [this, request, page](const ProfileCounts &counts) {
            if (request != m_countRequest)
                return;
            if (counts.all >= 0)
                m_profileCount = counts.all;
            if (page == m_pageGeneration && counts.position >= 0 && m_pageStart < 0) {
                m_pageStart = counts.position;
                if (rowCount() > 0)
                    Q_EMIT headerDataChanged(Qt::Vertical, 0, rowCount() - 1);
                Q_EMIT pageStartChanged(m_pageStart);
            }
            if (counts.matching < 0)
                return;
            m_total = counts.matching;
            Q_EMIT totalChanged(m_total);
        });
}

void ProfilesModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= m_query.columns().size())
        return;
    m_query.setSort(column, order == Qt::DescendingOrder);
    showFirstPage();
}

bool ProfilesModel::setSearchText(const QString &text)
{
    m_query.setSearchText(text);
    m_total = -1;
    const bool shown = showFirstPage();
    recount();
    return shown;
}

bool ProfilesModel::setColumnFilter(const ColumnFilter &filter)
{
    m_query.setColumnFilter(filter);
    m_total = -1;
    const bool shown = showFirstPage();
    recount();
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, columnCount() - 1);
    return shown;
}

ColumnFamily ProfilesModel::columnFamily(int column) const
{
    return column >= 0 && column < m_query.columns().size() ? m_query.columns().at(column).family
                                                            : ColumnFamily::Other;
}

QVariant ProfilesModel::sortValueAt(int row) const
{
    return storedValue(row, m_query.sortColumn());
}

int ProfilesModel::showProfileOf(const QVariant &userKey, QString *error, bool *hiddenByFilter)
{
    const auto find = [&](const ProfilesQuery &query, QVariant *key, QVariant *sortValue) {
        QSqlQuery found(database());
        found.setForwardOnly(true);
        found.prepare(query.findStatement());
        query.bindFilter(found);
        found.bindValue(QStringLiteral(":user"), userKey);
        if (!found.exec()) {
            *error =
                QStringLiteral("Could not find the profile: %1").arg(m_saver.messageOf(found.lastError()));
            return false;
        }
        if (!found.next())
            return false;
        *key = found.value(0);
        *sortValue = found.value(1);
        return true;
    };
    QVariant key;
    QVariant sortValue;
    if (!find(m_query, &key, &sortValue)) {
        if (error->isEmpty() && hiddenByFilter && m_query.isNarrowed()) {
            ProfilesQuery everything = m_query;
            everything.setSearchText(QString());
            everything.setColumnFilter(ColumnFilter());
            *hiddenByFilter = find(everything, &key, &sortValue);
        }
        return -1;
    }

    // The current page read again holds it when it sorts there (e.g. a profile just created on this page).
    if (!select()) {
        *error = QStringLiteral("Could not read the profiles: %1").arg(m_saver.messageOf(lastError()));
        return -1;
    }
    const int row = rowOfKey(key);
    if (row >= 0)
        return row;
    // Elsewhere: a page starts at it, and its position is counted on the worker.
    if (!readPage(ProfilesQuery::Anchor::From, key, sortValue, PageRows)) {
        *error = QStringLiteral("Could not read the profiles: %1").arg(m_saver.messageOf(lastError()));
        return -1;
    }
    settlePosition(-1);
    return rowOfKey(key);
}
